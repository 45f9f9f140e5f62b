import type { Database } from '../../../db/sqlite';
import { cachedStatement, type Projection } from '../../../db/projection';
import type { DocumentDoc } from './document-doc';

/** Saved documents by customer, kept in the write transaction so the 证件 tab reads SQL, not documents. */
export const documentsProjection: Projection = {
  name: 'documents',
  version: 1,
  ddl: [
    `CREATE TABLE document_index (
       id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, verdict TEXT NOT NULL,
       created_at TEXT NOT NULL, created_by TEXT NOT NULL, body_json TEXT NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX document_customer ON document_index(customer_id, created_at)',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (!id.startsWith('document:')) return;
    if (!doc || doc.type !== 'document') {
      cachedStatement(sql, 'DELETE FROM document_index WHERE id = ?').run(id);
      return;
    }
    const d = doc as unknown as DocumentDoc;
    // Attachment stubs carry name, type and length; the bodies stay in the attachment table.
    const images = Object.entries(d._attachments ?? {}).map(([name, a]) => ({ name, contentType: a.content_type, bytes: a.length ?? 0 }));
    const body = {
      kind: d.kind, verdict: d.verdict, reason: d.reason ?? null, fields: d.fields, checks: d.checks, differences: d.differences,
      images, createdByName: d.createdByName,
    };
    cachedStatement(sql, 'INSERT OR REPLACE INTO document_index VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id, d.customerId, d.kind, d.verdict, d.createdAt, d.createdBy, JSON.stringify(body),
    );
  },
};

export interface DocumentIndexRow {
  id: string;
  customer_id: string;
  kind: string;
  verdict: string;
  created_at: string;
  created_by: string;
  body_json: string;
}

export function documentsOf(sql: Database, customerId: string): DocumentIndexRow[] {
  return cachedStatement(sql, 'SELECT * FROM document_index WHERE customer_id = ? ORDER BY created_at DESC, id DESC').all(customerId) as DocumentIndexRow[];
}
