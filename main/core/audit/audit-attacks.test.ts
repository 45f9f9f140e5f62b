import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { createTestCore } from '../testing/test-core';
import { AUDIT_KEYS_SECRET } from './audit-keys';
import { auditHash, auditIdRange, GENESIS_HASH, type AuditDoc } from './chain';

/**
 * Head office's attack scripts of issue #10 item 5, run against a branch device's own store: someone who can
 * write the database (a copied or stolen disk, a curious employee with the file) but does not hold the device's
 * audit key, which lives in the device secrets, not in the database.
 */
const individual = (n: number) => {
  const first17 = `1410811985061200${n % 10}`;
  return { kind: 'individual' as const, name: `张${'一二三四五六七八九'[n % 9]}`, idNumber: first17 + residentIdCheckChar(first17), phone: '13800138000', address: '山西省侯马市新田乡东阳村', group: 'farmer' as const };
};

describe('audit log under attack', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let device: string;
  let teller: string;
  let head: string;
  let customerIds: string[];

  beforeEach(async () => {
    t = await createTestCore();
    device = t.core.deviceId;
    teller = await t.login('T001');
    head = await t.login('H001');
    customerIds = [];
    for (let i = 1; i <= 4; i++) customerIds.push((await t.call('customers.create', { customer: individual(i) }, teller)).id);
  });
  afterEach(async () => t.dispose());

  const entries = async () => {
    const { start, end } = auditIdRange(device);
    const res = await t.core.store.pouch.allDocs({ startkey: start, endkey: end, include_docs: true });
    return res.rows.map((r) => r.doc as unknown as AuditDoc);
  };
  const verify = () => t.call('audit.verify', {}, head);
  const ownChain = async () => (await verify()).devices.find((d) => d.device === device)!;

  it('starts out intact, every entry keyed', async () => {
    const v = await verify();
    expect(v.ok).toBe(true);
    expect(v.summary['zh-CN']).toContain('核验通过');
    expect((await ownChain()).keyedFrom).toBe(1);
    expect((await entries()).every((e) => /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true);
    // The key is a device secret: nowhere in the database files.
    const key = t.core.audit.keyring.current.key.export();
    for (const file of readdirSync(t.dataDir).filter((f) => f.includes('.sqlite'))) {
      const bytes = readFileSync(join(t.dataDir, file));
      for (const encoded of ['hex', 'base64'] as const) expect(bytes.includes(key.toString(encoded)), `${file} ${encoded}`).toBe(false);
    }
  });

  it('detects an entry edited with every later SHA-256 hash recomputed (the issue\'s first script)', async () => {
    const docs = await entries();
    const target = docs.findIndex((d) => d.action === 'customer.create');
    docs[target]!.after = { ...docs[target]!.after, name: '李鬼' };
    for (let i = target; i < docs.length; i++) {
      docs[i]!.prevHash = i === 0 ? GENESIS_HASH : docs[i - 1]!.hash;
      docs[i]!.hash = auditHash(docs[i]!);
    }
    await t.core.store.pouch.bulkDocs(docs.slice(target));

    const v = await verify();
    expect(v.ok).toBe(false);
    const chain = v.devices.find((d) => d.device === device)!;
    expect(chain.brokenAt).toBe(docs[target]!.seq);
    expect(chain.breaks).toEqual([expect.objectContaining({ kind: 'bad-mac', seq: docs[target]!.seq, toSeq: docs[docs.length - 1]!.seq })]);
    expect(chain.breaks[0]!.message['zh-CN']).toContain('设备签名');
    expect(chain.breaks[0]!.message.en).toContain('without the device key');
    // The customer's history shows the rewritten entry as such.
    const history = await t.call('customers.history', { id: docs[target]!.entity }, head);
    expect(history.map((h) => h.integrity)).toContain('bad-mac');
  });

  it('detects deleted last entries, and the next write does not take their numbers (the issue\'s second script)', async () => {
    const docs = await entries();
    const last = docs[docs.length - 1]!.seq;
    for (const d of docs.slice(-2)) await t.core.store.pouch.remove(d._id, d._rev!);

    let chain = await ownChain();
    expect(chain.breaks).toEqual([expect.objectContaining({ kind: 'missing', seq: last - 1, toSeq: last })]);
    expect(chain.breaks[0]!.message['zh-CN']).toContain(`第 ${last - 1}–${last} 条`);

    // Covering tracks: the store's high-water mark goes too. The tombstones still tell.
    t.core.store.sql.prepare('DELETE FROM audit_head').run();
    await t.restart();
    head = await t.login('H001');
    const token = await t.login('T001');
    await t.call('customers.create', { customer: individual(7) }, token);
    const after = await entries();
    expect(after.map((d) => d.seq).filter((s) => s >= last - 1)).toEqual([last + 1]);
    chain = await ownChain();
    expect(chain.breaks).toEqual([expect.objectContaining({ kind: 'missing', seq: last - 1, toSeq: last })]);
  });

  it('detects an edited history row and shows the entry as the chain has it (the issue\'s third script)', async () => {
    const id = customerIds[1]!;
    const row = t.core.store.sql.prepare('SELECT id FROM audit_index WHERE entity = ?').get(id) as { id: string };
    t.core.store.sql.prepare("UPDATE audit_index SET actor = 'H001', actor_name = '李鬼' WHERE id = ?").run(row.id);

    const history = await t.call('customers.history', { id }, head);
    expect(history).toEqual([expect.objectContaining({ integrity: 'index-altered', actor: 'T001', actorName: '测试T001' })]);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.index.breaks).toEqual([expect.objectContaining({ kind: 'index-altered', entryId: row.id })]);

    // A row removed from the table, and a row that has no entry behind it.
    t.core.store.sql.prepare('DELETE FROM audit_index WHERE entity = ?').run(customerIds[2]);
    t.core.store.sql.prepare("INSERT INTO audit_index VALUES ('audit:FAKE:0000000001', ?, '2026-12-01T00:00:00Z', 'FAKE', 'H001', '行长', 'customer.update', NULL, NULL)").run(id);
    expect((await t.call('customers.history', { id }, head)).map((h) => h.integrity)).toEqual(expect.arrayContaining(['index-altered', 'index-orphan']));
    expect((await verify()).index.breaks.map((b) => b.kind).sort()).toEqual(['index-altered', 'index-missing', 'index-orphan']);
  });

  it('detects an entry edited in place without recomputing anything, and MACs stripped off', async () => {
    const docs = await entries();
    await t.core.store.pouch.put({ ...docs[1]!, actor: 'X999' });
    await t.core.store.pouch.put({ ...docs[3]!, mac: undefined, keyId: undefined });
    expect((await ownChain()).breaks.map((b) => [b.kind, b.seq])).toEqual([['altered', 2], ['unkeyed', 4]]);
  });

  it('shows a second version of an entry replicated in beside it', async () => {
    const docs = await entries();
    const target = docs.find((d) => d.entity === customerIds[0])!;
    await t.core.store.pouch.bulkDocs([{ ...target, actor: 'X999', _rev: `1-${'f'.repeat(32)}` }], { new_edits: false });
    expect((await ownChain()).breaks.map((b) => [b.kind, b.seq])).toEqual(expect.arrayContaining([['conflict', target.seq]]));
    expect((await t.call('customers.history', { id: customerIds[0]! }, head)).map((h) => h.integrity)).not.toContain('ok');
  });

  it('keeps an existing store\'s SHA-256 entries as the legacy part and keys the new ones', async () => {
    // A store written before keying: strip every MAC and lose the key, as the upgrade finds it.
    const legacy = (await entries()).map(({ mac: _m, keyId: _k, ...d }) => d);
    await t.core.store.pouch.bulkDocs(legacy);
    t.core.secrets.deleteSecret(AUDIT_KEYS_SECRET);
    const dataDir = t.dataDir;
    await t.core.close();
    const upgraded = await createTestCore({ dataDir });
    try {
      await upgraded.call('customers.create', { customer: individual(8) }, await upgraded.login('T001'));
      const v = await upgraded.call('audit.verify', {}, await upgraded.login('H001'));
      const own = v.devices.find((d) => d.device === device)!;
      expect(v.ok).toBe(true);
      expect(own.keyedFrom).toBe(legacy.length + 1);
      expect(own.lastSeq).toBeGreaterThan(legacy.length);
    } finally {
      await upgraded.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
    t = await createTestCore(); // for afterEach
  });

  it('does not let entries signed by a lost key pass as legacy ones', async () => {
    const signed = (await entries()).length;
    t.core.secrets.deleteSecret(AUDIT_KEYS_SECRET);
    await t.restart();
    head = await t.login('H001');
    const chain = await ownChain();
    expect(chain.keyedFrom).toBe(1);
    expect(chain.breaks).toEqual([expect.objectContaining({ kind: 'bad-mac', seq: 1, toSeq: signed })]);
  });

  it('rotates the audit key on request, recorded in the chain, and old entries keep verifying', async () => {
    const it = await t.login('A001');
    const before = (await entries()).length;
    const rotated = await t.call('audit.rotateKey', {}, it);
    expect(rotated.fromSeq).toBe(before + 1);
    const last = (await entries()).pop()!;
    expect(last).toMatchObject({ action: 'audit.rotateKey', seq: rotated.fromSeq, keyId: rotated.keyId });
    expect((await verify()).ok).toBe(true);
    expect((await t.fail('audit.rotateKey', {}, teller)).code).toBe('FORBIDDEN');
  });
});
