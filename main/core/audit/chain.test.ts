import { describe, expect, it } from 'vitest';
import { auditDocId, auditHash, canonicalJson, GENESIS_HASH, verifyChain, type AuditDoc } from './chain';

function chain(n: number): AuditDoc[] {
  const docs: AuditDoc[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      device: 'HM01-T1', seq, at: `2026-11-30T08:0${seq}:00.000Z`, actor: 'T001', actorName: '王柜员',
      action: 'customer.update', entity: 'customer:X', before: { phone: `1380000000${seq}` }, after: { phone: `1390000000${seq}` }, prevHash: prev,
    };
    const doc: AuditDoc = { _id: auditDocId('HM01-T1', seq), type: 'audit', ...fields, hash: auditHash(fields) };
    docs.push(doc);
    prev = doc.hash;
  }
  return docs;
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ entries: 5, brokenAt: null, reason: null });
  });

  it('shows an edited entry', () => {
    const docs = chain(5);
    docs[2]!.after = { phone: '13999999999' };
    expect(verifyChain(docs)).toMatchObject({ brokenAt: 3, reason: 'entry content does not match its hash' });
  });

  it('shows a removed entry', () => {
    const docs = chain(5);
    docs.splice(1, 1);
    expect(verifyChain(docs).brokenAt).toBe(2);
  });

  it('shows an entry whose hash was recomputed after editing (the link to it breaks)', () => {
    const docs = chain(4);
    const d = docs[1]!;
    d.actor = 'X999';
    d.hash = auditHash(d);
    expect(verifyChain(docs)).toMatchObject({ brokenAt: 3, reason: 'prevHash does not link to the previous entry' });
  });
});
