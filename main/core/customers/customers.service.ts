import { monotonicFactory } from 'ulid';
import { checkCustomer, type CustomerFields, type FieldIssue } from '../../../domain/customers/customer';
import { normalizeResidentId } from '../../../domain/identity/resident-id';
import { normalizeUscc } from '../../../domain/identity/uscc';
import { translate } from '../../../i18n/translate';
import { customerQueries, type CustomerIndexRow } from '../../../db/queries/customers';
import { getSqlite } from '../../../db/projection';
import { actorOf, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { FieldError } from '../api/errors';
import { changesOf } from '../audit/audit-log';
import { CUSTOMER_VIEW_ACTION } from '../audit/audit.contract';
import { accountView } from './accounts';
import type { CustomerValueReader } from '../value/customer-value';
import { customersContract, type CustomerRecord, type CustomerSummary, type FieldChange } from './customers.contract';
import type { ServiceDeps } from '../service-deps';

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

const FIELDS: (keyof CustomerFields)[] = [
  'kind', 'name', 'phone', 'address', 'village', 'group', 'idNumber', 'uscc', 'legalRepresentative', 'shareholders', 'note',
];

/** "shareholders.1.shareBp" → "股东第2行·持股比例": the message must name the field the teller sees. */
export function fieldLabel(path: string, kind: CustomerFields['kind']): string {
  const [head, index, leaf] = path.split('.');
  if (head === 'shareholders' && index !== undefined && leaf) {
    return `${translate('field.shareholders')}第${Number(index) + 1}行·${translate(leaf === 'shareBp' ? 'field.shareBp' : `field.${leaf}`)}`;
  }
  if (head === 'name' && kind === 'enterprise') return translate('field.enterpriseName');
  return translate(`field.${head}`);
}

export function toFieldErrors(issues: FieldIssue[], kind: CustomerFields['kind']): FieldError[] {
  return issues.map((i) => {
    const params = { ...i.params, field: fieldLabel(i.path, kind) };
    return { path: i.path, key: i.key, params, message: translate(i.key, params) };
  });
}

/** Trims, upper-cases identifiers and drops empty optionals so equal records compare equal. */
export function normalizeCustomer(input: CustomerFields): CustomerFields {
  const out: CustomerFields = { kind: input.kind, name: input.name.trim(), phone: input.phone.trim(), address: input.address.trim() };
  const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  if (opt(input.village)) out.village = opt(input.village);
  if (opt(input.note)) out.note = opt(input.note);
  if (input.kind === 'individual') {
    if (input.group) out.group = input.group;
    if (opt(input.idNumber)) out.idNumber = normalizeResidentId(input.idNumber!);
  } else {
    if (opt(input.uscc)) out.uscc = normalizeUscc(input.uscc!);
    if (opt(input.legalRepresentative)) out.legalRepresentative = opt(input.legalRepresentative);
    if (input.shareholders?.length) {
      out.shareholders = input.shareholders.map((s) => ({
        kind: s.kind, name: s.name.trim(), shareBp: s.shareBp,
        ...(opt(s.idNumber) ? { idNumber: s.kind === 'person' ? normalizeResidentId(s.idNumber!) : normalizeUscc(s.idNumber!) } : {}),
      }));
    }
  }
  return out;
}

function pickFields(doc: CustomerFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (doc[f] !== undefined) out[f] = doc[f];
  return out;
}

export function diffFields(before: CustomerFields, after: CustomerFields): FieldChange[] {
  return FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((f) => ({
    field: f, before: before[f] ?? null, after: after[f] ?? null,
  }));
}

function summary(r: CustomerIndexRow): CustomerSummary {
  return {
    id: r.id, kind: r.kind, name: r.name, idNumber: r.id_number, uscc: r.uscc, phone: r.phone, address: r.address,
    village: r.village, group: r.grp as CustomerSummary['group'], updatedAt: r.updated_at,
  };
}

/** One view entry per staff member and customer in this long: reopening a record while serving keeps the chain short. */
const VIEW_LOG_INTERVAL_MS = 15 * 60_000;

/**
 * Who opened a customer's record, in the audit chain (the audit screen's "who viewed this customer"): written by
 * the core on every `customers.get`, whatever screen or script asked, at most once per staff member and customer
 * per VIEW_LOG_INTERVAL_MS.
 */
function viewLog(deps: Pick<CustomerDeps, 'audit' | 'writes'>) {
  const last = new Map<string, number>();
  return {
    async record(id: string, actor: { staffNo: string; name: string }, now: Date): Promise<void> {
      const key = `${actor.staffNo} ${id}`;
      const seen = last.get(key);
      if (seen !== undefined && now.getTime() - seen < VIEW_LOG_INTERVAL_MS && now.getTime() >= seen) return;
      if (last.size > 10_000) for (const [k, t] of last) if (now.getTime() - t >= VIEW_LOG_INTERVAL_MS) last.delete(k);
      await deps.writes.run(() =>
        deps.audit.append({ actor: actor.staffNo, actorName: actor.name, action: CUSTOMER_VIEW_ACTION, entity: id, at: now.toISOString(), before: null, after: null }),
      );
      last.set(key, now.getTime());
    },
  };
}

export interface CustomerDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'accounts'> {
  value: CustomerValueReader;
}

export function customerHandlers(deps: CustomerDeps): Handlers<typeof customersContract> {
  const queries = customerQueries(getSqlite(deps.pouch));
  const views = viewLog(deps);
  const newId = monotonicFactory();

  async function load(id: string): Promise<CustomerDoc & { _conflicts?: string[] }> {
    try {
      return (await deps.pouch.get(id, { conflicts: true })) as unknown as CustomerDoc & { _conflicts?: string[] };
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('customer.notFound') });
      throw e;
    }
  }

  const record = (doc: CustomerDoc & { _conflicts?: string[] }): CustomerRecord => {
    const { _id, _rev, _conflicts, type: _type, ...rest } = doc;
    return { ...rest, id: _id, rev: _rev!, conflicts: _conflicts ?? [] };
  };

  /** Rejects invalid fields and duplicates; warnings (pilot USCC codes) pass. */
  function assertSavable(c: CustomerFields, now: Date, selfId?: string): void {
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

  async function write(doc: CustomerDoc, before: CustomerFields | null, actor: { staffNo: string; name: string }, now: Date) {
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

  return {
    'customers.search': async ({ q, limit }) => queries.search(q, limit).map(summary),

    'customers.get': async ({ id }, ctx) => {
      const doc = await load(id);
      await views.record(id, actorOf(ctx), ctx.now);
      return record(doc);
    },

    'customers.accounts': async ({ id }) => (await deps.accounts.ofCustomer(id)).map(accountView),

    'customers.value': async ({ id }) => {
      const c = await load(id);
      return c.idNumber ? deps.value(c.idNumber) : null;
    },

    'customers.offerResponse': async ({ id, offer, response, channel }, ctx) => {
      const actor = actorOf(ctx);
      const c = await load(id);
      const made = c.idNumber ? (await deps.value(c.idNumber))?.offer : null;
      // Only the offer head office made this customer counts: conversion figures are not typed in at will.
      if (!made || made.code !== offer) {
        const key = 'value.offerNotMade';
        throw apiError('VALIDATION', 'error.VALIDATION', { count: 1 }, { fields: [{ path: 'offer', key, params: {}, message: translate(key) }] });
      }
      const doc = {
        _id: `offer-response:${newId()}`, type: 'offer-response', branch: deps.branch, customerId: id, offer, segment: made.segment,
        rulesVersion: made.rulesVersion, channel, response, at: ctx.now.toISOString(), by: actor.staffNo,
      };
      await deps.writes.run(() => deps.pouch.put(doc));
      return { id: doc._id };
    },

    'customers.check': async ({ customer }, ctx) => {
      const c = normalizeCustomer(customer);
      return checkCustomer(c, ctx.now);
    },

    'customers.create': async ({ customer }, ctx) => {
      const actor = actorOf(ctx);
      const c = normalizeCustomer(customer);
      return deps.writes.run(async () => {
        assertSavable(c, ctx.now);
        const at = ctx.now.toISOString();
        const doc: CustomerDoc = {
          _id: `customer:${newId()}`, type: 'customer', ...c, branch: deps.branch,
          createdAt: at, createdBy: actor.staffNo, updatedAt: at, updatedBy: actor.staffNo,
        };
        return write(doc, null, actor, ctx.now);
      });
    },

    'customers.update': async ({ id, rev, customer }, ctx) => {
      const actor = actorOf(ctx);
      const c = normalizeCustomer(customer);
      return deps.writes.run(async () => {
        const current = await load(id);
        if (current._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
        if (current.kind !== c.kind) throw apiError('VALIDATION', 'customer.kindImmutable');
        assertSavable(c, ctx.now, id);
        const { _conflicts: _c, ...base } = current;
        const doc: CustomerDoc = {
          _id: id, _rev: rev, type: 'customer', ...c, branch: base.branch,
          createdAt: base.createdAt, createdBy: base.createdBy, updatedAt: ctx.now.toISOString(), updatedBy: actor.staffNo,
        };
        if (!diffFields(base, doc).length) return record(current);
        return write(doc, base, actor, ctx.now);
      });
    },

    // The record's changes; who only looked at it is the audit screen's (audit.read) business.
    'customers.history': async ({ id }) =>
      (await deps.audit.history(id)).filter((row) => row.action !== CUSTOMER_VIEW_ACTION).map((row) => ({
        at: row.at, actor: row.actor, actorName: row.actorName, device: row.device, action: row.action, integrity: row.integrity,
        changes: changesOf(row),
      })),
  };
}
