import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, ipcMain, Menu, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { translate } from '../../i18n/translate';
import type { Core } from '../core/core';
import { readCaBundle } from '../core/lan/pinned-fetch';
import { contentSecurityPolicy } from '../host/csp';
import { parseUpdatePublicKey, verifyDownloadedUpdate } from '../../trust/update-signature';
import { appPaths, appRoots } from './app-paths';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { loadDeviceConfig, resolveDeviceConfigPath, type DeviceConfig } from './device-config';
import { forwardEvents, registerCallHandler } from './ipc';
import { pinnedVerdict } from './lan-pinning';
import { hardenSession, hardenWebContents, type HardeningOptions } from './security';
import { openShellCore, serveLanPages } from './shell-core';
import { fatal, log, logToFolder } from './shell-log';
import { keepWindowsOpen, type ShellWindows } from './shell-windows';
import { deviceUpdateState, startUpdater } from './updater';

/*
 * The Electron shell (started by main.ts): glue only. Every decision (config, trust, window layout, update timing) lives in the
 * pure modules beside this file, which are unit-tested under Node; this file and its shell-* neighbours just hand them
 * Electron's objects.
 */

const paths = appPaths(import.meta.url);
const USER_DATA_FOLDER = 'jingwei-branch';

type Stop = () => void | Promise<void>;

/** The device's config, and the branch CA a counter or hall PC pins the queue device to; null once a fatal error was shown. */
async function loadConfig(userData: string): Promise<{ config: DeviceConfig; configPath: string; queueCa: string | null } | null> {
  const configPath = resolveDeviceConfigPath(process.argv, process.env, userData);
  const loaded = loadDeviceConfig(configPath, userData, (file) => readFileSync(file, 'utf8'));
  const configError = async (lines: string[]) => {
    await app.whenReady();
    fatal(translate('shell.config.title'), [translate('shell.config.header', { path: configPath }), ...lines].join('\n'));
    return null;
  };
  if (!loaded.ok) return configError(loaded.errors);
  const config = loaded.config;
  let queueCa: string | null = null;
  if (config.queueHostCa) {
    try {
      queueCa = readCaBundle(config.queueHostCa);
    } catch (error) {
      return configError([String(error)]);
    }
  }
  return { config, configPath, queueCa };
}

/** Every web contents, the session and our app:// pages under the security rules (security.ts); resolves when the app is ready. */
async function hardenApp(config: DeviceConfig, queueCa: string | null): Promise<void> {
  const hardening: HardeningOptions = {
    role: config.role,
    appRoots: appRoots(config, paths),
    csp: contentSecurityPolicy(),
    externalAllowList: config.externalLinks,
    openExternal: (url) => shell.openExternal(url),
    log: (message) => log('warn', message),
  };
  // Registered before any window exists so that no web contents, however created, escapes the rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, hardening));

  await app.whenReady();
  // Our pages come from the build inside app.asar through app://, never as file:// URLs.
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, paths.rendererDir, hardening.csp));
  hardenSession(session.defaultSession, hardening);
  // A hall PC shows the queue device's LAN page: only a certificate from the branch CA is good enough for it.
  if (config.queueHostUrl && queueCa) {
    const queueHost = new URL(config.queueHostUrl).hostname;
    const ca = queueCa;
    session.defaultSession.setCertificateVerifyProc((request, callback) => callback(pinnedVerdict(request, queueHost, ca)));
  }
  if (config.role !== 'desk') Menu.setApplicationMenu(null);
}

/** The IPC path from our bridged windows to the core, and the core's events back to them; returns their stops. */
function bridgeCore(core: Core, windows: ShellWindows): Stop[] {
  return [
    registerCallHandler({ ipcMain, core, roots: [paths.rendererRoot], log: (m) => log('warn', m) }),
    forwardEvents(
      core,
      () => [...windows.values()].filter((w) => w.bridged && !w.win.isDestroyed()).map((w) => w.win.webContents),
      (m) => log('warn', m),
    ),
  ];
}

/** Signed updates from head office's feed, packaged builds only; each step is reported to head office IT. */
function startUpdates(config: DeviceConfig, core: Core | null, updateHeaders: Record<string, string> | undefined): Stop | null {
  if (!config.updateUrl || !config.updatePublicKey || !app.isPackaged) return null;
  const feedUrl = config.updateUrl;
  const publicKey = parseUpdatePublicKey(config.updatePublicKey);
  return startUpdater({
    updater: electronUpdater.autoUpdater,
    feedUrl,
    requestHeaders: updateHeaders,
    verifyDownload: (downloadedFile, remoteName) => verifyDownloadedUpdate({ feedUrl, downloadedFile, remoteName, publicKey, headers: updateHeaders }),
    deviceId: config.deviceId,
    record: (event, message) => {
      log(event.kind === 'failed' ? 'warn' : 'info', `[update] ${message}`);
      // Head office IT sees it in its device list (the report syncs with the branch's documents).
      void core?.deviceReport.updateState(deviceUpdateState(event)).catch((error: unknown) => log('warn', 'device report not written', error));
    },
    log: (level, message) => log(level, `[updater] ${message}`),
  });
}

/** Close the database cleanly before the process ends; electron-updater installs on the `quit` that follows. */
function closeOnQuit(core: Core | null, stops: Stop[]): void {
  let state: 'open' | 'closing' | 'closed' = core ? 'open' : 'closed';
  app.on('will-quit', (event) => {
    if (state === 'closed' || !core) return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void Promise.allSettled(stops.splice(0).map(async (stop) => stop()))
      .then(() => core.close())
      .catch((error: unknown) => log('error', 'core.close failed', error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  logToFolder(userData);
  const loaded = await loadConfig(userData);
  if (!loaded) return;
  const { config, configPath, queueCa } = loaded;
  await hardenApp(config, queueCa);

  // A hall PC only shows the kiosk's LAN page: it keeps no copy of branch data, so it runs no core.
  let core: Core | null = null;
  let updateHeaders: Record<string, string> | undefined;
  const stops: Stop[] = [];
  const windows: ShellWindows = new Map();
  if (config.role !== 'hall') {
    const opened = await openShellCore(config, configPath, queueCa);
    if (!opened) return;
    ({ core, updateHeaders } = opened);
    stops.push(...bridgeCore(core, windows));
    stops.unshift(...(await serveLanPages(core, config, paths.rendererDir)));
  }

  keepWindowsOpen(windows, config, translate('app.name', {}, config.locale), paths);
  const updates = startUpdates(config, core, updateHeaders);
  if (updates) stops.push(updates);
  closeOnQuit(core, stops);
}

/** Boots the shell; resolves once the windows are open, or after a fatal error was shown and the app told to exit. */
export async function runShell(): Promise<void> {
  // A fixed ASCII folder, independent of the Chinese product name and of packaging metadata: IT scripts and
  // the single-instance lock both rely on it. Must happen before the lock and before `ready`.
  app.setPath('userData', path.join(app.getPath('appData'), USER_DATA_FOLDER));
  app.setAppUserModelId('cn.jingwei.branch');
  // Every renderer sandboxed, including any a library might create; set before the app is ready.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await start().catch((error: unknown) => {
    fatal(translate('shell.startFailed.title'), translate('shell.startFailed.body', { detail: String(error) }));
  });
}
