import { z } from 'zod';
import type { ValueDashboard } from '../../../domain/value/value-dashboard';
import { method } from '../api/method';

/** 精微看板 at the branch: what the branch head reads in the morning, every figure counted from the local store. */
export type ValueDashboardView = ValueDashboard;

export const valueDashboardContract = {
  /** The branch's customer-value dashboard as of the end of `date` (today when omitted). */
  'value.dashboard': method<ValueDashboardView>()(
    z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD').optional() }),
    'dashboard.read',
  ),
};
