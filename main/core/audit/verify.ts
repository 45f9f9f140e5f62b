import { auditDocId, auditHash, GENESIS_HASH, type AuditDoc } from './chain';
import { macMatches, type AuditKeyring } from './audit-keys';

/**
 * What can be wrong with the audit trail, in the order a reader meets it:
 * - `missing`: entries with these numbers are not in the chain (deleted, or never arrived from that device);
 * - `altered`: the entry's content no longer matches its own hash;
 * - `relinked`: the entry does not point at the hash of the entry before it (one was changed and re-hashed);
 * - `bad-mac`: content and links are consistent but the device key's MAC is wrong: re-hashed by someone without it;
 * - `unkeyed`: the entry has no MAC although this device keys its entries from an earlier number on;
 * - `conflict`: a second version of the entry exists (written beside it through replication);
 * - `anchor-mismatch`: head office was told a different hash for this entry when it received it;
 * - `anchor-conflict`: head office holds two different statements about the same entry;
 * - `index-altered` / `index-missing` / `index-orphan`: the history table the screens read disagrees with the chain.
 */
export const BREAK_KINDS = [
  'missing', 'altered', 'relinked', 'bad-mac', 'unkeyed', 'conflict', 'anchor-mismatch', 'anchor-conflict',
  'index-altered', 'index-missing', 'index-orphan',
] as const;
export type AuditBreakKind = (typeof BREAK_KINDS)[number];
/** `ok`, or why the entry a history row shows cannot be trusted. */
export type AuditIntegrity = 'ok' | AuditBreakKind;

/** One break, over one entry or a run of consecutive entries (`seq`..`toSeq`) with the same problem. */
export interface AuditBreak {
  device: string;
  kind: AuditBreakKind;
  seq: number;
  toSeq: number;
  /** The first affected entry's document id. */
  entryId: string;
}

/** A head-office anchor: `device` stated, when head office held its chain up to `seq`, that entry `seq` has `hash`. */
export interface Anchor {
  device: string;
  seq: number;
  hash: string;
}

export interface ChainInput {
  device: string;
  /** The device's entries (winning revisions, `_conflicts` included), in sequence order. */
  docs: AuditDoc[];
  /** This device's keys; null for another device's chain, whose MACs only that device can check. */
  keyring: AuditKeyring | null;
  anchors: Anchor[];
  /** The highest sequence number ever known to exist for the device (anchors, the store's high-water mark). */
  highWater: number;
}

export interface ChainReport {
  device: string;
  entries: number;
  lastSeq: number;
  /** First keyed entry on this device; null for other devices. */
  keyedFrom: number | null;
  /** Highest entry head office anchored that the chain still matches, with nothing broken up to it. */
  anchoredThrough: number | null;
  breaks: AuditBreak[];
}

/** What is wrong with an entry's own content and MAC, regardless of the rest of the chain. */
export function entryProblem(doc: AuditDoc, keyring: AuditKeyring | null): AuditBreakKind | null {
  // An entry copied under another number carries a valid hash and MAC, but not its own id.
  if (doc._id !== auditDocId(doc.device, doc.seq) || auditHash(doc) !== doc.hash) return 'altered';
  if (keyring) {
    const key = keyring.keyFor(doc.seq);
    if (key) {
      if (!doc.mac) return 'unkeyed';
      if (doc.keyId !== key.id || !/^[0-9a-f]{64}$/.test(doc.mac) || !macMatches(key.key, doc.hash, doc.mac)) return 'bad-mac';
    }
  }
  return null;
}

/** The entry has a second version beside it (replicated in as a conflict). */
export const hasSecondVersion = (doc: AuditDoc) => !!doc._conflicts?.length;

/** Collects breaks, joining consecutive entries with the same problem into one run. */
export class BreakList {
  readonly items: AuditBreak[] = [];

  add(device: string, kind: AuditBreakKind, seq: number, toSeq = seq): void {
    const last = this.items[this.items.length - 1];
    if (last && last.device === device && last.kind === kind && last.toSeq + 1 === seq) {
      last.toSeq = toSeq;
      return;
    }
    this.items.push({ device, kind, seq, toSeq, entryId: auditDocId(device, seq) });
  }
}

/**
 * Walks one device's chain from its first entry: numbering, links, content, MACs, then the head-office anchors.
 * It does not stop at the first break, so a reader sees every damaged stretch, and what is intact after it.
 */
export function verifyChain(input: ChainInput): ChainReport {
  const { device, docs, keyring, anchors } = input;
  const breaks = new BreakList();
  const bySeq = new Map<number, AuditDoc>();
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let firstBreak = Infinity;
  const broke = (kind: AuditBreakKind, seq: number, toSeq = seq) => {
    breaks.add(device, kind, seq, toSeq);
    firstBreak = Math.min(firstBreak, seq);
  };
  for (const doc of docs) {
    bySeq.set(doc.seq, doc);
    if (doc.seq > expected) broke('missing', expected, doc.seq - 1);
    else if (doc.prevHash !== prevHash) broke('relinked', doc.seq);
    const problem = entryProblem(doc, keyring);
    if (problem) broke(problem, doc.seq);
    if (hasSecondVersion(doc)) broke('conflict', doc.seq);
    expected = doc.seq + 1;
    prevHash = doc.hash;
  }
  const lastSeq = expected - 1;
  const byAnchorSeq = new Map<number, Set<string>>();
  for (const a of anchors) byAnchorSeq.set(a.seq, (byAnchorSeq.get(a.seq) ?? new Set()).add(a.hash));
  const highWater = Math.max(input.highWater, ...byAnchorSeq.keys());
  if (highWater > lastSeq) broke('missing', lastSeq + 1, highWater);
  let anchoredThrough: number | null = null;
  for (const [seq, hashes] of [...byAnchorSeq].sort((a, b) => a[0] - b[0])) {
    const doc = bySeq.get(seq);
    if (hashes.size > 1) broke('anchor-conflict', seq);
    else if (doc && !hashes.has(doc.hash)) broke('anchor-mismatch', seq);
    else if (doc && seq < firstBreak) anchoredThrough = seq;
  }
  breaks.items.sort((a, b) => a.seq - b.seq);
  return { device, entries: docs.length, lastSeq, keyedFrom: keyring ? keyring.legacyUntil + 1 : null, anchoredThrough, breaks: breaks.items };
}
