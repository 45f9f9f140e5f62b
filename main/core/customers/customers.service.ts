import { checkCustomer } from '../../../domain/customers/customer';
import { actorOf, type Handlers } from '../api/handlers';
import { changesOf } from '../audit/audit-log';
import { CUSTOMER_VIEW_ACTION } from '../audit/audit.contract';
import { accountView } from './accounts';
import { create, offerResponse, update } from './customer-actions';
import { normalizeCustomer } from './customer-fields';
import { customerContext, load, record, summary, type CustomerDeps } from './customer-records';
import type { customersContract } from './customers.contract';

export { diffFields, fieldLabel, normalizeCustomer, toFieldErrors } from './customer-fields';
export type { CustomerDeps, CustomerDoc } from './customer-records';

/**
 * The branch's customers: search over the SQL index, the record (each opening in the audit chain), its accounts
 * and value from head office, checks, create and update with their audit entries, and the record's history.
 * Each method is a short function over one CustomerContext.
 */
export function customerHandlers(deps: CustomerDeps): Handlers<typeof customersContract> {
  const c = customerContext(deps);
  return {
    'customers.search': async ({ q, limit }) => c.queries.search(q, limit).map(summary),

    'customers.get': async ({ id }, ctx) => {
      const doc = await load(c, id);
      await c.views.record(id, actorOf(ctx), ctx.now);
      return record(doc);
    },

    'customers.accounts': async ({ id }) => (await deps.accounts.ofCustomer(id)).map(accountView),

    'customers.value': async ({ id }) => {
      const customer = await load(c, id);
      return customer.idNumber ? deps.value(customer.idNumber) : null;
    },

    'customers.offerResponse': (args, ctx) => offerResponse(c, args, ctx),

    'customers.check': async ({ customer }, ctx) => checkCustomer(normalizeCustomer(customer), ctx.now),

    'customers.create': (args, ctx) => create(c, args, ctx),

    'customers.update': (args, ctx) => update(c, args, ctx),

    // The record's changes; who only looked at it is the audit screen's (audit.read) business.
    'customers.history': async ({ id }) =>
      (await deps.audit.history(id)).filter((row) => row.action !== CUSTOMER_VIEW_ACTION).map((row) => ({
        at: row.at, actor: row.actor, actorName: row.actorName, device: row.device, action: row.action, integrity: row.integrity,
        changes: changesOf(row),
      })),
  };
}
