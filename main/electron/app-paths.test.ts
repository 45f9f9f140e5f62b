import { describe, expect, it } from 'vitest';
import { appPaths, appRoots, windowSource } from './app-paths';
import { isTrustedSender } from './security';

const MAIN = 'file:///opt/jingwei/resources/app.asar/dist/main/electron/main.js';

describe('appPaths', () => {
  it('finds the preload and the renderer beside the bundled main script, and shows the renderer as app://', () => {
    const paths = appPaths(MAIN);
    expect(paths.preload).toBe('/opt/jingwei/resources/app.asar/dist/preload/preload.cjs');
    expect(paths.rendererDir).toBe('/opt/jingwei/resources/app.asar/dist/renderer/');
    expect(paths.rendererIndex.href).toBe('app://jingwei/index.html');
    expect(paths.rendererRoot).toBe('app://jingwei/');
  });
});

describe('windowSource', () => {
  const paths = appPaths(MAIN);

  it('loads our own build with the role in the query and a bridge to the local core', () => {
    const source = windowSource('kiosk', { role: 'kiosk' }, paths);
    expect(source).toEqual({ url: 'app://jingwei/index.html?role=kiosk', bridged: true, root: paths.rendererRoot });
    expect(isTrustedSender(source.url, source.root)).toBe(true);
    expect(windowSource('hall', { role: 'kiosk' }, paths).url).toMatch(/index\.html\?role=hall$/);
  });

  it('points a hall PC at the kiosk host, without a bridge', () => {
    const source = windowSource('hall', { role: 'hall', queueHostUrl: 'http://192.168.1.20:8080' }, paths);
    expect(source).toEqual({ url: 'http://192.168.1.20:8080/?role=hall', bridged: false, root: 'http://192.168.1.20:8080' });
    expect(appRoots({ role: 'hall', queueHostUrl: 'http://192.168.1.20:8080' }, paths)).toEqual(['http://192.168.1.20:8080']);
  });

  it('keeps a desk on local files even when it knows the queue host', () => {
    const device = { role: 'desk' as const, queueHostUrl: 'http://192.168.1.20:8080' };
    expect(windowSource('desk', device, paths).bridged).toBe(true);
    expect(appRoots(device, paths)).toEqual([paths.rendererRoot]);
  });
});
