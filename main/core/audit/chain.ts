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
  _conflicts?: string[];
  type: 'audit';
  /** SHA-256 of the canonical fields, `prevHash` included: anyone can recompute it, so it proves order, not origin. */
  hash: string;
  /** HMAC-SHA256 of `hash` with the device's audit key (audit-keys.ts); absent on entries written before keying. */
  mac?: string;
  /** Which of the device's audit keys made `mac`. */
  keyId?: string;
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

/** First and last possible ids of one device's entries, for range reads. */
export const auditIdRange = (device: string) => ({ start: `audit:${device}:`, end: `audit:${device}:\uffff` });

export function parseAuditDocId(id: string): { device: string; seq: number } | null {
  const m = /^audit:(.+):(\d{10})$/.exec(id);
  return m ? { device: m[1]!, seq: Number(m[2]) } : null;
}
