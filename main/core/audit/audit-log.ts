import type { Database } from '../../../db/sqlite';
import { cachedStatement, type Projection } from '../../../db/projection';
import { auditDocId, auditHash, GENESIS_HASH, verifyChain, type AuditDoc, type AuditFields, type ChainCheck } from './chain';

/** What a service supplies; the log adds the device, the sequence number and the link to the previous entry. */
export type AuditInput = Omit<AuditFields, 'device' | 'seq' | 'prevHash'>;

/** Lets an entity's history be read by SQL without scanning the audit documents. */
export const auditProjection: Projection = {
  name: 'audit',
  version: 1,
  ddl: [
    `CREATE TABLE audit_index (
       id TEXT PRIMARY KEY, entity TEXT NOT NULL, at TEXT NOT NULL, device TEXT NOT NULL, actor TEXT NOT NULL,
       actor_name TEXT NOT NULL, action TEXT NOT NULL, before_json TEXT, after_json TEXT
     ) WITHOUT ROWID`,
    'CREATE INDEX audit_index_entity ON audit_index(entity, at)',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null) {
    if (!id.startsWith('audit:') || !doc) {
      cachedStatement(sql, 'DELETE FROM audit_index WHERE id = ?').run(id);
      return;
    }
    const d = doc as unknown as AuditDoc;
    cachedStatement(
      sql,
      'INSERT OR REPLACE INTO audit_index VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, d.entity, d.at, d.device, d.actor, d.actorName, d.action,
        d.before ? JSON.stringify(d.before) : null, d.after ? JSON.stringify(d.after) : null);
  },
};

export interface AuditRow {
  at: string;
  device: string;
  actor: string;
  actorName: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * The append-only, hash-chained audit trail of this device. Entries are written in the same bulkDocs as the
 * change they describe (one SQLite transaction), so a change never exists without its audit entry.
 */
export class AuditLog {
  private seq = 0;
  private head = GENESIS_HASH;

  constructor(
    private readonly pouch: PouchDB.Database<object>,
    private readonly sql: Database,
    readonly device: string,
  ) {}

  async init(): Promise<void> {
    const last = await this.pouch.allDocs({
      startkey: `${auditDocId(this.device, 0).slice(0, -10)}\uffff`,
      endkey: auditDocId(this.device, 0).slice(0, -10),
      descending: true,
      limit: 1,
      include_docs: true,
    });
    const doc = last.rows[0]?.doc as unknown as AuditDoc | undefined;
    if (doc) {
      this.seq = doc.seq;
      this.head = doc.hash;
    }
  }

  /** Builds the next entry; call `commit` once it has been written, so a failed write does not advance the chain. */
  next(input: AuditInput): AuditDoc {
    const seq = this.seq + 1;
    const fields = { device: this.device, seq, prevHash: this.head, ...input };
    return { _id: auditDocId(this.device, seq), type: 'audit', ...fields, hash: auditHash(fields) };
  }

  commit(doc: AuditDoc): void {
    this.seq = doc.seq;
    this.head = doc.hash;
  }

  history(entity: string): AuditRow[] {
    const rows = this.sql
      .prepare('SELECT at, device, actor, actor_name, action, before_json, after_json FROM audit_index WHERE entity = ? ORDER BY at, id')
      .all(entity) as { at: string; device: string; actor: string; actor_name: string; action: string; before_json: string | null; after_json: string | null }[];
    return rows.map((r) => ({
      at: r.at, device: r.device, actor: r.actor, actorName: r.actor_name, action: r.action,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    }));
  }

  /** Verifies every device's chain present in this database (entries synced from other devices included). */
  async verify(): Promise<{ device: string; check: ChainCheck }[]> {
    const byDevice = new Map<string, AuditDoc[]>();
    let startkey = 'audit:';
    for (;;) {
      const page = await this.pouch.allDocs({ startkey, endkey: 'audit:\uffff', include_docs: true, limit: 1000, skip: startkey === 'audit:' ? 0 : 1 });
      for (const row of page.rows) {
        const doc = row.doc as unknown as AuditDoc;
        const list = byDevice.get(doc.device) ?? [];
        list.push(doc);
        byDevice.set(doc.device, list);
      }
      if (page.rows.length < 1000) break;
      startkey = page.rows[page.rows.length - 1]!.id;
    }
    return [...byDevice].map(([device, docs]) => ({ device, check: verifyChain(docs) }));
  }
}
