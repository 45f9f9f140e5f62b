import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../core/core';
import { provisionBranch } from '../../../sync-server/provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../sync-server/test-support';
import { auditVerifyCommand } from './audit-verify';

const device = { name: 'hm01-desk', password: 'device-password-01' };
let server: TestServer;
let dir: string;
let deviceId: string;

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.stubEnv('JINGWEI_ADMIN_USER', TEST_ADMIN.name);
  vi.stubEnv('JINGWEI_ADMIN_PASSWORD', TEST_ADMIN.password);
  try {
    return { code: await auditVerifyCommand.run(args), out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    vi.unstubAllEnvs();
  }
}

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  dir = mkdtempSync(join(tmpdir(), 'jingwei-audit-verify-'));
  const core = await createCore({ dataDir: dir, branchCode: 'HM01', remote: { url: server.url, username: device.name, password: device.password }, liveSync: false, log: () => undefined });
  deviceId = core.deviceId;
  for (const staffNo of ['T001', 'T002', 'H001']) {
    // Audited work of the day (staff themselves are head office's documents and are not written here).
    await core.audit.append({ actor: 'SYSTEM', actorName: '系统', action: 'staff.arrive', entity: `staff:${staffNo}`, before: null, after: { staffNo }, at: new Date().toISOString() });
  }
  await core.sync!.endOfDay({ staffNo: 'H001', name: '员工H001' });
  await core.close();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('jingwei audit-verify (head office)', () => {
  it('reports each device chain intact and how far it is anchored', async () => {
    // Three staff entries went up with the end-of-day sync; its own record goes with the next one.
    const r = await run(['--url', server.url, '--branch', 'HM01']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`${deviceId}: 3 条 entries, 锚定至第 3 条 anchored through #3 — 完整 intact`);
    expect(r.out).toContain('审计链完整 Audit trail intact');
  });

  it('names a second version of an entry written beside it by replication, the one case CouchDB cannot refuse', async () => {
    const id = `audit:${deviceId}:0000000002`;
    const original = (await server.req('GET', `/branch-hm01/${id}`)).json;
    const forged = { ...original, actor: 'X999', _rev: `1-${'f'.repeat(32)}` };
    const put = await server.req('POST', '/branch-hm01/_bulk_docs', { body: { new_edits: false, docs: [forged] }, auth: device });
    expect(put.json).toEqual([]);
    const r = await run(['--url', server.url, '--branch', 'HM01', '--json']);
    expect(r.code).toBe(1);
    const kinds = (JSON.parse(r.out) as { devices: { breaks: { kind: string; seq: number }[] }[] }).devices[0]!.breaks.map((b) => [b.kind, b.seq]);
    expect(kinds).toEqual(expect.arrayContaining([['altered', 2], ['conflict', 2]]));
  });

  it('refuses to run without the admin credentials', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubEnv('JINGWEI_ADMIN_USER', '');
    try {
      expect(await auditVerifyCommand.run(['--url', server.url, '--branch', 'HM01'])).toBe(2);
    } finally {
      vi.unstubAllEnvs();
      error.mockRestore();
    }
  });
});
