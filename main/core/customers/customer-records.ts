import { monotonicFactory } from 'ulid';
import { checkCustomer, type CustomerFields } from '../../../domain/customers/customer';
import { customerQueries, type CustomerIndexRow } from '../../../db/queries/customers';
import { getSqlite } from '../../../db/projection';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import type { ServiceDeps } from '../service-deps';
import type { CustomerValueReader } from '../value/customer-value';
import { diffFields, pickFields, toFieldErrors } from './customer-fields';
import { viewLog } from './customer-view-log';
import type { CustomerRecord, CustomerSummary } from './customers.contract';

export interface CustomerDoc extends CustomerFields {
  _id: string;
  _rev?: string;
  type: 'customer';
  branch: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface CustomerDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'accounts'> {
  value: CustomerValueReader;
}

/** What the customer handlers work over: the deps, the SQL index, the view log and one id source per handler set. */
export interface CustomerContext {
  deps: CustomerDeps;
  queries: ReturnType<typeof customerQueries>;
  views: ReturnType<typeof viewLog>;
  /** Monotonic within the handler set, so records made in one millisecond still sort in the order they were made. */
  newId: () => string;
}

export function customerContext(deps: CustomerDeps): CustomerContext {
  return { deps, queries: customerQueries(getSqlite(deps.pouch)), views: viewLog(deps), newId: monotonicFactory() };
}

export type LoadedCustomer = CustomerDoc & { _conflicts?: string[] };

export async function load({ deps }: CustomerContext, id: string): Promise<LoadedCustomer> {
  try {
    return (await deps.pouch.get(id, { conflicts: true })) as unknown as LoadedCustomer;
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('customer.notFound') });
    throw e;
  }
}

export const record = (doc: LoadedCustomer): CustomerRecord => {
  const { _id, _rev, _conflicts, type: _type, ...rest } = doc;
  return { ...rest, id: _id, rev: _rev!, conflicts: _conflicts ?? [] };
};

export function summary(r: CustomerIndexRow): CustomerSummary {
  return {
    id: r.id, kind: r.kind, name: r.name, idNumber: r.id_number, uscc: r.uscc, phone: r.phone, address: r.address,
    village: r.village, group: r.grp as CustomerSummary['group'], updatedAt: r.updated_at,
  };
}

/** Rejects invalid fields and duplicates; warnings (pilot USCC codes) pass. */
export function assertSavable({ queries }: CustomerContext, c: CustomerFields, now: Date, selfId?: string): void {
  const errors = checkCustomer(c, now).filter((i) => i.severity === 'error');
  if (errors.length) {
    throw apiError('VALIDATION', 'error.VALIDATION', { count: errors.length }, { fields: toFieldErrors(errors, c.kind) });
  }
  const dup = (c.kind === 'individual' ? queries.findByIdNumber(c.idNumber!) : queries.findByUscc(c.uscc!)).find((r) => r.id !== selfId);
  if (dup) {
    const key = c.kind === 'individual' ? 'customer.duplicateIdNumber' : 'customer.duplicateUscc';
    const path = c.kind === 'individual' ? 'idNumber' : 'uscc';
    const params = { name: dup.name };
    throw apiError('DUPLICATE', key, params, {
      fields: [{ path, key, params, message: translate(key, params) }],
      detail: { existingId: dup.id, existingName: dup.name },
    });
  }
}

/** The record and its audit entry (the fields changed, or all of a new record) in one write. */
export async function write({ deps }: CustomerContext, doc: CustomerDoc, before: CustomerFields | null, actor: { staffNo: string; name: string }, now: Date) {
  const entry = deps.audit.next({
    actor: actor.staffNo, actorName: actor.name, action: before ? 'customer.update' : 'customer.create', entity: doc._id,
    at: now.toISOString(),
    before: before ? Object.fromEntries(diffFields(before, doc).map((c) => [c.field, c.before])) : null,
    after: before ? Object.fromEntries(diffFields(before, doc).map((c) => [c.field, c.after])) : pickFields(doc),
  });
  const [res] = await deps.pouch.bulkDocs([doc, entry]);
  if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
  deps.audit.commit(entry);
  const rev = (res as { rev: string }).rev;
  deps.events.emit('customer.changed', { id: doc._id, rev });
  return record({ ...doc, _rev: rev });
}
