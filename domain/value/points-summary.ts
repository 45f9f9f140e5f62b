import { z } from 'zod';
import type { PointsFlows } from './value-dashboard';

/**
 * 精微甄选 at the branch head's desk: the points the branch's customers were issued, spent, lost to expiry and given
 * back, per month, as head office's points ledger holds them (synced type `points-summary`, one per branch,
 * head office only and signed). The ledger itself never leaves head office; this is its T+1 summary for one branch:
 * every movement up to the end of `asOf`.
 */
export const pointsSummaryId = (branch: string) => `points-summary:${branch}`;

/** Months kept in the summary: two years is what a branch head compares against. */
export const POINTS_SUMMARY_MONTHS = 24;

const count = z.int().min(0);
export const pointsMonthFields = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  issued: count,
  redeemed: count,
  expired: count,
  returned: count,
  vouchersRedeemed: count,
});
export type PointsMonth = { month: string } & PointsFlows;

export const pointsSummaryFields = {
  _id: z.string().regex(/^points-summary:[A-Z0-9]{2,16}$/),
  type: z.literal('points-summary'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  /** Movements up to the end of this day (head office publishes after the day's feeds: T+1). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Oldest first, at most POINTS_SUMMARY_MONTHS; a month with no movement is left out. */
  months: z.array(pointsMonthFields).max(POINTS_SUMMARY_MONTHS),
};
export const pointsSummaryContent = z.looseObject(pointsSummaryFields);
export type PointsSummary = z.infer<z.ZodObject<typeof pointsSummaryFields>>;

/** The document's content for one branch's flows (only the newest months if there are more). */
export function pointsSummaryDoc(branch: string, asOf: string, months: readonly PointsMonth[]): PointsSummary {
  return {
    _id: pointsSummaryId(branch), type: 'points-summary', branch, asOf,
    months: months.slice(-POINTS_SUMMARY_MONTHS).map(({ month, issued, redeemed, expired, returned, vouchersRedeemed }) => ({ month, issued, redeemed, expired, returned, vouchersRedeemed })),
  };
}
