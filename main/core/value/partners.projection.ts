import { cachedStatement, type Projection } from '../../../db/projection';
import type { Database } from '../../../db/sqlite';
import { partnerDocSchema } from '../../../domain/value/partners';

/**
 * Partners by mobile number and code, kept in the write transaction: enrolment checks "one mobile number once per
 * branch" and a new code's uniqueness by SQL instead of reading every partner (5,882 at the seed's scale made each
 * enrolment read them all). Only a document the partner schema accepts is indexed, as the screens count only those.
 */
export const partnerProjection: Projection = {
  name: 'partners',
  version: 1,
  ddl: [
    'CREATE TABLE partner_index (code TEXT PRIMARY KEY, branch TEXT NOT NULL, phone TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID',
    'CREATE INDEX partner_index_phone ON partner_index(branch, phone)',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (!id.startsWith('partner:')) return;
    const parsed = doc ? partnerDocSchema.safeParse(doc) : null;
    // The code is the document's id: a document whose code field says otherwise is not a partner of anyone.
    if (!parsed?.success || id !== `partner:${parsed.data.code}`) {
      cachedStatement(sql, 'DELETE FROM partner_index WHERE code = ?').run(id.slice('partner:'.length));
      return;
    }
    const p = parsed.data;
    cachedStatement(sql, 'INSERT OR REPLACE INTO partner_index (code, branch, phone, name) VALUES (?, ?, ?, ?)').run(p.code, p.branch, p.phone, p.name);
  },
};

/** The partner of `branch` enrolled with this mobile number, if any. */
export function partnerByPhone(sql: Database, branch: string, phone: string): { code: string; name: string } | undefined {
  return cachedStatement(sql, 'SELECT code, name FROM partner_index WHERE branch = ? AND phone = ? ORDER BY code LIMIT 1').get(branch, phone) as { code: string; name: string } | undefined;
}

/** Whether a code is already taken (by a partner of any branch: codes name their branch, so only this one's can clash). */
export function partnerCodeTaken(sql: Database, code: string): boolean {
  return cachedStatement(sql, 'SELECT 1 FROM partner_index WHERE code = ?').get(code) !== undefined;
}
