import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DebUpdater, type UpdateCheckResult } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReleaseFiles } from '../../build/release';
import { verifyDownloadedUpdate } from '../../trust/update-signature';
import { startUpdater, type UpdaterEvent } from './updater';

/**
 * IT's monthly release, end to end: head office runs (`jingwei server`), IT publishes electron-builder output with
 * `jingwei release publish`, and two devices run electron-updater itself (DebUpdater, Node HTTP instead of
 * Electron's net, a fake app adapter) through the shell's startUpdater against the channel feed head office serves.
 */
const REPO = resolve(__dirname, '../..');
const run = promisify(execFile);
const ADMIN = { JINGWEI_ADMIN_USER: 'admin', JINGWEI_ADMIN_PASSWORD: 'admin-password-123' };
const DEVICE = { user: 'hm01-d01', password: 'device-password-123' };
const RELEASE = { JINGWEI_RELEASE_USER: 'it-release', JINGWEI_RELEASE_PASSWORD: 'release-password-123' };

let work: string;
let server: ChildProcess;
let url: string;
const releaseKeys = generateKeyPairSync('ed25519');
let publicKeyFile: string;

const cliEnv = () => ({ ...process.env, ...ADMIN, ...RELEASE, JINGWEI_HEAD_OFFICE_URL: url, JINGWEI_RELEASE_PUBLIC_KEY: publicKeyFile, JINGWEI_DEVICE_PASSWORD: DEVICE.password });

async function jingwei(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(REPO, 'bin/jingwei.js'), ...args], { env: cliEnv(), cwd: REPO });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

/** electron-builder's output folder for a Linux release: AppImage + deb, latest-linux.yml, and the release job's .sig files. */
function buildOutput(version: string, opts: { sign?: boolean; tamper?: boolean } = {}): string {
  const dir = join(work, `release-${version}-${opts.sign === false ? 'unsigned' : opts.tamper ? 'tampered' : 'ok'}`);
  mkdirSync(dir, { recursive: true });
  const files = [`jingwei-branch-${version}.AppImage`, `jingwei-branch_${version}_amd64.deb`].map((name) => {
    const bytes = `${name} built ${version} `.repeat(2000);
    writeFileSync(join(dir, name), bytes);
    return { url: name, sha512: createHash('sha512').update(bytes).digest('base64'), size: Buffer.byteLength(bytes) };
  });
  writeFileSync(join(dir, 'latest-linux.yml'), dump({ version, files, path: files[0]!.url, sha512: files[0]!.sha512, releaseDate: '2026-12-01T02:00:00.000Z' }));
  return dir;
}

async function signed(dir: string): Promise<string> {
  await signReleaseFiles(dir, releaseKeys.privateKey);
  return dir;
}

/** electron-updater's own executor (download, sha512 check, redirects), with Node's http in place of Electron's net. */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ReturnType<ElectronHttpExecutor['createRequest']> {
    return (options.protocol === 'https:' ? httpsRequest : httpRequest)(options, callback) as never;
  }
}

/** A staging id whose electron-updater percentage (last 4 bytes / 0xffffffff) is `share`. */
function stagingId(share: number): string {
  const tail = Math.floor(share * 0xffffffff).toString(16).padStart(8, '0');
  return `4f1c2a9e-0b7d-4e21-9c3a-5e6f${tail}`;
}

function device(name: string, share: number) {
  const root = join(work, name);
  mkdirSync(join(root, 'user-data'), { recursive: true });
  writeFileSync(join(root, 'user-data', '.updaterId'), stagingId(share));
  writeFileSync(join(root, 'app-update.yml'), 'provider: generic\nurl: https://unused.example/\nupdaterCacheDirName: jingwei-branch-updater\n');
  const app: AppAdapter = {
    version: '1.0.0',
    name: 'jingwei-branch',
    isPackaged: true,
    appUpdateConfigPath: join(root, 'app-update.yml'),
    userDataPath: join(root, 'user-data'),
    baseCachePath: join(root, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new DebUpdater(null, app);
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
  const results: (UpdateCheckResult | null)[] = [];
  const original = updater.checkForUpdates.bind(updater);
  updater.checkForUpdates = async () => {
    const result = await original();
    results.push(result);
    return result;
  };
  const feedUrl = `${url}/updates/channel-pilot/`;
  const headers = { authorization: `Basic ${Buffer.from(`${DEVICE.user}:${DEVICE.password}`).toString('base64')}` };
  const records: UpdaterEvent[] = [];
  const timers: (() => void)[] = [];
  const logs: string[] = [];
  const publicKey = releaseKeys.publicKey;
  const stop = startUpdater({
    updater,
    feedUrl,
    requestHeaders: headers,
    verifyDownload: (downloadedFile, remoteName) => verifyDownloadedUpdate({ feedUrl, downloadedFile, remoteName, publicKey, headers }),
    deviceId: `HM01-${name}`,
    record: (event) => void records.push(event),
    log: (level, m) => void logs.push(`${level} ${m}`),
    setTimer: (fn) => {
      timers.push(fn);
      return {};
    },
    clearTimer: () => undefined,
  });
  /** Runs the scheduled check and waits until the updater settled: downloaded and verified, failed, or offered nothing. */
  const check = async (): Promise<UpdaterEvent | null> => {
    const before = records.length;
    const checks = results.length;
    timers.shift()!();
    const deadline = Date.now() + 30_000;
    const settled = () => records.slice(before).find((r) => r.kind !== 'available') ?? null;
    while (results.length === checks && !settled()) {
      if (Date.now() > deadline) throw new Error(`device ${name}: no check result; ${logs.slice(-5).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = results[checks] ?? null;
    if (!settled() && !result?.isUpdateAvailable) return null;
    await result?.downloadPromise?.catch(() => undefined);
    while (!settled()) {
      if (Date.now() > deadline) throw new Error(`device ${name} did not settle: ${logs.slice(-5).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return settled();
  };
  return { updater, records, check, stop, logs };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'jw-rollout-'));
  publicKeyFile = join(work, 'release.pub.pem');
  writeFileSync(publicKeyFile, releaseKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  server = spawn(process.execPath, [join(REPO, 'bin/jingwei.js'), 'server', '--port', '0', '--data', join(work, 'ho')], { env: { ...process.env, ...ADMIN }, cwd: REPO });
  url = await new Promise<string>((done, fail) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/[^\s]+/.exec(out);
      if (m) done(m[0].replace(/\/$/, ''));
    });
    server.once('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  expect((await jingwei('release', 'provision', '--user', RELEASE.JINGWEI_RELEASE_USER)).code).toBe(0);
  expect((await jingwei('couchdb-setup', '--url', url, '--branch', 'HM01', '--device-user', DEVICE.user)).code).toBe(0);
}, 120_000);

afterAll(() => {
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('staged rollout through head office', () => {
  it('a device in the 10% stage updates, one outside does not until IT widens to 50%', async () => {
    const pub = await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '10', await signed(buildOutput('1.1.0')));
    expect(pub.err).toBe('');
    expect(pub.out).toContain('pilot: 1.1.0 · 灰度 10%');

    const inside = device('inside', 0.05);
    const outside = device('outside', 0.3);
    expect(await inside.check()).toEqual({ kind: 'downloaded', version: '1.1.0' });
    expect(inside.updater.autoInstallOnAppQuit).toBe(true);
    expect(await outside.check()).toBeNull();
    expect(outside.updater.autoInstallOnAppQuit).toBe(false);

    expect((await jingwei('release', 'widen', '--channel', 'pilot', '--staging', '50')).out).toContain('灰度 50%');
    expect(await outside.check()).toEqual({ kind: 'downloaded', version: '1.1.0' });
    inside.stop();
    outside.stop();
  }, 90_000);

  it('refuses at publish time a tampered installer (sha512) and an unsigned build, and the feed stays as it was', async () => {
    const tampered = await signed(buildOutput('1.2.0', { tamper: true }));
    appendFileSync(join(tampered, 'jingwei-branch_1.2.0_amd64.deb'), 'x');
    const t = await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '10', tampered);
    expect(t.code).toBe(1);
    expect(t.err).toContain('jingwei-branch_1.2.0_amd64.deb 的 SHA-512 与 latest-linux.yml 不符');

    const u = await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '10', buildOutput('1.2.0', { sign: false }));
    expect(u.code).toBe(1);
    expect(u.err).toContain('没有发布签名 jingwei-branch_1.2.0_amd64.deb.sig：未签名的版本不能发布');
    expect((await jingwei('release', 'status', '--channel', 'pilot')).out.trim()).toBe('pilot: 1.1.0 · 灰度 50%');
  }, 60_000);

  it('a device refuses an installer changed in head office\'s store after publishing (sha512) and one whose signature was replaced', async () => {
    expect((await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '100', await signed(buildOutput('1.3.0')))).code).toBe(0);
    const auth = `Basic ${Buffer.from(`${ADMIN.JINGWEI_ADMIN_USER}:${ADMIN.JINGWEI_ADMIN_PASSWORD}`).toString('base64')}`;
    const doc = (await (await fetch(`${url}/updates/release-1.3.0`, { headers: { authorization: auth } })).json()) as { _rev: string };
    const put = await fetch(`${url}/updates/release-1.3.0/jingwei-branch_1.3.0_amd64.deb?rev=${doc._rev}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/octet-stream' },
      body: 'a different program',
    });
    expect(put.status).toBe(201);
    const d = device('tampered-store', 0.5);
    const failed = await d.check();
    expect(failed).toMatchObject({ kind: 'failed' });
    expect((failed as { reason: string }).reason).toMatch(/sha512 checksum mismatch/);
    expect(d.updater.autoInstallOnAppQuit).toBe(false);
    d.stop();

    // A forged installer with a matching sha512 in a forged feed would still need IT's release signature.
    expect((await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '100', await signed(buildOutput('1.4.0')))).code).toBe(0);
    const doc4 = (await (await fetch(`${url}/updates/release-1.4.0`, { headers: { authorization: auth } })).json()) as { _rev: string };
    const forged = generateKeyPairSync('ed25519');
    const other = buildOutput('1.4.0-forged');
    await signReleaseFiles(other, forged.privateKey);
    await fetch(`${url}/updates/release-1.4.0/jingwei-branch_1.4.0_amd64.deb.sig?rev=${doc4._rev}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'text/plain' },
      body: readFileSync(join(other, 'jingwei-branch_1.4.0-forged_amd64.deb.sig'), 'utf8'),
    });
    const e = device('forged-signature', 0.5);
    expect(await e.check()).toEqual({ kind: 'failed', reason: '新版本 1.4.0 的发布签名校验未通过，不会安装' });
    expect(e.updater.autoInstallOnAppQuit).toBe(false);
    e.stop();
  }, 90_000);

  it('pause stops new devices, block falls back to the previous version; a device user cannot write the feed', async () => {
    expect((await jingwei('release', 'pause', '--channel', 'pilot')).out).toContain('已暂停');
    const paused = device('paused', 0.01);
    expect(await paused.check()).toBeNull();
    paused.stop();
    expect((await jingwei('release', 'resume', '--channel', 'pilot')).out).toContain('pilot: 1.4.0 · 灰度 100%');
    expect((await jingwei('release', 'block', '--channel', 'pilot', '--version', '1.4.0')).out).toContain('pilot: 1.3.0 · 灰度 100% · 停用 blocked 1.4.0');
    const again = await jingwei('release', 'publish', '--channel', 'pilot', '--staging', '10', await signed(buildOutput('1.4.0')));
    expect(again.code).toBe(1);
    expect(again.err).toContain('版本 1.4.0 已被停用');

    const deviceAuth = `Basic ${Buffer.from(`${DEVICE.user}:${DEVICE.password}`).toString('base64')}`;
    const feed = await fetch(`${url}/updates/channel-pilot/latest-linux.yml`, { headers: { authorization: deviceAuth } });
    expect(await feed.text()).toContain('version: 1.3.0');
    const write = await fetch(`${url}/updates/channel-pilot`, { method: 'PUT', headers: { authorization: deviceAuth, 'content-type': 'application/json' }, body: '{"type":"update-channel"}' });
    expect(write.status).toBe(403);
    expect((await fetch(`${url}/updates/channel-pilot/latest-linux.yml`)).status).toBe(401);
  }, 60_000);
});
