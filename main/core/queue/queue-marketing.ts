import { z } from 'zod';
import { MARKETING_AUDIENCES } from '../../../domain/queue/marketing';
import { branchDay } from '../../../domain/time/branch-time';
import type { CoreEvents } from '../events';
import { seedRevision } from '../credit/reference-store';
import type { QueueLog } from './queue-board';
import type { MarketingItem } from './queue.contract';

/** A marketing item in the `reference` database, checked when read because it arrives by replication. */
export const marketingDocSchema = z.object({
  _id: z.string().startsWith('marketing:'),
  _rev: z.string().optional(),
  type: z.literal('marketing'),
  title: z.string().min(1).max(120),
  body: z.string().min(1).max(2000),
  tag: z.string().max(20).optional(),
  audience: z.enum(MARKETING_AUDIENCES),
  /** Branch days (ISO dates) or UTC times; the item shows from validFrom to validTo. */
  validFrom: z.union([z.iso.date(), z.iso.datetime()]).optional(),
  validTo: z.union([z.iso.date(), z.iso.datetime()]).optional(),
});
export type MarketingDoc = z.infer<typeof marketingDocSchema>;

export interface MarketingDeps {
  /** The `reference` database: head office publishes the kiosk's marketing items there. */
  reference: PouchDB.Database<object>;
  events: CoreEvents;
  log?: QueueLog;
  /** The branch's time zone: a bare date is that day in the branch. */
  timeZone: string;
}

/** The marketing items the kiosk shows now: published to `reference`, for the kiosk, within their dates. */
export async function marketingItems(deps: Pick<MarketingDeps, 'reference' | 'log' | 'timeZone'>, now: Date): Promise<MarketingItem[]> {
  const res = await deps.reference.allDocs({ startkey: 'marketing:', endkey: 'marketing:\uffff', include_docs: true });
  const at = now.toISOString();
  const day = branchDay(now, deps.timeZone);
  // A bare date covers that whole day in the branch: an item "valid to 2026-12-31" shows until midnight in Beijing,
  // not until 08:00 on 1 January (UTC's midnight).
  const started = (from?: string) => !from || from <= (from.length === 10 ? day : at);
  const notEnded = (to?: string) => !to || to >= (to.length === 10 ? day : at);
  return res.rows.flatMap((r): MarketingItem[] => {
    // Replicated from head office: a malformed item is left out, never shown half-filled or allowed to break the kiosk.
    const parsed = marketingDocSchema.safeParse(r.doc);
    if (!parsed.success) {
      deps.log?.('warn', `marketing item ${r.id} is malformed and not shown`, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return [];
    }
    const d = parsed.data;
    const showing = d.audience !== 'desk' && started(d.validFrom) && notEnded(d.validTo);
    return showing ? [{ id: r.id, title: d.title, body: d.body, tag: d.tag ?? null }] : [];
  });
}

/**
 * Pushes the kiosk's marketing items whenever a publication from head office changes them, so a kiosk that stays
 * open all day shows new items without a reload. Returns the function that stops watching.
 */
export function watchMarketing(deps: MarketingDeps, clock: () => Date): () => void {
  const feed = deps.reference.changes({ since: 'now', live: true });
  feed.on('change', (change) => {
    if (!change.id.startsWith('marketing:')) return;
    marketingItems(deps, clock()).then(
      (items) => deps.events.emit('queue.marketing', items),
      (e: unknown) => deps.log?.('warn', 'marketing items could not be read after a change', e),
    );
  });
  feed.on('error', (e) => deps.log?.('warn', 'marketing watch stopped', e));
  return () => feed.cancel();
}

/** Demo marketing items, as head office would publish them to the `reference` database. */
export const DEMO_MARKETING: Omit<MarketingDoc, '_rev'>[] = [
  { _id: 'marketing:demo-fnd', type: 'marketing', audience: 'all', tag: '精微快贷', title: '富农贷 · 春耕备耕', body: '种植养殖户凭身份证即可申请，最快当天放款，随借随还。' },
  { _id: 'marketing:demo-jld', type: 'marketing', audience: 'all', tag: '精微快贷', title: '富民金领贷 · 10分钟到账', body: '公职人员及稳定单位员工专享，手机申请、线上签约。' },
  { _id: 'marketing:demo-zx', type: 'marketing', audience: 'kiosk', tag: '精微甄选', title: '存款积分兑好礼', body: '活期日均余额每满一万元，次月赠积分，可在商城及合作商户使用。' },
];

/**
 * Writes the demo marketing items that are missing into a `reference` database; returns how many were written.
 * Their revisions are derived from their content, as the rule-set seed's are, so a demo head office holding the
 * same items replicates nothing and makes no conflict.
 */
export async function seedQueueDemo(reference: PouchDB.Database<object>): Promise<number> {
  const existing = await reference.allDocs({ keys: DEMO_MARKETING.map((d) => d._id) });
  const missing = DEMO_MARKETING.filter((_, i) => 'error' in existing.rows[i]!);
  if (missing.length) await reference.bulkDocs(missing.map((d) => ({ ...d, _rev: seedRevision(d) })), { new_edits: false });
  return missing.length;
}
