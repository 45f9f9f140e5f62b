import type { Database } from '../../../db/sqlite';
import { cachedStatement, listConflicts, type Projection } from '../../../db/projection';
import { AuditKeyring, macOf, type AuditKeyStore } from './audit-keys';
import { readAnchors } from './anchors';
import { readChains } from './chains';
import { auditDocId, auditHash, auditIdRange, canonicalJson, GENESIS_HASH, parseAuditDocId, type AuditDoc, type AuditFields } from './chain';
import { BreakList, entryProblem, hasSecondVersion, verifyChain, type Anchor, type AuditBreak, type AuditIntegrity, type ChainReport } from './verify';

/** What a service supplies; the log adds the device, the sequence number and the link to the previous entry. */
export type AuditInput = Omit<AuditFields, 'device' | 'seq' | 'prevHash'>;

/**
 * Lets an entity's history be read by SQL without scanning the audit documents, and keeps each device's highest
 * sequence number ever written (`audit_head`): a deleted document leaves the projection, the mark stays, so the
 * next entry never reuses a number and the gap stays visible. Both are only an index: screens check every row
 * against its entry (history) and `verify` checks the whole table.
 */
export const auditProjection: Projection = {
  name: 'audit',
  version: 2,
  ddl: [
    `CREATE TABLE audit_index (
       id TEXT PRIMARY KEY, entity TEXT NOT NULL, at TEXT NOT NULL, device TEXT NOT NULL, actor TEXT NOT NULL,
       actor_name TEXT NOT NULL, action TEXT NOT NULL, before_json TEXT, after_json TEXT
     ) WITHOUT ROWID`,
    'CREATE INDEX audit_index_entity ON audit_index(entity, at)',
    'CREATE TABLE audit_head (device TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null) {
    // Rows exist only for `audit:` ids; every other document of a pulled batch passes without a statement.
    if (!id.startsWith('audit:')) return;
    if (!doc) {
      cachedStatement(sql, 'DELETE FROM audit_index WHERE id = ?').run(id);
      return;
    }
    const d = doc as unknown as AuditDoc;
    const row = indexRow(d);
    cachedStatement(sql, 'INSERT OR REPLACE INTO audit_index VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, row.entity, row.at, row.device, row.actor, row.actor_name, row.action, row.before_json, row.after_json);
    const at = parseAuditDocId(id);
    if (at) {
      cachedStatement(sql, 'INSERT INTO audit_head VALUES (?, ?) ON CONFLICT(device) DO UPDATE SET seq = max(seq, excluded.seq)')
        .run(at.device, at.seq);
    }
  },
};

interface IndexRow {
  entity: string;
  at: string;
  device: string;
  actor: string;
  actor_name: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
}

/** What the index holds for an entry; comparing it with the stored row shows an edited row. */
function indexRow(d: AuditDoc): IndexRow {
  return {
    entity: d.entity, at: d.at, device: d.device, actor: d.actor, actor_name: d.actorName, action: d.action,
    before_json: d.before ? JSON.stringify(d.before) : null, after_json: d.after ? JSON.stringify(d.after) : null,
  };
}

type StoredRow = IndexRow & { id: string };
const INDEX_COLUMNS = 'id, entity, at, device, actor, actor_name, action, before_json, after_json';

const TEXT_COLUMNS = ['entity', 'at', 'device', 'actor', 'actor_name', 'action'] as const;
/** A stored JSON column; an unreadable one (only a hand-edited row has that) reads as empty. */
function parseColumn(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
const sameJson = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && canonicalJson(parseColumn(a)) === canonicalJson(parseColumn(b)));
/** Whether a stored history row says what its entry says (JSON compared by content, not by key order). */
const sameRow = (row: IndexRow, entry: IndexRow) =>
  TEXT_COLUMNS.every((k) => row[k] === entry[k]) && sameJson(row.before_json, entry.before_json) && sameJson(row.after_json, entry.after_json);

export interface AuditRow {
  at: string;
  device: string;
  actor: string;
  actorName: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  integrity: AuditIntegrity;
}

/** A browsed entry: a checked row with where it sits in its device's chain. */
export interface AuditEntryRow extends AuditRow {
  id: string;
  entity: string;
  seq: number | null;
}

export interface AuditFilter {
  entities?: string[];
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** An entry's fields, each with what it was before and after ("before" null for a created record's). */
export function changesOf(row: Pick<AuditRow, 'before' | 'after'>): { field: string; before: unknown; after: unknown }[] {
  return Object.keys({ ...row.before, ...row.after }).map((field) => ({ field, before: row.before?.[field] ?? null, after: row.after?.[field] ?? null }));
}

export interface AuditLogReport {
  devices: ChainReport[];
  /** Disagreements between the history table and the chain. */
  index: { rows: number; breaks: AuditBreak[] };
}

/**
 * The append-only, hash-chained and keyed audit trail of this device. Entries are written in the same bulkDocs as
 * the change they describe (one SQLite transaction), so a change never exists without its audit entry. Each entry
 * links to the previous one by SHA-256 and carries an HMAC of its hash with the device's audit key, which is not
 * in the database: whoever edits the store without the key cannot make a changed entry verify again.
 */
export class AuditLog {
  private seq = 0;
  private head = GENESIS_HASH;
  private keys!: AuditKeyring;

  private constructor(
    private readonly pouch: PouchDB.Database<object>,
    private readonly sql: Database,
    readonly device: string,
  ) {}

  /** Reads the chain's head and the device's audit keys, making the first key on a store that has none. */
  static async open(opts: { pouch: PouchDB.Database<object>; sql: Database; device: string; keys: AuditKeyStore; now: Date }): Promise<AuditLog> {
    const log = new AuditLog(opts.pouch, opts.sql, opts.device);
    await log.init();
    log.keys = await AuditKeyring.open(opts.keys, async () => (await log.firstSignedSeq()) ?? log.seq + 1, opts.now);
    return log;
  }

  /**
   * The first entry of this device that carries a key id: with no key material on the device, such an entry means
   * the key was lost (not a store from before keying), and the entries it signed must not pass as legacy ones.
   */
  private async firstSignedSeq(): Promise<number | null> {
    const { start, end } = auditIdRange(this.device);
    for (let startkey = start, skip = 0; ; skip = 1) {
      const page = await this.pouch.allDocs({ startkey, endkey: end, include_docs: true, limit: 500, skip });
      const signed = page.rows.find((r) => (r.doc as unknown as AuditDoc).keyId !== undefined);
      if (signed) return (signed.doc as unknown as AuditDoc).seq;
      if (page.rows.length < 500) return null;
      startkey = page.rows[page.rows.length - 1]!.id;
    }
  }

  get keyring(): AuditKeyring {
    return this.keys;
  }

  /**
   * Puts the next sequence number and link where the database has them. The number continues after the highest
   * ever written or anchored at head office, not after the last entry still present: after a deletion the next
   * entry leaves a visible gap instead of taking a removed entry's place.
   */
  async init(): Promise<void> {
    const { start, end } = auditIdRange(this.device);
    const last = await this.pouch.allDocs({ startkey: end, endkey: start, descending: true, limit: 1, include_docs: true });
    const doc = last.rows[0]?.doc as unknown as AuditDoc | undefined;
    this.head = doc?.hash ?? GENESIS_HASH;
    const anchors = await readAnchors(this.pouch, this.device);
    let seq = Math.max(doc?.seq ?? 0, this.highWater(this.device), ...anchors.map((a) => a.seq));
    // Entries removed through the API leave tombstones: step over them even when the high-water mark was wiped too.
    while (await this.wasDeleted(auditDocId(this.device, seq + 1))) seq++;
    this.seq = seq;
  }

  private async wasDeleted(id: string): Promise<boolean> {
    try {
      await this.pouch.get(id);
      return true; // written since the mark: as good as a number in use
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
      return (e as { reason?: string }).reason === 'deleted';
    }
  }

  private highWater(device: string): number {
    const row = this.sql.prepare('SELECT seq FROM audit_head WHERE device = ?').get(device) as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Builds the next entry; call `commit` once it has been written, so a failed write does not advance the chain. */
  next(input: AuditInput): AuditDoc {
    const seq = this.seq + 1;
    const fields = { device: this.device, seq, prevHash: this.head, ...input };
    const hash = auditHash(fields);
    const key = this.keys.current;
    return { _id: auditDocId(this.device, seq), type: 'audit', ...fields, hash, mac: macOf(key.key, hash), keyId: key.id };
  }

  commit(doc: AuditDoc): void {
    this.seq = doc.seq;
    this.head = doc.hash;
  }

  /** Writes an entry that accompanies no other document, such as a key rotation. */
  async append(input: AuditInput): Promise<AuditDoc> {
    const entry = this.next(input);
    const [res] = await this.pouch.bulkDocs([entry]);
    if (!res || ('error' in res && res.error)) throw new Error(`audit entry ${entry._id} could not be written`);
    this.commit(entry);
    return entry;
  }

  /** Starts a new audit key from the next entry on; run it in the write queue. */
  async rotateKey(now: Date): Promise<{ id: string; fromSeq: number }> {
    const key = await this.keys.rotate(this.seq + 1, now);
    return { id: key.id, fromSeq: key.fromSeq };
  }

  /** An entity's history as the history table lists it, each row checked against its chain entry (`checked`). */
  async history(entity: string): Promise<AuditRow[]> {
    const rows = this.sql
      .prepare(`SELECT ${INDEX_COLUMNS} FROM audit_index WHERE entity = ? ORDER BY at, id`)
      .all(entity) as StoredRow[];
    return this.checked(rows);
  }

  /**
   * The audit screen's browse: entries of one entity, one staff member and/or one stretch of time (`from` ≤ at <
   * `to`, ISO instants), newest first, at most `limit`, each checked like a history row.
   */
  async entries(filter: AuditFilter): Promise<{ rows: AuditEntryRow[]; truncated: boolean }> {
    const where: string[] = [];
    const params: string[] = [];
    const add = (clause: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    if (filter.entities) {
      where.push('entity IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.entities));
    }
    add('actor = ?', filter.actor);
    add('action = ?', filter.action);
    add('at >= ?', filter.from);
    add('at < ?', filter.to);
    const rows = this.sql
      .prepare(`SELECT ${INDEX_COLUMNS} FROM audit_index ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...params, filter.limit + 1) as StoredRow[];
    const shown = rows.slice(0, filter.limit);
    const checked = await this.checked(shown);
    return {
      rows: checked.map((row, i) => ({ ...row, id: shown[i]!.id, entity: shown[i]!.entity, seq: parseAuditDocId(shown[i]!.id)?.seq ?? null })),
      truncated: rows.length > filter.limit,
    };
  }

  /**
   * Checks history rows against their chain entries: the entry's content and MAC, its link to the next entry, and
   * that the row says what the entry says. A row that disagrees is shown with the entry's content and marked, so
   * an edited row can neither hide nor rewrite what happened.
   */
  private async checked(rows: StoredRow[]): Promise<AuditRow[]> {
    if (!rows.length) return [];
    const nextIds = rows.map((r) => {
      const at = parseAuditDocId(r.id);
      return at ? auditDocId(at.device, at.seq + 1) : r.id;
    });
    const res = await this.pouch.allDocs({ keys: [...new Set([...rows.map((r) => r.id), ...nextIds])], include_docs: true, conflicts: true });
    const docs = new Map(res.rows.flatMap((r) => ('doc' in r && r.doc ? [[r.id, r.doc as unknown as AuditDoc] as const] : [])));
    return rows.map((row, i) => {
      const doc = docs.get(row.id);
      const shown = doc ? indexRow(doc) : row;
      const next = docs.get(nextIds[i]!);
      let integrity: AuditIntegrity;
      if (!doc || doc.type !== 'audit') integrity = 'index-orphan';
      else {
        integrity = entryProblem(doc, doc.device === this.device ? this.keys : null) ?? (hasSecondVersion(doc) ? 'conflict' : 'ok');
        if (integrity === 'ok' && next && next.prevHash !== doc.hash) integrity = 'relinked';
        if (integrity === 'ok' && !sameRow(row, indexRow(doc))) integrity = 'index-altered';
      }
      return {
        at: shown.at, device: shown.device, actor: shown.actor, actorName: shown.actor_name, action: shown.action,
        before: parseColumn(shown.before_json),
        after: parseColumn(shown.after_json),
        integrity,
      };
    });
  }

  /**
   * Verifies every device's chain present in this database (entries synced from other devices included), the
   * anchors head office holds (`headOfficeAnchors`, when reachable) as well as those replicated here, and the
   * history table against the entries.
   */
  async verify(headOfficeAnchors: Anchor[] = []): Promise<AuditLogReport> {
    const index = new BreakList();
    const indexRows = new Map<string, IndexRow>();
    for (const r of this.sql.prepare(`SELECT ${INDEX_COLUMNS} FROM audit_index`).all() as StoredRow[]) {
      indexRows.set(r.id, r);
    }
    const seen = new Set<string>();
    const byDevice = await readChains(this.pouch, {
      conflicted: new Set(listConflicts(this.pouch)),
      onEntry: (doc, at) => {
        seen.add(doc._id);
        const indexed = indexRows.get(doc._id);
        if (!indexed) index.add(at.device, 'index-missing', at.seq);
        else if (!sameRow(indexed, indexRow(doc))) index.add(at.device, 'index-altered', at.seq);
      },
    });
    for (const [id, row] of indexRows) {
      if (seen.has(id)) continue;
      const at = parseAuditDocId(id);
      index.add(at?.device ?? row.device, 'index-orphan', at?.seq ?? 0);
    }
    const anchors = [...(await readAnchors(this.pouch)), ...headOfficeAnchors];
    // This device's chain is checked even when none of it is left here; other devices' only where some arrived.
    if (!byDevice.has(this.device)) byDevice.set(this.device, []);
    const devices = [...byDevice].map(([device, docs]) => verifyChain({
      device,
      docs,
      keyring: device === this.device ? this.keys : null,
      anchors: anchors.filter((a) => a.device === device),
      highWater: this.highWater(device),
    }));
    return { devices, index: { rows: indexRows.size, breaks: index.items } };
  }
}
