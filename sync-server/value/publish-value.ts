import { createHash } from 'node:crypto';
import type { Database } from '../../db/sqlite';
import { customerValueDocId, type ValueRules } from '../../domain/value/value-rules';
import { signDoc, type SigningKey } from '../../trust/signature';
import { couchClient, type CouchTarget } from '../identity/couch';
import { writeChangedDocs, type Written } from '../feeds/publish';
import { branchDbName } from '../validation/policy';
import { branchCustomerValues } from './customer-value';

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Head office writes each branch's `customer-value` documents (tier, rights, points), signed with its key, over the
 * CouchDB HTTP API (`jingwei server` or Apache CouchDB) as a `feed-publisher` user; only changed ones are written.
 * A branch shows them and its kiosk decides VIP from them; it can neither write nor forge one (server policy +
 * signature checked on read).
 */
export async function publishCustomerValues(
  db: Database,
  opts: { target: CouchTarget; date: string; rules: ValueRules; signer: SigningKey; branches?: string[] },
): Promise<(Written & { branch: string; customers: number })[]> {
  const couch = couchClient(opts.target);
  const branches = opts.branches ?? (db.prepare('SELECT DISTINCT branch FROM deposit_account ORDER BY branch').all() as { branch: string }[]).map((r) => r.branch);
  const out = [];
  for (const branch of branches) {
    const values = branchCustomerValues(db, branch, opts.date, opts.rules);
    const docs = values.map((v) =>
      signDoc({ _id: customerValueDocId(sha256Hex, v.idNo), type: 'customer-value', branch, tier: v.tier, rights: v.rights, points: v.points, rulesVersion: v.rulesVersion }, opts.signer),
    );
    out.push({ branch, customers: values.length, ...(await writeChangedDocs(db, couch, branchDbName(branch), docs)) });
  }
  return out;
}
