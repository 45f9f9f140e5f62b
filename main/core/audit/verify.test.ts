import { beforeAll, describe, expect, it } from 'vitest';
import { AuditKeyring, macOf, memoryAuditKeyStore } from './audit-keys';
import { auditDocId, auditHash, canonicalJson, GENESIS_HASH, parseAuditDocId, type AuditDoc } from './chain';
import { verifyChain, type Anchor, type ChainInput } from './verify';

const DEVICE = 'HM01-T1';
let keyring: AuditKeyring;

beforeAll(async () => {
  // Entries 1-2 were written before keying (the legacy part); 3 on are keyed.
  keyring = await AuditKeyring.open(memoryAuditKeyStore(), async () => 3, new Date('2026-11-30T00:00:00Z'));
});

/** Re-seals entries from `from` on as an attacker would: new hashes and links, MACs only with the key. */
function reseal(docs: AuditDoc[], from: number, ring: AuditKeyring | null) {
  for (let i = from - 1; i < docs.length; i++) {
    const d = docs[i]!;
    d.prevHash = i === 0 ? GENESIS_HASH : docs[i - 1]!.hash;
    d.hash = auditHash(d);
    const key = ring?.keyFor(d.seq);
    if (key) d.mac = macOf(key.key, d.hash);
  }
}

function chain(n: number): AuditDoc[] {
  const docs: AuditDoc[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      device: DEVICE, seq, at: `2026-11-30T08:0${seq}:00.000Z`, actor: 'T001', actorName: '王柜员',
      action: 'customer.update', entity: 'customer:X', before: { phone: `1380000000${seq}` }, after: { phone: `1390000000${seq}` }, prevHash: prev,
    };
    const hash = auditHash(fields);
    const key = keyring.keyFor(seq);
    docs.push({ _id: auditDocId(DEVICE, seq), type: 'audit', ...fields, hash, ...(key ? { mac: macOf(key.key, hash), keyId: key.id } : {}) });
    prev = hash;
  }
  return docs;
}

const check = (docs: AuditDoc[], more: Partial<ChainInput> = {}) =>
  verifyChain({ device: DEVICE, docs, keyring, anchors: [], highWater: 0, ...more });
const kinds = (r: ReturnType<typeof check>) => r.breaks.map((b) => [b.kind, b.seq, b.toSeq]);

describe('audit chain', () => {
  it('canonical JSON ignores key order; ids name device and number', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(parseAuditDocId(auditDocId('HM01-a.b', 42))).toEqual({ device: 'HM01-a.b', seq: 42 });
  });

  it('verifies an intact chain whose first entries predate keying', () => {
    expect(check(chain(6))).toMatchObject({ entries: 6, lastSeq: 6, keyedFrom: 3, breaks: [] });
  });

  it('shows an edited entry', () => {
    const docs = chain(5);
    docs[2]!.after = { phone: '13999999999' };
    expect(kinds(check(docs))).toEqual([['altered', 3, 3]]);
  });

  it('shows an entry edited and every later hash recomputed, as head office did it: the MACs give it away', () => {
    const docs = chain(6);
    docs[3]!.actor = 'X999';
    reseal(docs, 4, null);
    expect(kinds(check(docs))).toEqual([['bad-mac', 4, 6]]);
  });

  it('shows a legacy entry rewritten with the keyed entries after it re-hashed', () => {
    const docs = chain(5);
    docs[1]!.actor = 'X999';
    reseal(docs, 2, null);
    expect(kinds(check(docs))).toEqual([['bad-mac', 3, 5]]);
  });

  it('shows MACs stripped to pass keyed entries off as legacy ones', () => {
    const docs = chain(5);
    for (const d of docs.slice(2)) delete d.mac;
    expect(kinds(check(docs))).toEqual([['unkeyed', 3, 5]]);
  });

  it('shows a removed entry and a cut tail', () => {
    const docs = chain(6);
    docs.splice(1, 1);
    expect(kinds(check(docs))).toEqual([['missing', 2, 2]]);
    expect(kinds(check(chain(6).slice(0, 4), { highWater: 6 }))).toEqual([['missing', 5, 6]]);
  });

  it('shows a second version of an entry', () => {
    const docs = chain(3);
    docs[1]!._conflicts = ['1-abc'];
    expect(kinds(check(docs))).toEqual([['conflict', 2, 2]]);
  });

  it('holds another device chain, whose MACs it cannot check, to head office anchors', () => {
    const docs = chain(6);
    const anchors: Anchor[] = [{ device: DEVICE, seq: 5, hash: docs[4]!.hash }];
    expect(check(docs, { keyring: null, anchors })).toMatchObject({ keyedFrom: null, anchoredThrough: 5, breaks: [] });
    docs[1]!.actor = 'X999';
    reseal(docs, 2, keyring); // even with the key
    expect(kinds(check(docs, { keyring: null, anchors }))).toEqual([['anchor-mismatch', 5, 5]]);
    expect(kinds(check(docs, { anchors }))).toEqual([['anchor-mismatch', 5, 5]]);
  });

  it('shows a chain cut below an anchor, and two different anchors for one entry', () => {
    const docs = chain(6);
    expect(kinds(check(docs.slice(0, 3), { anchors: [{ device: DEVICE, seq: 5, hash: docs[4]!.hash }] }))).toEqual([['missing', 4, 5]]);
    const twice: Anchor[] = [{ device: DEVICE, seq: 4, hash: docs[3]!.hash }, { device: DEVICE, seq: 4, hash: 'f'.repeat(64) }];
    expect(kinds(check(docs, { anchors: twice }))).toEqual([['anchor-conflict', 4, 4]]);
  });

  it('keeps verifying entries signed by a key that was rotated away from', async () => {
    const store = memoryAuditKeyStore();
    const ring = await AuditKeyring.open(store, async () => 1, new Date());
    const first = ring.current.id;
    await ring.rotate(4, new Date());
    const again = await AuditKeyring.open(store, async () => 99, new Date());
    expect(again.keyFor(3)?.id).toBe(first);
    expect(again.keyFor(4)?.id).toBe(ring.current.id);
    expect(again.legacyUntil).toBe(0);
    await expect(ring.rotate(4, new Date())).rejects.toThrow(/after/);
  });
});
