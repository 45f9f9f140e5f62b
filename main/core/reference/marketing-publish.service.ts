import { randomBytes } from 'node:crypto';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import { marketingDocSchema, type MarketingDoc } from '../queue/queue-marketing';
import { auditPublication } from './reference-audit';
import type { MarketingRow, referenceContract } from './reference.contract';
import type { ServiceDeps } from '../service-deps';

export interface MarketingPublishDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes'> {
  /** The `reference` database; the kiosk's watch (queue-marketing.ts) pushes every change to open kiosks. */
  reference: PouchDB.Database<object>;
}

/** A bare date covers its whole day, as the kiosk reads it (queue-marketing.ts). */
const endedAt = (validTo: string | undefined, now: Date) => !!validTo && validTo < (validTo.length === 10 ? now.toISOString().slice(0, 10) : now.toISOString());

const row = (d: MarketingDoc, rev: string, now: Date): MarketingRow => ({
  id: d._id, rev, title: d.title, body: d.body, tag: d.tag ?? null, audience: d.audience, validFrom: d.validFrom ?? null, validTo: d.validTo ?? null,
  ended: endedAt(d.validTo, now),
});

/** What an item says and where, without the document's bookkeeping: the audit entry's before. */
const shown = ({ _id: _i, _rev: _r, type: _t, ...fields }: MarketingDoc): Record<string, unknown> => fields;

const conflictOr = (e: unknown): never => {
  if ((e as { status?: number }).status === 409) throw apiError('CONFLICT', 'error.CONFLICT');
  throw e;
};

/**
 * Head office's kiosk marketing items. Retiring sets validTo to this moment rather than deleting: the kiosk drops the
 * item at once (it reads a time to the second), the list keeps it as 已下架 and the audit entry points at a document
 * that still says what was shown.
 */
export function marketingPublishHandlers(deps: MarketingPublishDeps): Handlers<Pick<typeof referenceContract, 'reference.marketing' | 'reference.saveMarketing' | 'reference.retireMarketing'>> {
  const get = async (id: string): Promise<MarketingDoc> => {
    try {
      return marketingDocSchema.parse(await deps.reference.get(id));
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND');
      throw e;
    }
  };
  const write = async (doc: MarketingDoc, rev: string | undefined, now: Date): Promise<MarketingRow> => {
    const res = await deps.reference.put({ ...doc, ...(rev ? { _rev: rev } : {}) }).catch(conflictOr);
    return row(doc, res.rev, now);
  };

  return {
    'reference.marketing': async (_args, ctx) => {
      const res = await deps.reference.allDocs({ startkey: 'marketing:', endkey: 'marketing:\uffff', include_docs: true });
      return res.rows.flatMap((r) => {
        const parsed = marketingDocSchema.safeParse(r.doc);
        return parsed.success ? [row(parsed.data, r.value.rev, ctx.now)] : [];
      });
    },

    'reference.saveMarketing': async ({ id, rev, item }, ctx) => {
      const actor = actorOf(ctx);
      if (id && !rev) throw apiError('CONFLICT', 'error.CONFLICT');
      return deps.writes.run(async () => {
        const before = id ? await get(id) : null;
        const doc = marketingDocSchema.parse({ _id: id ?? `marketing:${ctx.now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`, type: 'marketing', ...item });
        const saved = await write(doc, rev, ctx.now);
        await auditPublication(deps, { actor: actor.staffNo, actorName: actor.name, action: 'reference.saveMarketing', entity: doc._id, at: ctx.now.toISOString(), before: before ? shown(before) : null, after: { ...item } });
        return saved;
      });
    },

    'reference.retireMarketing': async ({ id, rev }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const before = await get(id);
        const at = ctx.now.toISOString();
        // Ended the moment before: the kiosk shows an item up to and including its validTo.
        const validTo = new Date(ctx.now.getTime() - 1).toISOString();
        const saved = await write({ ...before, validTo }, rev, ctx.now);
        await auditPublication(deps, { actor: actor.staffNo, actorName: actor.name, action: 'reference.retireMarketing', entity: id, at, before: { validTo: before.validTo ?? null }, after: { validTo } });
        return saved;
      });
    },
  };
}
