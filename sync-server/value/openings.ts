import { z } from 'zod';
import type { Database } from '../../db/sqlite';
import type { ProductOpening } from '../../domain/value/value-dashboard';

const account = z.looseObject({ _id: z.string(), type: z.literal('account'), customerId: z.string(), kind: z.enum(['demand', 'time', 'debit-card']), openedAt: z.string() });
const loanapp = z.looseObject({ _id: z.string(), type: z.literal('loanapp'), customerId: z.string(), disbursedAt: z.string().nullish() });
const customer = z.looseObject({ _id: z.string(), type: z.literal('customer'), idNumber: z.string().nullish() });

/**
 * The products each branch's customers opened, as head office counts a conversion: accounts in the branch's
 * database (head office's server takes them from its identity service only), loans the branch's own flow disbursed,
 * and loans of core banking's loan feed in the ledger, credited to the customer's file at each branch that has one.
 * `docs` are a branch's documents of those three types, each with the branch whose database it is in.
 */
export function productOpenings(docs: Iterable<{ branch: string; doc: unknown }>, ledger: Database | null): Map<string, ProductOpening[]> {
  const by = new Map<string, ProductOpening[]>();
  const add = (branch: string, o: ProductOpening) => {
    const list = by.get(branch);
    if (list) list.push(o);
    else by.set(branch, [o]);
  };
  const customerOf = new Map<string, { branch: string; id: string }[]>();
  for (const { branch, doc } of docs) {
    const a = account.safeParse(doc);
    if (a.success) {
      add(branch, { customerId: a.data.customerId, product: a.data.kind, at: a.data.openedAt, ref: a.data._id });
      continue;
    }
    const l = loanapp.safeParse(doc);
    if (l.success) {
      if (l.data.disbursedAt) add(branch, { customerId: l.data.customerId, product: 'loan', at: l.data.disbursedAt, ref: l.data._id });
      continue;
    }
    const c = customer.safeParse(doc);
    if (c.success && c.data.idNumber) customerOf.set(c.data.idNumber, [...(customerOf.get(c.data.idNumber) ?? []), { branch, id: c.data._id }]);
  }
  if (ledger && customerOf.size > 0) {
    for (const l of ledger.prepare('SELECT account, id_no, disbursed_on FROM loan').iterate() as Iterable<{ account: string; id_no: string; disbursed_on: string }>) {
      for (const c of customerOf.get(l.id_no) ?? []) add(c.branch, { customerId: c.id, product: 'loan', at: l.disbursed_on, ref: `loan:${l.account}` });
    }
  }
  return by;
}
