import { fileURLToPath } from 'node:url';
import { APP_ROOT } from './app-protocol';
import type { DeviceConfig } from './device-config';
import type { AppRoot } from './security';
import type { WindowRole } from './window-options';

/**
 * Files of the build, found relative to the bundled main script (`dist/main/electron/main.js`), which also
 * holds inside app.asar. The layout is fixed by `build/build-electron.ts` and the renderer's Vite build.
 */
export interface AppPaths {
  preload: string;
  /** The renderer build on disk (inside app.asar), served as app://jingwei/ and by the kiosk's LAN host. */
  rendererDir: string;
  rendererIndex: URL;
  /** `app://jingwei/`: the only local pages the shell trusts. */
  rendererRoot: AppRoot;
}

export function appPaths(mainModuleUrl: string): AppPaths {
  return {
    preload: fileURLToPath(new URL('../../preload/preload.cjs', mainModuleUrl)),
    rendererDir: fileURLToPath(new URL('../../renderer/', mainModuleUrl)),
    rendererIndex: new URL('index.html', APP_ROOT),
    rendererRoot: APP_ROOT,
  };
}

export interface WindowSource {
  url: string;
  /** Whether the page gets the preload bridge to this device's core. */
  bridged: boolean;
  root: AppRoot;
}

/**
 * What a window loads. Our own build from disk talks to the local core over IPC; a hall PC shows the kiosk's
 * LAN host instead and, holding no branch data itself, gets no bridge at all.
 */
export function windowSource(role: WindowRole, device: Pick<DeviceConfig, 'role' | 'queueHostUrl'>, paths: AppPaths): WindowSource {
  if (device.role === 'hall' && device.queueHostUrl) {
    const url = new URL('/', device.queueHostUrl);
    url.searchParams.set('role', role);
    return { url: url.href, bridged: false, root: url.origin };
  }
  const url = new URL(paths.rendererIndex);
  url.searchParams.set('role', role);
  return { url: url.href, bridged: true, root: paths.rendererRoot };
}

/** Every root some window of this device may show; navigation, CSP and permissions are checked against them. */
export function appRoots(device: Pick<DeviceConfig, 'role' | 'queueHostUrl'>, paths: AppPaths): AppRoot[] {
  return device.role === 'hall' && device.queueHostUrl ? [new URL(device.queueHostUrl).origin] : [paths.rendererRoot];
}
