import type { Database } from '../../../db/sqlite';
import { cachedStatement, type Projection } from '../../../db/projection';
import { accountDocId, type AccountRecord } from '../../../domain/customers/account';
import { verifyDoc } from '../../../trust/signature';
import type { ServiceDeps } from '../service-deps';

/** Which accounts belong to which customer, by SQL; the signature is checked when an account is read. */
export const accountsProjection: Projection = {
  name: 'accounts',
  version: 1,
  ddl: ['CREATE TABLE account_index (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL) WITHOUT ROWID', 'CREATE INDEX account_index_customer ON account_index(customer_id)'],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null) {
    if (!id.startsWith('account:')) return;
    if (!doc || typeof doc.customerId !== 'string') cachedStatement(sql, 'DELETE FROM account_index WHERE id = ?').run(id);
    else cachedStatement(sql, 'INSERT OR REPLACE INTO account_index VALUES (?, ?)').run(id, doc.customerId);
  },
};

export interface AccountView {
  accountNo: string;
  kind: AccountRecord['kind'];
  status: AccountRecord['status'];
  openedAt: string;
}

/** A customer's accounts that head office signed; anything else in the store is not an account of theirs. */
export function accountReader(deps: Pick<ServiceDeps, 'pouch' | 'sql' | 'branch' | 'trust'>) {
  const trusted = (doc: unknown): doc is AccountRecord =>
    !!deps.trust && verifyDoc(doc, deps.trust) && (doc as AccountRecord).type === 'account' && (doc as AccountRecord).branch === deps.branch;

  /** The signed accounts of any of these customers (one index query and one read for all of them). */
  async function ofCustomers(customerIds: readonly string[]): Promise<AccountRecord[]> {
    if (customerIds.length === 0) return [];
    const sql = `SELECT id FROM account_index WHERE customer_id IN (${customerIds.map(() => '?').join(',')}) ORDER BY id`;
    const ids = (deps.sql.prepare(sql).all(...customerIds) as { id: string }[]).map((r) => r.id);
    if (ids.length === 0) return [];
    const res = await deps.pouch.allDocs({ keys: ids, include_docs: true });
    const wanted = new Set(customerIds);
    const docs: unknown[] = res.rows.map((r) => ('doc' in r ? r.doc : undefined));
    return docs.filter(trusted).filter((a) => wanted.has(a.customerId));
  }

  const ofCustomer = (customerId: string): Promise<AccountRecord[]> => ofCustomers([customerId]);

  async function byNo(accountNo: string): Promise<AccountRecord | null> {
    try {
      const doc = await deps.pouch.get(accountDocId(accountNo));
      return trusted(doc) ? doc : null;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  return { ofCustomer, ofCustomers, byNo };
}
export type AccountReader = ReturnType<typeof accountReader>;

export const accountView = (a: AccountRecord): AccountView => ({ accountNo: a.accountNo, kind: a.kind, status: a.status, openedAt: a.openedAt });
