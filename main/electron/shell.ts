import { appendFile, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { translate } from '../../i18n/translate';
import { parseTrustRoot } from '../../trust/trust-root';
import { createCore, type Core } from '../core/core';
import { contentSecurityPolicy } from '../host/csp';
import { defaultSecretsDir, openDeviceSecrets, type DeviceSecrets } from '../core/secrets/device-secrets';
import { writePrivateFile } from '../core/secrets/private-files';
import { startBranchHost } from '../host/branch-host';
import { ensureLanTls } from '../core/lan/lan-tls';
import { TABLET_METHODS } from '../core/credit/tablet-signing.contract';
import { readCaBundle } from '../core/lan/pinned-fetch';
import { pinnedVerdict } from './lan-pinning';
import { appPaths, appRoots, windowSource } from './app-paths';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { moveConfigSecrets } from './config-secrets';
import { headOfficeCredentials } from './head-office-credentials';
import { loadDeviceConfig, resolveDeviceConfigPath, type DeviceConfig } from './device-config';
import { forwardEvents, registerCallHandler } from './ipc';
import { hardenSession, hardenWebContents, type HardeningOptions } from './security';
import { chooseKeystore } from './os-keystore';
import { parseUpdatePublicKey, verifyDownloadedUpdate } from '../../trust/update-signature';
import { deviceUpdateState, updateChannelOf, startUpdater } from './updater';
import { planWindows, windowOptions, type PlannedWindow, type WindowRole } from './window-options';

/*
 * The Electron shell (started by main.ts): glue only. Every decision (config, trust, window layout, update timing) lives in the
 * pure modules beside this file, which are unit-tested under Node; this file just hands them Electron's objects.
 */

type Level = 'info' | 'warn' | 'error';
const paths = appPaths(import.meta.url);
let logFile: string | null = null;

function log(level: Level, message: string, detail?: unknown): void {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${detail === undefined ? '' : ` ${String(detail)}`}`;
  console[level](line);
  // Branch PCs have no console; IT reads this file when a counter reports a problem.
  if (logFile) appendFile(logFile, `${line}\n`, () => {});
}

function fatal(title: string, body: string): void {
  log('error', `${title}: ${body}`);
  dialog.showErrorBox(title, body);
  app.exit(1);
}

const RELOAD_AFTER_FAILURE_MS = 10_000;
const USER_DATA_FOLDER = 'jingwei-branch';

function openWindow(plan: PlannedWindow, config: DeviceConfig, title: string): BrowserWindow {
  const source = windowSource(plan.role, config, paths);
  const win = new BrowserWindow(
    windowOptions(plan.role, {
      preload: source.bridged ? paths.preload : undefined,
      display: plan.display,
      secondary: plan.secondary,
      devTools: !app.isPackaged,
      title,
    }),
  );
  if (plan.role !== 'desk') win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => {});
  win.once('ready-to-show', () => (plan.secondary ? win.showInactive() : win.show()));
  // Kiosk and hall screens run unattended: a crashed page or an unreachable kiosk host must heal by itself.
  if (plan.role !== 'desk') {
    win.webContents.on('render-process-gone', (_e, details) => {
      log('warn', `${plan.role} renderer gone (${details.reason}); reloading`);
      if (!win.isDestroyed()) win.reload();
    });
    win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
      if (!isMainFrame) return;
      log('warn', `${plan.role} failed to load ${url}: ${code} ${description}; retrying`);
      setTimeout(() => !win.isDestroyed() && void win.loadURL(source.url).catch(() => {}), RELOAD_AFTER_FAILURE_MS);
    });
  }
  void win.loadURL(source.url).catch((error: unknown) => log('warn', `load ${source.url} failed`, error));
  return win;
}

/**
 * Credentials IT typed into device-config.json (password or enrolment code) move into the device secrets on the
 * first start; the file is rewritten 0600 without them (config-secrets.ts).
 */
function moveCredentialsOutOfConfig(configPath: string, secrets: DeviceSecrets): void {
  const rewritten = moveConfigSecrets(readFileSync(configPath, 'utf8'), secrets);
  if (!rewritten) return;
  try {
    writePrivateFile(configPath, rewritten);
    log('info', `head-office credentials moved from ${configPath} into the device secrets`);
  } catch (error) {
    log('warn', `head-office credentials stored in the device secrets but ${configPath} could not be rewritten without them`, error);
  }
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  mkdirSync(path.join(userData, 'logs'), { recursive: true });
  logFile = path.join(userData, 'logs', 'shell.log');

  const configPath = resolveDeviceConfigPath(process.argv, process.env, userData);
  const loaded = loadDeviceConfig(configPath, userData, (file) => readFileSync(file, 'utf8'));
  if (!loaded.ok) {
    await app.whenReady();
    return fatal(translate('shell.config.title'), [translate('shell.config.header', { path: configPath }), ...loaded.errors].join('\n'));
  }
  const config = loaded.config;
  const lang = config.locale;
  let queueCa: string | null = null;
  if (config.queueHostCa) {
    try {
      queueCa = readCaBundle(config.queueHostCa);
    } catch (error) {
      await app.whenReady();
      return fatal(translate('shell.config.title'), [translate('shell.config.header', { path: configPath }), String(error)].join('\n'));
    }
  }
  const roots = appRoots(config, paths);
  const hardening: HardeningOptions = {
    role: config.role,
    appRoots: roots,
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

  // A hall PC only shows the kiosk's LAN page: it keeps no copy of branch data, so it runs no core.
  let core: Core | null = null;
  const stops: (() => void | Promise<void>)[] = [];
  const windows = new Map<WindowRole, { win: BrowserWindow; bridged: boolean }>();
  // Head office's update feed (the `updates` database) admits device users only: the feed requests carry them.
  let updateHeaders: Record<string, string> | undefined;
  if (config.role !== 'hall') {
    try {
      const choice = await chooseKeystore(safeStorage, process.platform);
      if (!choice.keystore) log('warn', `device secrets protected by a 0600 key file only: ${choice.reason}`);
      const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(config.dataDir), keystore: choice.keystore });
      let credentials: { username: string; password: string } | null = null;
      if (config.headOffice) {
        moveCredentialsOutOfConfig(configPath, secrets);
        const found = await headOfficeCredentials(config.headOffice, secrets, config.deviceId);
        if (!found.ok) {
          const why = found.reason === 'missing' ? translate('shell.config.headOfficePassword', {}, lang) : translate('shell.enrolment.failed', { detail: found.detail }, lang);
          return fatal(translate('shell.config.title', {}, lang), [translate('shell.config.header', { path: configPath }, lang), why].join('\n'));
        }
        credentials = { username: found.username, password: found.password };
      }
      if (config.headOffice && credentials && config.updateUrl && new URL(config.updateUrl).origin === new URL(config.headOffice.url).origin) {
        updateHeaders = { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
      }
      core = await createCore({
        secrets,
        dataDir: config.dataDir, branchCode: config.branchCode, deviceId: config.deviceId, log: (level, m, d) => log(level, `[core] ${m}`, d),
        // A counter PC calls tickets on the queue device's queue, not on a queue of its own.
        ...(config.role === 'desk' && config.queueHostUrl && config.counterKey && queueCa ? { queueHost: { url: config.queueHostUrl, counterKey: config.counterKey, ca: queueCa } } : {}),
        // The kiosk is the queue device: its store keeps only what the queue needs.
        ...(config.role === 'kiosk' ? { queueDevice: true } : {}),
        ...(config.headOffice && credentials ? { remote: { url: config.headOffice.url, ...credentials } } : {}),
        // Head office revoked this device: the core stopped and wiped its data; nothing is served any more.
        onRevoked: () => void fatal(translate('shell.revoked.title', {}, lang), translate('shell.revoked.body', {}, lang)),
        trust: config.trustRoot ? parseTrustRoot(config.trustRoot) : null,
        deviceFacts: { role: config.role, appVersion: app.getVersion(), channel: updateChannelOf(config.updateUrl) },
      });
    } catch (error) {
      return fatal(translate('shell.startFailed.title', {}, lang), translate('shell.startFailed.body', { detail: String(error) }, lang));
    }
    stops.push(registerCallHandler({ ipcMain, core, roots: [paths.rendererRoot], log: (m) => log('warn', m) }));
    stops.push(
      forwardEvents(
        core,
        () => [...windows.values()].filter((w) => w.bridged && !w.win.isDestroyed()).map((w) => w.win.webContents),
        (m) => log('warn', m),
      ),
    );
    if (config.lanHost) {
      // Without the LAN service the kiosk still issues tickets; counters and the hall screen wait for it.
      try {
        const tls = await ensureLanTls({ dataDir: config.dataDir, secrets: core.secrets, branchCode: config.branchCode }, [config.lanHost.host, '127.0.0.1']);
        const host = await startBranchHost({ core, host: config.lanHost.host, port: config.lanHost.port, staticDir: paths.rendererDir, lan: tls });
        log('info', `LAN service listening on ${host.url}; branch CA ${tls.bundleFile} (SHA-256 ${tls.fingerprints.join(', ')})`);
        stops.unshift(() => host.close());
      } catch (error) {
        log('error', `LAN service could not listen on ${config.lanHost.host}:${config.lanHost.port}`, error);
      }
    }
    if (config.tabletHost) {
      // Without the tablet page the desk still records; the customer's signature waits for it.
      try {
        const tls = await ensureLanTls({ dataDir: config.dataDir, secrets: core.secrets, branchCode: config.branchCode }, [config.tabletHost.host, '127.0.0.1']);
        const face = await startBranchHost({
          core, host: config.tabletHost.host, port: config.tabletHost.port, staticDir: paths.rendererDir,
          lan: { ...tls, methods: TABLET_METHODS, refusal: 'credit.tabletFaceOnly' },
        });
        log('info', `Tablet signing page on ${face.url}?role=tablet; branch CA ${tls.bundleFile}`);
        stops.unshift(() => face.close());
      } catch (error) {
        log('error', `Tablet signing page could not listen on ${config.tabletHost.host}:${config.tabletHost.port}`, error);
      }
    }
  }

  const title = translate('app.name', {}, lang);
  const syncWindows = () => {
    const plan = planWindows(config, screen.getAllDisplays(), screen.getPrimaryDisplay().id);
    const wanted = new Set(plan.map((p) => p.role));
    for (const [role, entry] of windows) {
      if (!wanted.has(role)) entry.win.destroy();
    }
    for (const p of plan) {
      if (windows.has(p.role)) continue;
      const win = openWindow(p, config, title);
      windows.set(p.role, { win, bridged: windowSource(p.role, config, paths).bridged });
      win.on('closed', () => windows.delete(p.role));
    }
  };
  syncWindows();
  screen.on('display-added', syncWindows);
  screen.on('display-removed', syncWindows);

  app.on('second-instance', () => {
    const first = [...windows.values()][0]?.win;
    if (!first) return syncWindows();
    if (first.isMinimized()) first.restore();
    first.focus();
  });
  app.on('activate', () => windows.size === 0 && syncWindows());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  if (config.updateUrl && config.updatePublicKey && app.isPackaged) {
    const feedUrl = config.updateUrl;
    const publicKey = parseUpdatePublicKey(config.updatePublicKey);
    stops.push(
      startUpdater({
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
      }),
    );
  }

  // Close the database cleanly before the process ends; electron-updater installs on the `quit` that follows.
  const openCore = core;
  let state: 'open' | 'closing' | 'closed' = openCore ? 'open' : 'closed';
  app.on('will-quit', (event) => {
    if (state === 'closed' || !openCore) return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void Promise.allSettled(stops.splice(0).map(async (stop) => stop()))
      .then(() => openCore.close())
      .catch((error: unknown) => log('error', 'core.close failed', error))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
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
