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
  version: 2,
  ddl: [
    'CREATE TABLE partner_index (code TEXT PRIMARY KEY, branch TEXT NOT NULL, phone TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID',
    'CREATE INDEX partner_index_phone ON partner_index(branch, phone)',
    // Applications that carry a partner code: the 合伙人登记 list shows each partner's (4,795 at the seed's scale,
    // whose whole documents it read on every call).
    `CREATE TABLE partner_referral (app_id TEXT PRIMARY KEY, code TEXT NOT NULL, customer_id TEXT NOT NULL, created_at TEXT NOT NULL,
       amount_fen INTEGER NOT NULL, state TEXT NOT NULL) WITHOUT ROWID`,
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (id.startsWith('loanapp:')) return applyReferral(sql, id, doc);
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

function applyReferral(sql: Database, id: string, doc: Record<string, unknown> | null): void {
  if (!doc || typeof doc.partnerCode !== 'string' || typeof doc.customerId !== 'string') {
    cachedStatement(sql, 'DELETE FROM partner_referral WHERE app_id = ?').run(id);
    return;
  }
  cachedStatement(sql, 'INSERT OR REPLACE INTO partner_referral (app_id, code, customer_id, created_at, amount_fen, state) VALUES (?, ?, ?, ?, ?, ?)').run(
    id, doc.partnerCode, doc.customerId, String(doc.createdAt ?? ''), typeof doc.requestedAmountFen === 'number' ? doc.requestedAmountFen : 0, String(doc.state ?? ''));
}

/** Every application brought through a partner code, with the customer's name from the customer index. */
export function partnerReferrals(sql: Database): { appId: string; code: string; customerName: string; createdAt: string; amountFen: number; state: string }[] {
  return cachedStatement(sql, `SELECT r.app_id AS appId, r.code, coalesce(c.name, '') AS customerName, r.created_at AS createdAt, r.amount_fen AS amountFen, r.state
    FROM partner_referral r LEFT JOIN customer_index c ON c.id = r.customer_id`).all() as ReturnType<typeof partnerReferrals>;
}

/** The partner of `branch` enrolled with this mobile number, if any. */
export function partnerByPhone(sql: Database, branch: string, phone: string): { code: string; name: string } | undefined {
  return cachedStatement(sql, 'SELECT code, name FROM partner_index WHERE branch = ? AND phone = ? ORDER BY code LIMIT 1').get(branch, phone) as { code: string; name: string } | undefined;
}

/** Whether a code is already taken (by a partner of any branch: codes name their branch, so only this one's can clash). */
export function partnerCodeTaken(sql: Database, code: string): boolean {
  return cachedStatement(sql, 'SELECT 1 FROM partner_index WHERE code = ?').get(code) !== undefined;
}
