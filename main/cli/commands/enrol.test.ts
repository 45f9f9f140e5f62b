import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../core/core';
import { HEAD_OFFICE_PASSWORD_SECRET, HEAD_OFFICE_USER_SECRET } from '../../core/devices/enrolment';
import { REVOKED_MARKER } from '../../core/devices/revocation';
import { deviceReportId } from '../../core/devices/device-report';
import { defaultSecretsDir, openDeviceSecrets } from '../../core/secrets/device-secrets';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../sync-server/test-support';
import { provisionBranch } from '../../../sync-server/provision';
import { couchClient } from '../../../sync-server/identity/couch';
import { issueEnrolment } from '../../../sync-server/devices/enrolment';
import type { CliCommand } from '../command';
import { deviceIdFor } from '../../core/device-id';
import { enrolCommand } from './enrol';
import { releaseCommand } from './release';
import { SYNC_REVOKED_EXIT, syncCommand } from './sync';

let server: TestServer;
const dirs: string[] = [];

async function run(cmd: CliCommand, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await cmd.run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    log.mockRestore();
    error.mockRestore();
  }
}

const ADMIN_ENV = { JINGWEI_ADMIN_USER: TEST_ADMIN.name, JINGWEI_ADMIN_PASSWORD: TEST_ADMIN.password };
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'jw-enrol-'));
  dirs.push(d);
  return d;
};

async function issue(deviceUser: string): Promise<string> {
  const r = await run(releaseCommand, ['enrol', '--url', server.url, '--branch', 'HM01', '--device-user', deviceUser], ADMIN_ENV);
  expect(r.code, r.err).toBe(0);
  const code = /注册码 enrolment code: (\S+)/.exec(r.out)?.[1];
  expect(code).toMatch(new RegExp(`^${deviceUser}:([0-9A-Z]{4}-){5}[0-9A-Z]{4}$`));
  return code!;
}

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: 'hm01-setup', password: 'setup-password-123' });
});
afterAll(async () => {
  await server.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('device enrolment and revocation', () => {
  it('turns a one-time code into the device\'s own credentials: the code grants nothing before, and nothing after', async () => {
    const code = await issue('hm01-desk-02');
    const secret = code.slice(code.indexOf(':') + 1);
    const asCode = { name: 'hm01-desk-02', password: secret };
    // Unredeemed, the code only reaches the device's own user document: not the branch's data.
    expect((await server.req('GET', '/branch-hm01/_all_docs', { auth: asCode })).status).toBe(403);

    const dir = newDir();
    const enrolled = await run(enrolCommand, ['--data', dir, '--remote', server.url], { JINGWEI_ENROL_CODE: code });
    expect(enrolled.code, enrolled.err).toBe(0);
    expect(enrolled.out).toContain('hm01-desk-02');
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dir) });
    expect(secrets.secret(HEAD_OFFICE_USER_SECRET)).toBe('hm01-desk-02');
    const own = { name: 'hm01-desk-02', password: secrets.secret(HEAD_OFFICE_PASSWORD_SECRET)! };
    expect(own.password).toHaveLength(43);
    expect((await server.req('GET', '/branch-hm01', { auth: own })).status).toBe(200);

    // Single use: the code no longer logs in, and a second device cannot redeem it.
    expect((await server.req('GET', '/_session', { auth: asCode })).status).toBe(401);
    const again = await run(enrolCommand, ['--data', newDir(), '--remote', server.url, '--code', code]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('注册码无效、已使用或已过期');

    // First sync with the enrolled credentials (no --user): the device's report reaches head office.
    const core = await createCore({ dataDir: dir, branchCode: 'HM01', log: () => undefined });
    const device = core.deviceId;
    await core.close();
    const synced = await run(syncCommand, ['--data', dir, '--remote', server.url]);
    expect(synced.code, synced.err).toBe(0);
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(deviceReportId(device))}`)).status).toBe(200);

    const listed = await run(releaseCommand, ['enrolments', '--url', server.url, '--branch', 'HM01'], ADMIN_ENV);
    expect(listed.out).toMatch(/HM01\thm01-desk-02\t已注册/);
  });

  it('refuses an expired code, a malformed one, and redeeming without a new password', async () => {
    const couch = couchClient({ url: server.url, user: TEST_ADMIN });
    const old = await issueEnrolment({ couch, by: 'it', now: new Date(Date.now() - 25 * 3_600_000) }, { branchCode: 'HM01', deviceUser: 'hm01-late-01' });
    const late = await run(enrolCommand, ['--data', newDir(), '--remote', server.url, '--code', old.code]);
    expect(late.code).toBe(1);
    expect(late.err).toContain('已过期');
    const listed = await run(releaseCommand, ['enrolments', '--url', server.url], ADMIN_ENV);
    expect(listed.out).toMatch(/hm01-late-01\t注册码已过期/);

    const bad = await run(enrolCommand, ['--data', newDir(), '--remote', server.url, '--code', 'hm01-x:1234']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('注册码格式不对');

    // Dropping the marker while keeping the code as password would make the code permanent: refused.
    const code = await issue('hm01-sly-01');
    const asCode = { name: 'hm01-sly-01', password: code.slice(code.indexOf(':') + 1) };
    const doc = (await server.req('GET', '/_users/org.couchdb.user:hm01-sly-01', { auth: asCode })).json as Record<string, unknown>;
    delete doc.jingwei_enrolment;
    expect((await server.req('PUT', '/_users/org.couchdb.user:hm01-sly-01', { auth: asCode, body: doc })).status).toBe(403);

    const unknownBranch = await run(releaseCommand, ['enrol', '--url', server.url, '--branch', 'ZZ99', '--device-user', 'zz99-desk-01'], ADMIN_ENV);
    expect(unknownBranch.code).toBe(1);
    expect(unknownBranch.err).toContain('branch-zz99');
  });

  it('a revoked device is refused at once; back online it uploads nothing and wipes its data', async () => {
    const dir = newDir();
    expect((await run(enrolCommand, ['--data', dir, '--remote', server.url, '--code', await issue('hm01-lost-01')])).code).toBe(0);
    const core = await createCore({ dataDir: dir, branchCode: 'HM01', log: () => undefined });
    const device = core.deviceId;
    await core.close();
    expect((await run(syncCommand, ['--data', dir, '--remote', server.url])).code).toBe(0);
    const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dir) });
    const own = { name: 'hm01-lost-01', password: secrets.secret(HEAD_OFFICE_PASSWORD_SECRET)! };
    const before = (await server.req('GET', `/branch-hm01/${encodeURIComponent(deviceReportId(device))}`)).json._rev as string;

    const revoked = await run(releaseCommand, ['revoke', '--url', server.url, '--device-user', 'hm01-lost-01'], ADMIN_ENV);
    expect(revoked.code, revoked.err).toBe(0);
    expect((await server.req('GET', '/branch-hm01/_all_docs', { auth: own })).status).toBe(403);
    expect((await server.req('PUT', '/branch-hm01/device-report:stolen', { auth: own, body: { type: 'device-report' } })).status).toBe(403);

    // Offline meanwhile, the device changed something; when it syncs again nothing goes up and its data goes.
    const later = await createCore({ dataDir: dir, branchCode: 'HM01', log: () => undefined });
    await later.deviceReport.updateState({ state: 'failed', version: '9.9.9', reason: 'disk full' });
    await later.close();
    const back = await run(syncCommand, ['--data', dir, '--remote', server.url]);
    expect(back.code).toBe(SYNC_REVOKED_EXIT);
    expect(back.err).toContain('本设备已被总行停用');
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(deviceReportId(device))}`)).json._rev).toBe(before);
    expect(readdirSync(dir)).toEqual([REVOKED_MARKER]);
    await expect(createCore({ dataDir: dir, branchCode: 'HM01', log: () => undefined })).rejects.toThrow(/已被总行停用/);

    const listed = await run(releaseCommand, ['enrolments', '--url', server.url, '--branch', 'HM01'], ADMIN_ENV);
    expect(listed.out).toMatch(/HM01\thm01-lost-01\t已停用/);
  });

  it('a running branch host whose device is revoked stops syncing and wipes itself', async () => {
    const dir = newDir();
    expect((await run(enrolCommand, ['--data', dir, '--remote', server.url, '--code', await issue('hm01-live-01')])).code).toBe(0);
    let revokedSeen!: () => void;
    const wiped = new Promise<void>((done) => (revokedSeen = done));
    const core = await createCore({
      dataDir: dir, branchCode: 'HM01', log: () => undefined, remote: { url: server.url }, onRevoked: () => revokedSeen(),
      syncSettings: { backoff: { baseMs: 20, capMs: 200 } },
    });
    await vi.waitFor(() => expect(core.sync!.status().state).toBe('online'), { timeout: 15_000 });
    expect((await run(releaseCommand, ['revoke', '--url', server.url, '--device-user', 'hm01-live-01'], ADMIN_ENV)).code).toBe(0);
    // The next local write wakes the push, which head office refuses: the device learns why and wipes itself.
    await core.deviceReport.updateState({ state: 'downloading', version: '9.9.9', reason: null });
    await wiped;
    expect(readdirSync(dir)).toEqual([REVOKED_MARKER]);
  }, 30_000);

  it('binds each enrolled device to its device id: device A\'s credential cannot write device B\'s report, audit entries or anchors', async () => {
    const enrolled = async (deviceUser: string) => {
      const dir = newDir();
      const r = await run(enrolCommand, ['--data', dir, '--remote', server.url, '--code', await issue(deviceUser)]);
      expect(r.code, r.err).toBe(0);
      const secrets = await openDeviceSecrets({ dir: defaultSecretsDir(dir) });
      return { id: deviceIdFor(dir, 'HM01'), auth: { name: deviceUser, password: secrets.secret(HEAD_OFFICE_PASSWORD_SECRET)! } };
    };
    const a = await enrolled('hm01-desk-a1');
    const b = await enrolled('hm01-desk-b1');
    expect(a.id).not.toBe(b.id);
    const session = (await server.req('GET', '/_session', { auth: a.auth })).json as { userCtx: { roles: string[] } };
    expect(session.userCtx.roles).toContain(`jingwei-device:${a.id}`);

    const at = new Date().toISOString();
    const report = (device: string) => ({
      _id: `device-report:${device}`, type: 'device-report', branch: 'HM01', device, role: 'desk', appVersion: '1.0.0', channel: null,
      update: { state: 'idle', version: null, reason: null, at: null }, lastSyncAt: null, os: { platform: 'linux', release: '6.1', arch: 'x64' }, reportedAt: at,
    });
    const auditOf = (device: string) => ({
      _id: `audit:${device}:0000000001`, type: 'audit', device, seq: 1, at, actor: 'T001', action: 'customer.create', entity: 'customer:X',
      prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    });
    const anchorOf = (device: string) => ({ _id: `audit-anchor:${device}:0000000001:${'a'.repeat(64)}`, type: 'audit-anchor', at });
    const put = (who: { name: string; password: string }, doc: { _id: string }) => server.req('PUT', `/branch-hm01/${encodeURIComponent(doc._id)}`, { auth: who, body: doc });

    // The attacker holds A's credential: B's report, B's next audit entry (pre-empting it), B's anchor — all refused.
    for (const doc of [report(b.id), auditOf(b.id), anchorOf(b.id)]) {
      const res = await put(a.auth, doc);
      expect(res.status, doc._id).toBe(403);
      expect(JSON.stringify(res.json)).toContain('设备只能写入本设备的报告与审计记录');
    }
    // …and through replication (new_edits=false), the way a sync client writes.
    const bulk = await server.req('POST', '/branch-hm01/_bulk_docs', { auth: a.auth, body: { new_edits: false, docs: [{ ...auditOf(b.id), _rev: '1-abc' }] } });
    expect(JSON.stringify(bulk.json)).toContain('forbidden');
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(auditOf(b.id)._id)}`)).status).toBe(404);
    // Its own documents are written as before.
    for (const doc of [report(a.id), auditOf(a.id), anchorOf(a.id)]) expect((await put(a.auth, doc)).status, doc._id).toBe(201);
    expect((await put(b.auth, report(b.id))).status).toBe(201);

    // The binding is the device's own user document: it cannot move it to B afterwards.
    const own = (await server.req('GET', '/_users/org.couchdb.user:hm01-desk-a1', { auth: a.auth })).json as Record<string, unknown>;
    expect(own.jingwei_device).toBe(a.id);
    expect((await server.req('PUT', '/_users/org.couchdb.user:hm01-desk-a1', { auth: a.auth, body: { ...own, jingwei_device: b.id } })).status).toBe(403);
  });

  it('refuses redeeming a code without naming the device', async () => {
    const code = await issue('hm01-nameless-1');
    const asCode = { name: 'hm01-nameless-1', password: code.slice(code.indexOf(':') + 1) };
    const doc = (await server.req('GET', '/_users/org.couchdb.user:hm01-nameless-1', { auth: asCode })).json as Record<string, unknown>;
    delete doc.jingwei_enrolment;
    const res = await server.req('PUT', '/_users/org.couchdb.user:hm01-nameless-1', { auth: asCode, body: { ...doc, password: 'a-new-password-123456' } });
    expect(res.status).toBe(403);
  });
});
