import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../core';
import { createTestCore, TEST_PASSWORD, testHeadOffice } from '../testing/test-core';
import { trustRootOf } from '../../../trust/head-office-keys';
import type { ApiArgs, ApiResult, EventMap, MethodName } from '../api/contract';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { startTestPeer, type TestPeer } from './test-peer';

const settings = { backoff: { baseMs: 50, capMs: 400 }, attempts: 3 };
const customer = (name: string, idNumber: string) => ({
  kind: 'individual' as const, name, phone: '13800138000', address: '侯马市路西乡', idNumber, group: 'farmer' as const,
});

const residentId = (seq: number) => {
  const first17 = `11010519800101${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
};

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until the device says it is online with nothing left to push. */
function onlineAndDrained(t: Awaited<ReturnType<typeof createTestCore>>, token: string, what = 'online and drained', ms?: number): Promise<void> {
  return waitFor(what, async () => {
    const s = await t.call('sync.status', {}, token);
    return s.state === 'online' && s.pending === 0;
  }, ms);
}

/** A second device of the same branch: no staff of its own, it learns them by syncing. */
async function secondDevice(remoteUrl: string, liveSync = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-dev2-'));
  const core: Core = await createCore({
    dataDir, branchCode: 'HM01', deviceId: 'HM01-B', remote: { url: remoteUrl }, liveSync, syncSettings: settings, log: () => undefined,
    trust: trustRootOf(testHeadOffice()),
  });
  async function call<M extends MethodName>(method: M, args: ApiArgs<M>, token?: string): Promise<ApiResult<M>> {
    const res = await core.call({ method, args, token });
    if (!res.ok) throw Object.assign(new Error(res.error.message), { body: res.error });
    return res.value as ApiResult<M>;
  }
  return {
    core, call,
    login: async (staffNo: string) => (await call('session.login', { staffNo, password: TEST_PASSWORD })).token,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let peer: TestPeer;
beforeAll(async () => {
  peer = await startTestPeer();
  await peer.db('branch-hm01').info();
});
afterAll(async () => {
  await peer.close();
});

describe('two devices edit the same customer offline', () => {
  it('converge on one winner, keep the loser as a conflict, and clear it everywhere once resolved (audited)', async () => {
    const a = await createTestCore({ deviceId: 'HM01-A', remote: { url: peer.url }, liveSync: false, syncSettings: settings });
    const b = await secondDevice(peer.url);
    try {
      const headA = await a.login('H001');
      const created = await a.call('customers.create', { customer: customer('王建国', '11010519491231002X') }, headA);

      const first = await a.call('sync.endOfDay', {}, headA);
      expect(first.status).toBe('complete');
      expect(first.up.byType.customer).toBe(1);
      expect(first.up.byType.staff).toBe(7);
      expect(first.up.bytes).toBeGreaterThan(1000);

      const pulled = await b.core.sync!.endOfDay({ staffNo: 'H001', name: '测试H001' });
      expect(pulled.down.byType.customer).toBe(1);
      const headB = await b.login('H001');

      // Both edit offline: A changes the phone, B the address.
      const onB = await b.call('customers.get', { id: created.id }, headB);
      await a.call('customers.update', { id: created.id, rev: created.rev, customer: { ...customer('王建国', '11010519491231002X'), phone: '13900139000' } }, headA);
      await b.call('customers.update', { id: created.id, rev: onB.rev, customer: { ...customer('王建国', '11010519491231002X'), address: '侯马市新田乡' } }, headB);

      await a.call('sync.endOfDay', {}, headA);
      const bReport = await b.call('sync.endOfDay', {}, headB);
      expect(bReport.conflictsCreated).toEqual([created.id]);
      const aReport = await a.call('sync.endOfDay', {}, headA);
      expect(aReport.conflictsCreated).toEqual([created.id]);
      expect(aReport.conflictsOpen).toBe(1);

      // CouchDB's rule picks the same winner on both devices and keeps the other revision.
      const winA = await a.call('customers.get', { id: created.id }, headA);
      const winB = await b.call('customers.get', { id: created.id }, headB);
      expect(winA.rev).toBe(winB.rev);
      expect(winA.conflicts).toHaveLength(1);
      expect(winB.conflicts).toEqual(winA.conflicts);

      const tellerA = await a.login('T001');
      expect((await a.fail('conflicts.list', {}, tellerA)).code).toBe('FORBIDDEN');

      const [conflict] = await a.call('conflicts.list', {}, headA);
      expect(conflict!.id).toBe(created.id);
      expect(conflict!.differing.sort()).toEqual(['address', 'phone']);
      const revA = [conflict!.winner, ...conflict!.losers].find((r) => r.fields.phone === '13900139000')!.rev;
      const revB = [conflict!.winner, ...conflict!.losers].find((r) => r.fields.address === '侯马市新田乡')!.rev;
      const revs = [conflict!.winner.rev, ...conflict!.losers.map((l) => l.rev)];

      expect((await a.fail('conflicts.resolve', { id: created.id, revs: [revs[0]!, '9-abc'], choice: { kind: 'pick', rev: revA } }, headA)).code).toBe('CONFLICT');

      const resolved = await a.call('conflicts.resolve', { id: created.id, revs, choice: { kind: 'merge', fields: { phone: revA, address: revB } } }, headA);
      expect(await a.call('conflicts.list', {}, headA)).toEqual([]);
      const merged = await a.call('customers.get', { id: created.id }, headA);
      expect(merged).toMatchObject({ phone: '13900139000', address: '侯马市新田乡', rev: resolved.rev, conflicts: [] });
      const history = await a.call('customers.history', { id: created.id }, headA);
      const audit = history.find((h) => h.action === 'conflict.resolve')!;
      expect(audit.actor).toBe('H001');
      expect(audit.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['choice', 'sources']));

      await a.call('sync.endOfDay', {}, headA);
      await b.call('sync.endOfDay', {}, headB);
      expect(await b.call('conflicts.list', {}, headB)).toEqual([]);
      expect(await b.call('customers.get', { id: created.id }, headB)).toMatchObject({ rev: resolved.rev, phone: '13900139000', address: '侯马市新田乡' });
      expect((await a.call('audit.verify', {}, headA)).ok).toBe(true);

      const reports = await a.call('sync.reports', { limit: 10 }, headA);
      expect(reports.length).toBeGreaterThanOrEqual(4);
      const { csv } = await a.call('sync.report', { id: reports[0]!.id }, headA);
      expect(csv).toContain('上传 up');
      expect(csv).toContain('customer');
    } finally {
      await a.dispose();
      await b.dispose();
    }
  }, 120_000); // eight full end-of-day syncs between two devices
});

describe('live replication', () => {
  it('queues work while head office is unreachable and drains it when the link returns', async () => {
    // A branch of its own, so the first test's documents do not arrive while this device seeds its staff.
    await peer.db('branch-hm02').info();
    const a = await createTestCore({ branchCode: 'HM02', deviceId: 'HM02-L', remote: { url: peer.url }, syncSettings: settings });
    const statuses: EventMap['sync.status'][] = [];
    const off = a.core.onEvent((e) => {
      if (e.name === 'sync.status') statuses.push(e.payload as EventMap['sync.status']);
    });
    try {
      const head = await a.login('H001');
      await onlineAndDrained(a, head);
      await peer.pause();
      const ids: string[] = [];
      for (const i of [1, 2, 3]) ids.push((await a.call('customers.create', { customer: customer(`离线客户${i}`, residentId(i)) }, head)).id);
      await waitFor('offline with pending work', async () => {
        const s = await a.call('sync.status', {}, head);
        return s.state === 'offline' && s.pending >= 6; // three customers and their three audit entries
      });
      const offline = await a.call('sync.status', {}, head);
      expect(offline.lastSyncAt).not.toBeNull();

      await peer.resume();
      await onlineAndDrained(a, head, 'drained after reconnect', 20_000);
      const onServer = await peer.db('branch-hm02').allDocs({ keys: ids });
      expect(onServer.rows.every((r) => 'value' in r && r.value && !('deleted' in r.value && r.value.deleted))).toBe(true);
      expect(statuses.some((s) => s.state === 'offline' && s.pending >= 6)).toBe(true);
      expect(statuses.at(-1)).toMatchObject({ state: 'online', pending: 0 });
    } finally {
      off();
      await a.dispose();
    }
  }, 60_000);

  it('never counts documents pulled from head office as waiting to go up', async () => {
    await peer.db('branch-hm04').info();
    const a = await createTestCore({ branchCode: 'HM04', deviceId: 'HM04-L', remote: { url: peer.url }, syncSettings: settings });
    const pending: number[] = [];
    const off = a.core.onEvent((e) => {
      if (e.name === 'sync.status') pending.push((e.payload as EventMap['sync.status']).pending);
    });
    try {
      const head = await a.login('H001');
      await onlineAndDrained(a, head);
      pending.length = 0;
      // Another counter's notes arrive through head office, in several slices. The store remembers which seqs the
      // pull took, so 待同步 skips them from the moment they are committed — not only once the push pass (whose
      // checkpoint waits 15 s when it sent nothing) has walked past them.
      const ids = Array.from({ length: 600 }, (_, i) => `note:HM04-B-${i}`);
      await peer.db('branch-hm04').bulkDocs(ids.map((_id) => ({ _id, type: 'note', text: '隔壁柜台' })));
      await waitFor('pulled', async () => {
        pending.push((await a.call('sync.status', {}, head)).pending);
        return (await a.core.store.pouch.allDocs({ keys: ids })).rows.every((r) => 'value' in r);
      });
      await onlineAndDrained(a, head);
      // What the UI benchmark reads the pull's progress from: revisions the live pulls stored, and no pull at work.
      const after = await a.call('sync.status', {}, head);
      expect(after.pulled).toBeGreaterThanOrEqual(ids.length);
      expect(after.pulling).toBe(false);
      expect(pending.length).toBeGreaterThan(0);
      expect(pending.filter((n) => n !== 0)).toEqual([]);
      // The count still sees this counter's own work arriving after the pull.
      await peer.pause();
      await a.call('customers.create', { customer: customer('拉取后客户', residentId(41)) }, head);
      await waitFor('own work counted', async () => (await a.call('sync.status', {}, head)).pending >= 2); // the customer and its audit entry
      await peer.resume();
      await onlineAndDrained(a, head, 'drained after reconnect', 20_000);
    } finally {
      off();
      await a.dispose();
    }
  }, 60_000);

  it('is online again soon after head office comes back, even when nothing new arrives for a pass', async () => {
    await peer.db('branch-hm03').info();
    const a = await createTestCore({ branchCode: 'HM03', deviceId: 'HM03-L', remote: { url: peer.url }, syncSettings: settings });
    try {
      const head = await a.login('H001');
      await onlineAndDrained(a, head);
      // Head office restarts while every pass waits for news: nothing is pending, nothing new comes afterwards.
      await peer.pause();
      await waitFor('offline', async () => (await a.call('sync.status', {}, head)).state === 'offline');
      await peer.resume();
      // Within a few back-offs (capped at 400 ms here), not after a long poll's minute or the next document.
      await waitFor('online after head office is back', async () => (await a.call('sync.status', {}, head)).state === 'online', 10_000);
    } finally {
      await a.dispose();
    }
  }, 60_000);
});
