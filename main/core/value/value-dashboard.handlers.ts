import { customerValueContent, offerResponseFields } from '../../../domain/value/customer-value-doc';
import { pointsSummaryContent, pointsSummaryId, type PointsSummary } from '../../../domain/value/points-summary';
import { valueDashboard, type OfferAnswerAt, type ProductOpening } from '../../../domain/value/value-dashboard';
import { branchDay } from '../../../domain/time/branch-time';
import { z } from 'zod';
import type { CallContext, Handlers } from '../api/handlers';
import { signedDocs } from '../village/signed-docs';
import { branchTasks } from './marketing.handlers';
import type { valueDashboardContract } from './value-dashboard.contract';
import type { ServiceDeps } from '../service-deps';

export interface ValueDashboardDeps extends Pick<ServiceDeps, 'pouch' | 'sql' | 'branch' | 'timeZone' | 'trust' | 'verdictKey' | 'accounts'> {
  /** Head office's newest signed partner statement of the branch (the 合伙人 screen's reader). */
  partnerStatement(ctx: CallContext): Promise<{ month: string; partners: number; effectivePartners: number } | null>;
}

const answerSchema = z.looseObject(offerResponseFields);

async function prefixed(pouch: PouchDB.Database<object>, prefix: string): Promise<unknown[]> {
  const res = await pouch.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
  return res.rows.map((r) => r.doc);
}

/**
 * 精微看板 at the branch, counted from the local store: tiers, points and offers from head office's signed
 * `customer-value` documents (one written by anything else is not counted; each revision's signature is checked
 * once and the verdict remembered, so a call does not verify thousands of signatures again), the points the
 * branch's customers were issued, spent and lost from head office's signed T+1 points summary, the answers the branch recorded, the
 * products those customers opened afterwards (accounts head office signed from core banking, loans disbursed in the
 * branch's own loan flow), 点亮侯马 tasks, households filed, and head office's partner statement.
 */
export function valueDashboardHandlers(deps: ValueDashboardDeps): Handlers<typeof valueDashboardContract> {
  type Value = z.infer<typeof customerValueContent>;
  const values = signedDocs<Value>(deps, 'customer-value:', customerValueContent);
  const summaries = signedDocs<PointsSummary>(deps, pointsSummaryId(deps.branch), pointsSummaryContent);

  /** Products the customers opened: signed accounts by kind, and disbursed loans; only for the customers asked about. */
  async function openings(customerIds: Set<string>): Promise<ProductOpening[]> {
    if (customerIds.size === 0) return [];
    const ids = [...customerIds];
    const out: ProductOpening[] = (await deps.accounts.ofCustomers(ids)).map((a) => ({ customerId: a.customerId, product: a.kind, at: a.openedAt, ref: a._id }));
    const loans = deps.sql.prepare(`SELECT id, customer_id, disbursed_at FROM loanapp_index WHERE disbursed_at IS NOT NULL AND customer_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as {
      id: string; customer_id: string; disbursed_at: string;
    }[];
    for (const l of loans) out.push({ customerId: l.customer_id, product: 'loan', at: l.disbursed_at, ref: l.id });
    return out;
  }

  return {
    'value.dashboard': async ({ date }, ctx) => {
      const asOf = date ?? branchDay(ctx.now, deps.timeZone);
      const [{ docs: published }, { docs: summary }] = await Promise.all([values(), summaries()]);
      const answers: OfferAnswerAt[] = (await prefixed(deps.pouch, 'offer-response:')).flatMap((doc) => {
        const a = answerSchema.safeParse(doc);
        return a.success && a.data.branch === deps.branch ? [a.data] : [];
      });
      const count = (sql: string) => (deps.sql.prepare(sql).get() as { n: number }).n;
      const points = summary.find((d) => d._id === pointsSummaryId(deps.branch)) ?? null;
      const dashboard = valueDashboard({
        asOf, timeZone: deps.timeZone, values: published, answers,
        openings: await openings(new Set(answers.filter((a) => a.response === 'accepted').map((a) => a.customerId))),
        tasks: await branchTasks(deps.pouch, deps.branch),
        partners: await deps.partnerStatement(ctx),
        households: { households: count('SELECT count(*) AS n FROM household_index'), householdsFiled: count('SELECT count(*) AS n FROM household_index WHERE filed = 1') },
        merchants: count("SELECT count(*) AS n FROM customer_index WHERE kind = 'enterprise' OR grp = 'merchant'"),
      });
      // Head office's summary is as of its own day; a T+1 view of an earlier day shows only the months up to it.
      return { ...dashboard, pointsFlows: points && { asOf: points.asOf, months: points.months.filter((m) => m.month <= asOf.slice(0, 7)) } };
    },
  };
}
