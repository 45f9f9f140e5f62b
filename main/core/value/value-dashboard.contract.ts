import { z } from 'zod';
import type { PointsMonth } from '../../../domain/value/points-summary';
import type { ValueDashboard } from '../../../domain/value/value-dashboard';
import { method } from '../api/method';

/** 精微看板 at the branch: what the branch head reads in the morning, every figure counted from the local store. */
export type ValueDashboardView = ValueDashboard & {
  /** The branch's customers' points issued, redeemed, expired and returned per month, from head office's signed T+1 summary (null: none yet). */
  pointsFlows: { asOf: string; months: PointsMonth[] } | null;
};

export const valueDashboardContract = {
  /** The branch's customer-value dashboard as of the end of `date` (today when omitted). */
  'value.dashboard': method<ValueDashboardView>()(
    z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD').optional() }),
    'dashboard.read',
  ),
};
