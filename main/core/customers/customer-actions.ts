import { actorOf, type CallContext } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { OutputOf, ParsedInputOf } from '../api/method';
import { translate } from '../../../i18n/translate';
import { diffFields, normalizeCustomer } from './customer-fields';
import { assertSavable, load, record, write, type CustomerContext, type CustomerDoc } from './customer-records';
import type { customersContract } from './customers.contract';

type Args<M extends keyof typeof customersContract> = ParsedInputOf<(typeof customersContract)[M]>;
type Result<M extends keyof typeof customersContract> = Promise<OutputOf<(typeof customersContract)[M]>>;

/** The customer's answer to head office's next best offer, for the conversion figures. */
export async function offerResponse(c: CustomerContext, { id, offer, response, channel }: Args<'customers.offerResponse'>, ctx: CallContext): Result<'customers.offerResponse'> {
  const actor = actorOf(ctx);
  const customer = await load(c, id);
  const made = customer.idNumber ? (await c.deps.value(customer.idNumber))?.offer : null;
  // Only the offer head office made this customer counts: conversion figures are not typed in at will.
  if (!made || made.code !== offer) {
    const key = 'value.offerNotMade';
    throw apiError('VALIDATION', 'error.VALIDATION', { count: 1 }, { fields: [{ path: 'offer', key, params: {}, message: translate(key) }] });
  }
  const doc = {
    _id: `offer-response:${c.newId()}`, type: 'offer-response', branch: c.deps.branch, customerId: id, offer, segment: made.segment,
    rulesVersion: made.rulesVersion, channel, response, at: ctx.now.toISOString(), by: actor.staffNo,
  };
  await c.deps.writes.run(() => c.deps.pouch.put(doc));
  return { id: doc._id };
}

export async function create(c: CustomerContext, { customer }: Args<'customers.create'>, ctx: CallContext): Result<'customers.create'> {
  const actor = actorOf(ctx);
  const fields = normalizeCustomer(customer);
  return c.deps.writes.run(async () => {
    assertSavable(c, fields, ctx.now);
    const at = ctx.now.toISOString();
    const doc: CustomerDoc = {
      _id: `customer:${c.newId()}`, type: 'customer', ...fields, branch: c.deps.branch,
      createdAt: at, createdBy: actor.staffNo, updatedAt: at, updatedBy: actor.staffNo,
    };
    return write(c, doc, null, actor, ctx.now);
  });
}

/** A change to the record at the revision the teller saw; nothing is written when no field changed. */
export async function update(c: CustomerContext, { id, rev, customer }: Args<'customers.update'>, ctx: CallContext): Result<'customers.update'> {
  const actor = actorOf(ctx);
  const fields = normalizeCustomer(customer);
  return c.deps.writes.run(async () => {
    const current = await load(c, id);
    if (current._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
    if (current.kind !== fields.kind) throw apiError('VALIDATION', 'customer.kindImmutable');
    assertSavable(c, fields, ctx.now, id);
    const { _conflicts: _c, ...base } = current;
    const doc: CustomerDoc = {
      _id: id, _rev: rev, type: 'customer', ...fields, branch: base.branch,
      createdAt: base.createdAt, createdBy: base.createdBy, updatedAt: ctx.now.toISOString(), updatedBy: actor.staffNo,
    };
    if (!diffFields(base, doc).length) return record(current);
    return write(c, doc, base, actor, ctx.now);
  });
}
