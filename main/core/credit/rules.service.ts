import { creditDashboard } from '../../../domain/credit/metrics';
import { PRODUCT_CODES, type ProductCode } from '../../../domain/credit/products';
import { dryRun, ruleSetDigest, ruleSetSchema, type RuleSet } from '../../../domain/credit/rules';
import { actorOf, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { creditContract, DashboardView, RuleDraftView, RuleSetSummary } from './credit.contract';
import { creditQueries } from './credit.queries';
import { ruleDraftDocId, ruleSetDocId, type RuleDraftDoc, type RuleSetDoc } from './reference-store';
import type { ServiceDeps } from '../service-deps';

type RulesContract = Pick<typeof creditContract, 'rules.list' | 'rules.get' | 'rules.saveDraft' | 'rules.dryRun' | 'rules.publish' | 'credit.dashboard'>;

export type RulesDeps = Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'events' | 'reference'>;

const summary = (d: Omit<RuleSetDoc, 'ruleSet'> & { ruleSet?: RuleSet }, notes?: string): RuleSetSummary => ({
  product: d.product, version: d.version, digest: d.digest, publishedAt: d.publishedAt, publishedBy: d.publishedBy,
  publishedByName: d.publishedByName, notes: notes ?? d.ruleSet?.notes ?? null,
});

const draftView = ({ _id, _rev, type: _t, ...fields }: RuleDraftDoc): RuleDraftView => ({ ...fields, rev: _rev! });

/**
 * Head office's side of the rules: a risk officer saves a draft and dry-runs it against this branch's past
 * applications; a publisher (rules.publish) turns the saved draft into the next version. A draft is what was
 * dry-run and reviewed, so publishing names its revision: an edit made after review cannot slip through.
 */
export function rulesHandlers(deps: RulesDeps): Handlers<RulesContract> {
  const q = creditQueries(deps.sql);
  const ref = deps.reference;

  return {
    'rules.list': async () =>
      Promise.all(
        PRODUCT_CODES.map(async (product) => {
          const current = await ref.latestRuleSet(product);
          const draft = await ref.draft(product);
          const { ruleSet: _r, ...d } = draft ? draftView(draft) : { ruleSet: null };
          return { product, current: summary(current), draft: draft ? (d as Omit<RuleDraftView, 'ruleSet'>) : null };
        }),
      ),

    'rules.get': async ({ product }) => {
      const current = await ref.latestRuleSet(product);
      const draft = await ref.draft(product);
      return {
        current: { ...summary(current), ruleSet: current.ruleSet },
        draft: draft ? draftView(draft) : null,
        versions: (await ref.versions(product)).map((v) => summary(v, v.notes ?? undefined)),
      };
    },

    'rules.saveDraft': async ({ product, rev, ruleSet, notes }, ctx) => {
      const actor = actorOf(ctx);
      if (ruleSet.product !== product) throw apiError('VALIDATION', 'rules.productMismatch');
      return deps.writes.run(async () => {
        const current = await ref.latestRuleSet(product);
        const existing = await ref.draft(product);
        if ((existing?._rev ?? undefined) !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
        const doc: RuleDraftDoc = {
          _id: ruleDraftDocId(product), ...(existing ? { _rev: existing._rev } : {}), type: 'ruleset-draft', product, baseVersion: current.version,
          ruleSet: { ...ruleSet, version: current.version + 1, notes }, notes, savedAt: ctx.now.toISOString(), savedBy: actor.staffNo, savedByName: actor.name,
        };
        const res = await ref.pouch.put(doc);
        const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action: 'rules.saveDraft', entity: doc._id, at: ctx.now.toISOString(), before: null, after: { product, baseVersion: current.version, notes } });
        await deps.pouch.bulkDocs([entry]);
        deps.audit.commit(entry);
        return draftView({ ...doc, _rev: res.rev });
      });
    },

    'rules.dryRun': async ({ product, ruleSet }) => {
      const current = await ref.latestRuleSet(product);
      const proposed = ruleSet ?? (await ref.draft(product))?.ruleSet;
      if (!proposed) throw apiError('NOT_FOUND', 'rules.noDraft');
      if (proposed.product !== product) throw apiError('VALIDATION', 'rules.productMismatch');
      const result = dryRun(current.ruleSet, proposed, q.pastInputs(product), (await ref.lpr()).table);
      return { ...result, currentVersion: current.version };
    },

    'rules.publish': async ({ product, draftRev }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const draft = await ref.draft(product);
        if (!draft) throw apiError('NOT_FOUND', 'rules.noDraft');
        if (draft._rev !== draftRev) throw apiError('CONFLICT', 'rules.draftChanged');
        const current = await ref.latestRuleSet(product);
        const version = current.version + 1;
        const at = ctx.now.toISOString();
        const ruleSet = ruleSetSchema.parse({ ...draft.ruleSet, version, publishedAt: at, notes: draft.notes });
        const doc: RuleSetDoc = {
          _id: ruleSetDocId(product, version), type: 'ruleset', product, version, digest: ruleSetDigest(ruleSet), ruleSet, publishedAt: at,
          publishedBy: actor.staffNo, publishedByName: actor.name,
        };
        // The version and the draft's removal land together; the new id cannot exist yet, so two publishers cannot both win.
        const res = await ref.pouch.bulkDocs([doc, { _id: draft._id, _rev: draft._rev, _deleted: true }] as object[]);
        if (res.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'rules.draftChanged');
        const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action: 'rules.publish', entity: doc._id, at, before: { version: current.version }, after: { version, digest: doc.digest, notes: draft.notes, editedBy: draft.savedBy } });
        await deps.pouch.bulkDocs([entry]);
        deps.audit.commit(entry);
        deps.events.emit('rules.published', { product, version });
        return summary(doc);
      });
    },

    'credit.dashboard': async ({ from, to }) => {
      const lo = from ?? '0000-01-01';
      const hi = to ? `${to}\uffff` : '9999-12-31';
      const counts = q.counts(lo, hi);
      const e2e = q.endToEnd(lo, hi);
      const products = new Map<ProductCode, DashboardView['byProduct'][number]>();
      for (const p of PRODUCT_CODES) products.set(p, { productCode: p, approve: 0, refer: 0, reject: 0, pending: 0 });
      for (const r of q.byProduct(lo, hi)) products.get(r.product)![r.outcome ?? 'pending'] += r.n;
      return {
        metrics: creditDashboard(counts),
        endToEndMs: e2e.ms,
        endToEndCount: e2e.count,
        byProduct: [...products.values()],
        byDay: q.byDay(lo, hi),
        averageStepMs: q.averageSteps(lo, hi),
      };
    },
  };
}
