/**
 * Runs the real shell glue (shell.ts) under Node against a fake `electron` module and the real core, since the
 * Electron binary cannot run here: start-up, windows per role, the IPC path to the core, refusal of foreign
 * senders, the config error dialog and the clean shutdown.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL } from '../core/api/transport';
import { runShell } from './shell';
import { issueServerCert, makeBranchCa } from '../core/lan/branch-ca';
import { pinnedFetch } from '../core/lan/pinned-fetch';
import { startJingweiServer } from '../../bench/support/server-process';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- vi.hoisted runs before imports are bound.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    userData: '',
    windows: [] as FakeWindow[],
    handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
    displays: [{ id: 1, internal: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    errorBoxes: [] as [string, string][],
    exitCodes: [] as number[],
    quits: 0,
    menu: 'default' as unknown,
    privilegedSchemes: [] as unknown[],
    protocols: new Map<string, (request: Request) => Promise<Response>>(),
    sessionHooks: [] as string[],
    setPaths: [] as [string, string][],
    certificateProc: null as null | ((req: { hostname: string; certificate: { data: string } }, cb: (verdict: number) => void) => void),
  };
  class FakeContents extends Emitter {
    sent: unknown[][] = [];
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
    setVisualZoomLevelLimits() {
      return Promise.resolve();
    }
  }
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    url = '';
    shown: 'no' | 'active' | 'inactive' = 'no';
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    show() {
      this.shown = 'active';
    }
    showInactive() {
      this.shown = 'inactive';
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      this.emit('closed');
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    reload() {}
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getVersion: () => '0.1.0',
    getPath: (name: string) => (name === 'userData' ? state.userData : `/fake/${name}`),
    setPath: (name: string, value: string) => void state.setPaths.push([name, value]),
    whenReady: () => Promise.resolve(),
    enableSandbox: () => {},
    requestSingleInstanceLock: () => true,
    setAppUserModelId: () => {},
    quit: () => {
      state.quits++;
    },
    exit: (code: number) => void state.exitCodes.push(code),
  });
  const screen = Object.assign(new Emitter(), {
    getAllDisplays: () => state.displays,
    getPrimaryDisplay: () => state.displays[0],
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox: (title: string, body: string) => void state.errorBoxes.push([title, body]) },
    ipcMain: {
      handle: (channel: string, h: (event: unknown, raw: unknown) => Promise<unknown>) => void state.handlers.set(channel, h),
      removeHandler: (channel: string) => void state.handlers.delete(channel),
    },
    Menu: { setApplicationMenu: (m: unknown) => void (state.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void (state.privilegedSchemes = schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void state.protocols.set(scheme, handler),
    },
    screen,
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => void state.sessionHooks.push('csp') },
        setPermissionRequestHandler: () => void state.sessionHooks.push('permission-request'),
        setPermissionCheckHandler: () => void state.sessionHooks.push('permission-check'),
        setCertificateVerifyProc: (proc: (req: { hostname: string; certificate: { data: string } }, cb: (verdict: number) => void) => void) => {
          state.sessionHooks.push('certificate');
          state.certificateProc = proc;
        },
      },
    },
    shell: { openExternal: () => Promise.resolve() },
    // Reversible but not the identity, so a test can tell a wrapped master key from a plain one.
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: (s: string) => Promise.resolve(Buffer.from(`os:${[...s].reverse().join('')}`)),
      decryptStringAsync: (b: Buffer) => Promise.resolve({ result: [...b.toString().slice(3)].reverse().join(''), shouldReEncrypt: false }),
    },
  };
  return { state, electron, FakeWindow };
});
type FakeWindow = InstanceType<typeof fake.FakeWindow>;

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
vi.mock('electron-updater', () => ({ default: { autoUpdater: {} } }));

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jingwei-shell-'));
  fake.state.userData = dir;
  fake.state.windows = [];
  fake.state.handlers.clear();
  fake.state.errorBoxes = [];
  fake.state.exitCodes = [];
  fake.state.quits = 0;
  fake.state.menu = 'default';
  fake.state.sessionHooks = [];
  fake.state.setPaths = [];
  fake.state.displays = fake.state.displays.slice(0, 1);
  fake.electron.app.removeAllListeners();
  fake.electron.screen.removeAllListeners();
});

afterEach(async () => {
  // Let a started core close before its folder goes.
  fake.electron.app.emit('will-quit', { preventDefault() {} });
  await new Promise((r) => setTimeout(r, 50));
  rmSync(dir, { recursive: true, force: true });
  delete process.env.JINGWEI_DEVICE_CONFIG;
});

/** The device config names a fixed port, so borrow a free one from the OS first. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function writeConfig(config: object): void {
  const file = join(dir, 'device-config.json');
  writeFileSync(file, JSON.stringify(config));
  process.env.JINGWEI_DEVICE_CONFIG = file;
}

describe('the shell under a fake Electron', () => {
  it('starts a desk: hardens the session, opens one bridged window and serves IPC from the real core', async () => {
    writeConfig({ role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D01', dataDir: join(dir, 'data') });
    await runShell();
    const handler = await until(() => fake.state.handlers.get(IPC_CALL_CHANNEL), 'the IPC handler');
    const win = await until(() => fake.state.windows[0], 'the desk window');

    expect(fake.state.setPaths).toEqual([['userData', join('/fake/appData', 'jingwei-branch')]]);
    expect(fake.state.sessionHooks).toEqual(['csp', 'permission-request', 'permission-check']);
    expect(fake.state.menu).toBe('default');
    expect(win.url).toBe('app://jingwei/index.html?role=desk');
    expect(fake.state.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const serve = fake.state.protocols.get('app')!;
    expect((await serve(new Request('app://jingwei/..%2f..%2fpackage.json'))).status).toBe(403);
    expect(win.options).toMatchObject({ minWidth: 1280, minHeight: 800, title: '精微网点' });
    expect((win.options.webPreferences as { preload?: string }).preload).toMatch(/preload[\\/]preload\.cjs$/);
    await until(() => win.shown !== 'no' || undefined, 'the window to show');
    expect(win.shown).toBe('active');

    const ours = { senderFrame: { url: win.url, parent: null } };
    const info = await handler(ours, { method: 'system.info', args: {} });
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ app: 'jingwei-branch', branch: 'HM001', device: 'HM001-D01' }) });

    // The device's secrets are kept under the OS keystore, not in a plain key file.
    expect(JSON.parse(readFileSync(join(dir, 'data', 'secrets', 'master-key.json'), 'utf8'))).toMatchObject({ protection: 'os-keystore', keystore: 'safeStorage:gnome_libsecret' });

    const foreign = { senderFrame: { url: 'file:///tmp/evil.html', parent: null } };
    await expect(handler(foreign, { method: 'system.info', args: {} })).rejects.toThrow(/untrusted frame/);

    const quit = { preventDefault: vi.fn() };
    fake.electron.app.emit('will-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    await until(() => fake.state.quits > 0 || undefined, 'the quit after the core closed');
    expect(fake.state.handlers.has(IPC_CALL_CHANNEL)).toBe(false);
  });

  it('puts a kiosk and its hall screen on their displays, serves the LAN, and closes the hall window when the TV goes', async () => {
    fake.state.displays.push({ id: 2, internal: false, bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, workArea: { x: 1920, y: 0, width: 3840, height: 2160 } });
    const port = await freePort();
    writeConfig({ role: 'kiosk', branchCode: 'hm001', deviceId: 'HM001-K1', dataDir: join(dir, 'data'), hallScreen: true, lanHost: { host: '127.0.0.1', port } });
    await runShell();
    await until(() => fake.state.windows[1], 'both windows');
    const [kiosk, hall] = fake.state.windows as [FakeWindow, FakeWindow];

    expect(fake.state.menu).toBeNull();
    expect(kiosk.url).toMatch(/index\.html\?role=kiosk$/);
    expect(kiosk.options).toMatchObject({ kiosk: true, fullscreen: true, x: 0 });
    expect(hall.url).toMatch(/index\.html\?role=hall$/);
    expect(hall.options).toMatchObject({ fullscreen: true, x: 1920, width: 3840, focusable: false });
    await until(() => hall.shown !== 'no' || undefined, 'the hall window to show');
    expect(hall.shown).toBe('inactive');

    // What a counter or a hall PC on the LAN sees: the queue over TLS, pinned to the branch CA made at set-up.
    const ca = readFileSync(join(dir, 'data', 'lan-tls', 'branch-ca.pem'), 'utf8');
    const lan = pinnedFetch(ca);
    const post = (method: string) => lan(`https://127.0.0.1:${port}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await (await post('queue.board')).json()).toMatchObject({ ok: true, value: { branchName: 'HM001' } });
    expect(await (await post('system.info')).json()).toMatchObject({ ok: false, error: { key: 'queue.error.lanQueueOnly' } });

    fake.state.displays.pop();
    fake.electron.screen.emit('display-removed');
    expect(hall.destroyed).toBe(true);
    expect(kiosk.destroyed).toBe(false);
  });

  it('shows a hall PC the kiosk host without a preload, pinned to the branch CA, and runs no core there', async () => {
    const now = new Date();
    const ca = await makeBranchCa('HM001', now);
    const caFile = join(dir, 'branch-ca.pem');
    writeFileSync(caFile, ca.cert);
    writeConfig({ role: 'hall', branchCode: 'hm001', deviceId: 'HM001-H1', queueHostUrl: 'https://192.168.1.20:8443', queueHostCa: caFile });
    await runShell();
    const win = await until(() => fake.state.windows[0], 'the hall window');
    expect(win.url).toBe('https://192.168.1.20:8443/?role=hall');
    expect('preload' in (win.options.webPreferences as object)).toBe(false);
    expect(fake.state.handlers.size).toBe(0);
    const verdict = (cert: string) => new Promise<number>((resolve) => fake.state.certificateProc!({ hostname: '192.168.1.20', certificate: { data: cert } }, resolve));
    expect(await verdict((await issueServerCert(ca, ['192.168.1.20'], 'HM001', now)).cert)).toBe(0);
    expect(await verdict((await issueServerCert(await makeBranchCa('HM001', now), ['192.168.1.20'], 'HM001', now)).cert)).toBe(-2);
  });

  it('moves the head-office password out of device-config.json into the device secrets and syncs with it', async () => {
    const seen: string[] = [];
    // The sync client logs in with POST /_session (JSON name/password); basic auth only where that is missing.
    const hq = createHttpServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        if (req.url === '/_session' && req.method === 'POST') {
          const { name, password } = JSON.parse(body || '{}') as { name?: string; password?: string };
          seen.push(`${name}:${password}`);
        } else if (req.headers.authorization) {
          seen.push(Buffer.from(req.headers.authorization.replace(/^Basic /, ''), 'base64').toString());
        }
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      });
    });
    await new Promise<void>((r) => hq.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hq.address() as { port: number }).port}`;
      writeConfig({ role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D02', dataDir: join(dir, 'data'), headOffice: { url, user: 'dev-hm001', password: 'Device-Pass-2026' } });
      const file = join(dir, 'device-config.json');
      await runShell();
      await until(() => fake.state.windows[0], 'the desk window');
      await until(() => seen.length > 0 || undefined, 'a request to head office');
      expect(seen[0]).toBe('dev-hm001:Device-Pass-2026');
      const after = readFileSync(file, 'utf8');
      expect(after).not.toContain('Device-Pass-2026');
      expect(JSON.parse(after).headOffice).toEqual({ url, user: 'dev-hm001' });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      for (const f of readdirSync(join(dir, 'data'), { recursive: true }).map((f) => join(dir, 'data', String(f)))) {
        if (statSync(f).isFile()) expect(readFileSync(f).includes('Device-Pass-2026'), f).toBe(false);
      }
    } finally {
      fake.electron.app.emit('will-quit', { preventDefault() {} });
      await until(() => fake.state.quits > 0 || undefined, 'the quit');
      hq.close();
    }
  });

  it('refuses to sync with head office when no password was ever given', async () => {
    writeConfig({ role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D02', dataDir: join(dir, 'data'), headOffice: { url: 'https://hq.example', user: 'dev-hm001' } });
    await runShell();
    await until(() => fake.state.exitCodes[0], 'the exit');
    expect(fake.state.errorBoxes[0]![1]).toContain('本机还没有总行同步的凭据');
  });

  it('enrols with IT\'s one-time code from device-config.json, syncs with its own password, and wipes itself once revoked', async () => {
    // Head office as IT runs it: `jingwei server`, `jingwei couchdb-setup` and `jingwei release enrol|revoke` (compiled CLI).
    const admin = { name: 'hq-admin', password: 'hq-admin-password' };
    mkdirSync(join(dir, 'hq'));
    const server = await startJingweiServer(join(dir, 'hq'), admin);
    const env = { ...process.env, JINGWEI_ADMIN_USER: admin.name, JINGWEI_ADMIN_PASSWORD: admin.password, JINGWEI_DEVICE_PASSWORD: 'setup-password-123' };
    const jingwei = async (...args: string[]) => (await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../../bin/jingwei.js'), ...args], { env })).stdout;
    const asAdmin = { authorization: `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}` };
    try {
      await jingwei('couchdb-setup', '--url', server.url, '--branch', 'hm001', '--device-user', 'hm001-setup');
      const code = /注册码 enrolment code: (\S+)/.exec(await jingwei('release', 'enrol', '--url', server.url, '--branch', 'hm001', '--device-user', 'hm001-d02'))![1]!;
      const dataDir = join(dir, 'data');
      writeConfig({ role: 'desk', branchCode: 'hm001', deviceId: 'HM001-D02', dataDir, headOffice: { url: server.url, enrolmentCode: code } });
      const file = join(dir, 'device-config.json');
      await runShell();
      await until(() => fake.state.windows[0], 'the desk window');
      // The code left the file and is spent; the first sync with the device's own credentials brought its report.
      expect(readFileSync(file, 'utf8')).not.toContain(code.slice(-9));
      await vi.waitFor(async () => expect((await fetch(`${server.url}/branch-hm001/device-report%3AHM001-D02`, { headers: asAdmin })).status).toBe(200), { timeout: 30_000, interval: 200 });
      const spent = `Basic ${Buffer.from(`hm001-d02:${code.slice(code.indexOf(':') + 1)}`).toString('base64')}`;
      expect((await fetch(`${server.url}/_session`, { headers: { authorization: spent } })).status).toBe(401);
      fake.electron.app.emit('will-quit', { preventDefault() {} });
      await until(() => fake.state.quits > 0 || undefined, 'the quit');

      // Lost: IT revokes it. Switched on again, it logs in, learns it, uploads nothing and wipes its data.
      await jingwei('release', 'revoke', '--url', server.url, '--device-user', 'hm001-d02');
      fake.state.windows = [];
      await runShell();
      await vi.waitFor(() => expect(fake.state.errorBoxes.map((b) => b[0])).toContain('本设备已被停用'), { timeout: 30_000, interval: 100 });
      expect(readdirSync(dataDir)).toEqual(['revoked.json']);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('refuses to start on a broken config and tells IT which field is wrong', async () => {
    writeConfig({ role: 'teller', branchCode: 'hm001', deviceId: 'D1' });
    await runShell();
    await until(() => fake.state.exitCodes[0], 'the exit');
    expect(fake.state.exitCodes).toEqual([1]);
    expect(fake.state.errorBoxes[0]![0]).toBe('设备配置有误');
    expect(fake.state.errorBoxes[0]![1]).toContain('字段 role 应为 desk（柜面）');
    expect(fake.state.windows).toHaveLength(0);
  });
});

