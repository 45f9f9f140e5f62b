import { createHash } from 'node:crypto';

export interface AuditFields {
  device: string;
  seq: number;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prevHash: string;
}

export interface AuditDoc extends AuditFields {
  _id: string;
  _rev?: string;
  type: 'audit';
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Keys sorted at every level so the hash does not depend on property order after a round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function auditHash(fields: AuditFields): string {
  const { device, seq, at, actor, actorName, action, entity, before, after, prevHash } = fields;
  return createHash('sha256')
    .update(canonicalJson({ device, seq, at, actor, actorName, action, entity, before, after, prevHash }))
    .digest('hex');
}

/** Per-device chains: devices append offline at the same time, so one global chain could never be linear. */
export function auditDocId(device: string, seq: number): string {
  return `audit:${device}:${String(seq).padStart(10, '0')}`;
}

export interface ChainCheck {
  entries: number;
  brokenAt: number | null;
  reason: string | null;
}

/** Walks one device's entries in sequence order; the first gap, relink or altered entry breaks the chain. */
export function verifyChain(docs: AuditDoc[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    if (doc.seq !== i + 1) return { entries: docs.length, brokenAt: i + 1, reason: `missing entry ${i + 1}` };
    if (doc.prevHash !== prev) return { entries: docs.length, brokenAt: doc.seq, reason: 'prevHash does not link to the previous entry' };
    if (auditHash(doc) !== doc.hash) return { entries: docs.length, brokenAt: doc.seq, reason: 'entry content does not match its hash' };
    prev = doc.hash;
  }
  return { entries: docs.length, brokenAt: null, reason: null };
}
