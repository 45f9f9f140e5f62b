import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { provisionBranch } from '../../sync-server/provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../sync-server/test-support';
import { createTestCore } from '../core/testing/test-core';
import { macOf } from '../core/audit/audit-keys';
import { parseAnchorId } from '../core/audit/anchors';
import { auditHash, auditIdRange, GENESIS_HASH, type AuditDoc } from '../core/audit/chain';

/**
 * Anchoring at head office, against the embedded sync server with the branch's device credential: a thief who
 * holds the device AND its audit key can rewrite or cut the local chain, but not what head office received.
 * (Here beside the CLI because this is the layer that may run a branch core and head office's server together.)
 */
const deviceUser = { name: 'hm01-desk-pc', password: 'device-password-01' };
// Every device of the test shares head office's branch database, so every customer gets its own ID number.
let people = 0;
const individual = () => {
  const first17 = `14108119850612${String(++people).padStart(3, '0')}`;
  return { kind: 'individual' as const, name: `王${'一二三四五六七八九'[people % 9]}`, idNumber: first17 + residentIdCheckChar(first17), phone: '13800138000', address: '山西省侯马市新田乡东阳村', group: 'farmer' as const };
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: deviceUser.name, password: deviceUser.password });
});
afterAll(() => server.stop());

const remote = () => ({ url: server.url, username: deviceUser.name, password: deviceUser.password });
const settings = { backoff: { baseMs: 50, capMs: 400 }, attempts: 2 };

async function headOfficeAnchors(device: string) {
  const res = await server.req('GET', `/branch-hm01/_all_docs?startkey=${encodeURIComponent(JSON.stringify(`audit-anchor:${device}:`))}&endkey=${encodeURIComponent(JSON.stringify(`audit-anchor:${device}:\uffff`))}`);
  return (res.json.rows as { id: string }[]).map((r) => parseAnchorId(r.id)!);
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('audit chain anchored at head office', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let device: string;
  let head: string;
  let n = 0;

  beforeEach(async () => {
    t = await createTestCore({ remote: remote(), liveSync: false, syncSettings: settings, deviceId: `HM01-T${++n}` });
    device = t.core.deviceId;
    head = await t.login('H001');
    const teller = await t.login('T001');
    for (let i = 1; i <= 3; i++) await t.call('customers.create', { customer: individual() }, teller);
  });
  afterEach(async () => t.dispose());

  const entries = async () => {
    const { start, end } = auditIdRange(device);
    return (await t.core.store.pouch.allDocs({ startkey: start, endkey: end, include_docs: true })).rows.map((r) => r.doc as unknown as AuditDoc);
  };
  const ownChain = async () => {
    const v = await t.call('audit.verify', {}, head);
    return { ...v.devices.find((d) => d.device === device)!, headOffice: v.headOffice, ok: v.ok };
  };

  it('anchors the chain head on the end-of-day sync, and a rewrite made even with the device key shows', async () => {
    const before = await entries();
    const report = await t.call('sync.endOfDay', {}, head);
    expect(report.status).toBe('complete');
    const anchors = await headOfficeAnchors(device);
    expect(anchors).toEqual([{ device, seq: before.length, hash: before[before.length - 1]!.hash }]);
    expect(await ownChain()).toMatchObject({ ok: true, headOffice: 'checked', anchoredThrough: before.length });

    // The thief holds the key: entry 2 rewritten, every later hash and MAC recomputed, locally consistent.
    const docs = await entries();
    docs[1]!.actor = 'X999';
    for (let i = 1; i < docs.length; i++) {
      const d = docs[i]!;
      d.prevHash = i === 0 ? GENESIS_HASH : docs[i - 1]!.hash;
      d.hash = auditHash(d);
      d.mac = macOf(t.core.audit.keyring.keyFor(d.seq)!.key, d.hash);
    }
    await t.core.store.pouch.bulkDocs(docs.slice(1));
    const chain = await ownChain();
    expect(chain.ok).toBe(false);
    expect(chain.breaks.map((b) => [b.kind, b.seq])).toEqual([['anchor-mismatch', before.length]]);
    expect(chain.breaks[0]!.message['zh-CN']).toContain('总行锚定');

    // Pushing the rewrite does not change head office's copies.
    const again = await t.call('sync.endOfDay', {}, head);
    expect(again.up.denied.map((d) => d.id)).toEqual(expect.arrayContaining([docs[1]!._id]));
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(docs[1]!._id)}`)).json.actor).toBe(before[1]!.actor);
  });

  it('shows a synced tail cut off with every local trace wiped, once head office is asked', async () => {
    await t.call('sync.endOfDay', {}, head);
    // The last entry records the end-of-day run itself and has not been pushed yet; the two before it have.
    const docs = await entries();
    const last = docs[docs.length - 1]!.seq;
    for (const d of docs.slice(-3)) await t.core.store.pouch.remove(d._id, d._rev!);
    for (const a of (await t.core.store.pouch.allDocs({ startkey: 'audit-anchor:', endkey: 'audit-anchor:\uffff' })).rows) {
      await t.core.store.pouch.remove(a.id, a.value.rev);
    }
    t.core.store.sql.prepare('DELETE FROM audit_head').run();

    const chain = await ownChain();
    expect(chain.headOffice).toBe('checked');
    expect(chain.breaks.map((b) => [b.kind, b.seq, b.toSeq])).toEqual([['missing', last - 2, last - 1]]);
    // Head office still has every entry: the deletions were refused when pushed.
    const report = await t.call('sync.endOfDay', {}, head);
    expect(report.up.denied.map((d) => d.id)).toEqual(expect.arrayContaining(docs.slice(-3).map((d) => d._id)));
    expect(report.up.denied.some((d) => d.id.startsWith('audit-anchor:'))).toBe(true);
    expect((await server.req('GET', `/branch-hm01/${encodeURIComponent(docs[docs.length - 2]!._id)}`)).status).toBe(200);
  });

  it('anchors again whenever live replication has caught up', async () => {
    await t.core.close();
    t = await createTestCore({ dataDir: t.dataDir, remote: remote(), syncSettings: { ...settings, anchorEveryMs: 0 }, deviceId: device });
    const teller = await t.login('T001');
    const first = (await entries()).length;
    await waitFor('a first anchor', async () => (await headOfficeAnchors(device)).some((a) => a.seq === first));
    await t.call('customers.create', { customer: individual() }, teller);
    await waitFor('an anchor of the new entry', async () => (await headOfficeAnchors(device)).some((a) => a.seq === first + 1));
  });
});
