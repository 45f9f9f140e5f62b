import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../core/core';
import { startTestPeer, type TestPeer } from '../../core/sync/test-peer';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../sync-server/test-support';
import { provisionBranch } from '../../../sync-server/provision';
import { SYNC_EXIT, syncCommand } from './sync';

let peer: TestPeer;
let dir: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await syncCommand.run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(async () => {
  peer = await startTestPeer();
  await peer.db('branch-hm01').bulkDocs(Array.from({ length: 120 }, (_, i) => ({ _id: `note:${i}`, type: 'note', n: i })));
  dir = mkdtempSync(join(tmpdir(), 'jingwei-cli-sync-'));
  const core = await createCore({ dataDir: dir, branchCode: 'HM01', log: () => undefined });
  await core.store.pouch.bulkDocs(Array.from({ length: 30 }, (_, i) => ({ _id: `local:${i}`, type: 'note', n: i })));
  await core.close();
});
afterAll(async () => {
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('jingwei sync', () => {
  it('pushes and pulls to completion with progress lines and exit 0', async () => {
    const r = await run(['--data', dir, '--remote', peer.url]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/同步 sync 1\/4 push-docs/);
    // 30 notes and the device's own report to head office IT (core/devices/device-report.ts).
    expect(r.out).toContain('完成 complete: 上传 sent 31 docs');
    expect(r.out).toContain('下载 received 120 docs');
    expect((await peer.db('branch-hm01').info()).doc_count).toBe(151);
    // A second run has nothing left to move.
    const again = await run(['--data', dir, '--remote', peer.url]);
    expect(again.out).toContain('上传 sent 0 docs');
    expect(again.out).toContain('下载 received 0 docs');
  });

  it('says in Chinese and English why it could not finish, with a distinct exit code', async () => {
    const unreachable = await run(['--data', dir, '--remote', 'http://127.0.0.1:9', '--retries', '1']);
    expect(unreachable.code).toBe(SYNC_EXIT.unreachable);
    expect(unreachable.err).toContain('无法连接总行服务器');
    expect(unreachable.err).toContain('Head office unreachable');

    const missing = await run(['--data', dir, '--remote', `${peer.url}/branch-zz99`]);
    expect(missing.code).toBe(SYNC_EXIT['not-found']);

    const bad = await run(['--data', dir]);
    expect(bad.code).toBe(2);
  });

  it('takes the device password from JINGWEI_DEVICE_PASSWORD, and says so when it is missing', async () => {
    const before = process.env.JINGWEI_DEVICE_PASSWORD;
    delete process.env.JINGWEI_DEVICE_PASSWORD;
    try {
      const missing = await run(['--data', dir, '--remote', peer.url, '--user', 'hm01-desk']);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('JINGWEI_DEVICE_PASSWORD');
      let server: TestServer | null = null;
      try {
        server = await startTestServer();
        process.env.JINGWEI_DEVICE_PASSWORD = 'wrong-password';
        const refused = await run(['--data', dir, '--remote', server.url, '--user', 'nobody']);
        expect(refused.code).toBe(SYNC_EXIT.unauthorized);
      } finally {
        await server?.stop();
      }
    } finally {
      if (before === undefined) delete process.env.JINGWEI_DEVICE_PASSWORD;
      else process.env.JINGWEI_DEVICE_PASSWORD = before;
    }
  });

  it('anchors the device\'s audit chain at head office after a complete sync', async () => {
    let server: TestServer | null = null;
    const data = mkdtempSync(join(tmpdir(), 'jingwei-cli-anchor-'));
    try {
      server = await startTestServer();
      await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: 'hm01-cli', password: 'device-password-01' });
      const core = await createCore({ dataDir: data, branchCode: 'HM01', log: () => undefined });
      const device = core.deviceId;
      await core.audit.append({ actor: 'SYSTEM', actorName: '系统', action: 'staff.arrive', entity: 'staff:T001', before: null, after: { staffNo: 'T001' }, at: new Date().toISOString() });
      const entry = (await core.store.pouch.get(`audit:${device}:0000000001`)) as unknown as { hash: string };
      await core.close();
      const r = await run(['--data', data, '--remote', server.url, '--user', 'hm01-cli', '--password', 'device-password-01']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('audit chain anchored at head office through entry #1');
      expect((await server.req('GET', `/branch-hm01/audit-anchor:${device}:0000000001:${entry.hash}`)).status).toBe(200);
    } finally {
      await server?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('exits 4 with a clear message when head office refuses the credentials (401)', async () => {
    let server: TestServer | null = null;
    try {
      server = await startTestServer();
      const r = await run(['--data', dir, '--remote', server.url, '--user', 'nobody', '--password', 'wrong-password']);
      expect(r.code).toBe(SYNC_EXIT.unauthorized);
      expect(r.err).toContain('401');
    } finally {
      await server?.stop();
    }
  });
});
