import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReleaseFiles } from '../../build/release';
import { couchClient } from '../identity/couch';
import { provisionBranch, provisionItAdmin, provisionReportViewer } from '../provision';
import { sessionSignIn } from '../reporting/dashboard-auth';
import { openReportingStore, type ReportingStore } from '../reporting/reporting-store';
import { startReportServer } from '../reporting/report-server';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';

// Head office IT's console (/it of `jingwei report`): who gets in, and each action through the shipped services.
const IT = { name: 'hq-it-01', password: 'it-password-0001' };
const VIEWER = { name: 'hq-viewer-01', password: 'viewer-password-01' };
const keys = generateKeyPairSync('ed25519');

let server: TestServer;
let dir: string;
let store: ReportingStore;
let web: { url: string; close(): Promise<void> };

const get = (path: string, cookie: string) => fetch(web.url + path, { redirect: 'manual', headers: { cookie } });
const post = (path: string, cookie: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(web.url + path, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
async function signIn(who: { name: string; password: string }): Promise<{ cookie: string; location: string | null }> {
  const res = await fetch(`${web.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(who).toString() });
  expect(res.status).toBe(303);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, location: res.headers.get('location') };
}

/** electron-builder's Linux output for `version`, signed with the release key unless `sign` is false. */
async function releaseFolder(version: string, sign = true): Promise<string> {
  const out = join(dir, `release-${version}-${sign}`);
  mkdirSync(out);
  const name = `jingwei-branch-${version}.AppImage`;
  const bytes = `${name} `.repeat(500);
  writeFileSync(join(out, name), bytes);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  writeFileSync(join(out, 'latest-linux.yml'), dump({ version, files: [{ url: name, sha512, size: bytes.length }], path: name, sha512, releaseDate: '2026-12-01T02:00:00.000Z' }));
  if (sign) await signReleaseFiles(out, keys.privateKey);
  return out;
}

async function publish(cookie: string, folder: string, channel: string, staging: string): Promise<Response> {
  const form = new FormData();
  form.set('channel', channel);
  form.set('staging', staging);
  for (const f of readdirSync(folder)) form.append('files', new Blob([new Uint8Array(readFileSync(join(folder, f)))]), f);
  return fetch(`${web.url}/it/publish`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
}

const cell = (html: string, row: string, k: string) => new RegExp(`${row}[\\s\\S]*?data-k="${k}">([^<]*)<`).exec(html)?.[1];

beforeAll(async () => {
  server = await startTestServer();
  await provisionItAdmin({ url: server.url, admin: TEST_ADMIN, deviceUser: IT.name, password: IT.password });
  await provisionReportViewer({ url: server.url, admin: TEST_ADMIN, deviceUser: VIEWER.name, password: VIEWER.password });
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: 'hm01-setup', password: 'setup-password-123' });
  dir = mkdtempSync(join(tmpdir(), 'jw-it-console-'));
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  web = await startReportServer({ store, signIn: sessionSignIn(server.url), it: { couch: couchClient({ url: server.url, user: TEST_ADMIN }), releaseKey: keys.publicKey } });
});
afterAll(async () => {
  await web?.close();
  store?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the IT console', () => {
  it('lets in the role it-admin (landing on /it), and keeps report viewers and IT out of each other\'s pages', async () => {
    const it = await signIn(IT);
    expect(it.location).toBe('/it');
    const page = await get('/it', it.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>信息科技运维台</h1>');
    expect((await get('/', it.cookie)).status).toBe(403);
    expect((await get('/api/dashboard', it.cookie)).status).toBe(403);

    const viewer = await signIn(VIEWER);
    expect(viewer.location).toBe('/');
    const refused = await get('/it', viewer.cookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(`账号 ${VIEWER.name} 没有打开此页面的权限`);
    expect((await post('/it/revoke', viewer.cookie, { user: 'hm01-setup' })).status).toBe(403);
    expect((await fetch(`${web.url}/it`, { redirect: 'manual' })).status).toBe(303);
  });

  it('issues an enrolment code and revokes a device after a confirmation page; a foreign form is refused', async () => {
    const { cookie } = await signIn(IT);
    const bad = await post('/it/enrol', cookie, { branch: 'HM01', deviceUser: 'HM01 Desk!', hours: '24' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('设备用户名应为 3–64 位小写字母、数字、. _ -');
    const unknownBranch = await post('/it/enrol', cookie, { branch: 'ZZ99', deviceUser: 'zz99-desk-01', hours: '24' });
    expect(unknownBranch.status).toBe(409);
    expect(await unknownBranch.text()).toContain('总行没有支行库 branch-zz99');

    const issued = await post('/it/enrol', cookie, { branch: 'HM01', deviceUser: 'hm01-desk-07', hours: '24' });
    expect(issued.status).toBe(200);
    const html = await issued.text();
    const code = /<output id="enrol-code"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(code).toMatch(/^hm01-desk-07:([0-9A-Z]{4}-){5}[0-9A-Z]{4}$/);
    expect(cell(html, 'data-user="hm01-desk-07"', 'state')).toBe('待注册');

    const confirm = await get('/it/revoke?user=hm01-desk-07', cookie);
    expect(await confirm.text()).toContain('停用设备 hm01-desk-07？其凭据在总行立即失效');
    expect((await post('/it/revoke', cookie, { user: 'hm01-desk-07' }, { origin: 'http://evil.example' })).status).toBe(403);
    const revoked = await post('/it/revoke', cookie, { user: 'hm01-desk-07' });
    const after = await revoked.text();
    expect(after).toContain('已停用设备 hm01-desk-07：凭据已失效');
    expect(cell(after, 'data-user="hm01-desk-07"', 'state')).toBe('已停用');
    const user = (await server.req('GET', '/_users/org.couchdb.user:hm01-desk-07')).json as { roles: string[]; jingwei_revoked: { by: string } };
    expect(user.roles).toEqual(['jingwei-revoked']);
    expect(user.jingwei_revoked.by).toBe(IT.name);
  });

  it('publishes a signed release folder, refuses an unsigned one, and widens, pauses and blocks', async () => {
    const { cookie } = await signIn(IT);
    const unsigned = await publish(cookie, await releaseFolder('1.1.0', false), 'pilot', '10');
    expect(unsigned.status).toBe(409);
    expect(await unsigned.text()).toContain('操作被拒绝');
    const tooWide = await publish(cookie, await releaseFolder('1.1.1'), 'pilot', '101');
    expect(await tooWide.text()).toContain('灰度比例应为 1–100 的整数');

    const ok = await publish(cookie, await releaseFolder('1.2.0'), 'pilot', '10');
    const html = await ok.text();
    expect(ok.status, html).toBe(200);
    expect(html).toContain('已发布 1.2.0 到 pilot，灰度 10%');
    expect(cell(html, 'data-channel="pilot"', 'staging')).toBe('10%');
    // What devices read: electron-updater's feed with the staging percentage.
    const feed = await server.req('GET', '/updates/channel-pilot/latest-linux.yml', { auth: { name: 'hm01-setup', password: 'setup-password-123' } });
    expect(feed.status).toBe(200);

    const widened = await (await post('/it/channel', cookie, { channel: 'pilot', action: 'widen', staging: '50' })).text();
    expect(cell(widened, 'data-channel="pilot"', 'staging')).toBe('50%');
    const paused = await (await post('/it/channel', cookie, { channel: 'pilot', action: 'pause' })).text();
    expect(cell(paused, 'data-channel="pilot"', 'state')).toBe('已暂停');

    await publish(cookie, await releaseFolder('1.3.0'), 'pilot', '100');
    expect(await (await get('/it/block?channel=pilot&version=1.3.0', cookie)).text()).toContain('停用 pilot 通道的版本 1.3.0？');
    const blocked = await (await post('/it/channel', cookie, { channel: 'pilot', action: 'block', version: '1.3.0' })).text();
    expect(cell(blocked, 'data-channel="pilot"', 'version')).toBe('1.2.0');
    expect(cell(blocked, 'data-channel="pilot"', 'blocked')).toBe('1.3.0');
  });
});
