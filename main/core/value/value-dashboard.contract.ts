import { z } from 'zod';
import type { BoardLine } from '../../../domain/value/marketing-task';
import type { FunnelLine, FunnelTotal } from '../../../domain/value/value-dashboard';
import type { OfferChannel } from '../../../domain/value/segment-rules';
import type { TierCode } from '../../../domain/value/value-rules';
import { method } from '../api/method';

/** 精微看板 at the branch: what the branch head reads in the morning, every figure counted from the local store. */
export interface ValueDashboardView {
  /** Counted to the end of this day (today unless asked; the morning's T+1 view asks for yesterday). */
  date: string;
  /** Customers head office published a tier for (signed `customer-value` documents of this branch). */
  customers: number;
  tiers: Record<TierCode, number>;
  /** Points the branch's customers hold, as head office last published them. */
  pointsHeld: number;
  /** Head office's offers made to the branch's customers, per segment and offer. */
  offersMade: { segment: string; offer: string; title: string; customers: number }[];
  /** shown → accepted → product opened, per segment, offer and channel. */
  funnel: (FunnelLine & { title: string })[];
  funnelByChannel: Record<OfferChannel, FunnelTotal>;
  funnelTotal: FunnelTotal;
  /** 精微易享 from head office's newest signed statement (null: none yet). */
  partners: { month: string; partners: number; effectivePartners: number } | null;
  /** 农户建档 and merchants: households filed, merchants known and merchants a filing task reached. */
  filing: { households: number; householdsFiled: number; merchants: number; merchantsFiled: number };
  /** 点亮侯马 tasks per grid and manager as of `date`. */
  tasks: { lines: BoardLine[]; total: Omit<BoardLine, 'grid' | 'assignee' | 'assigneeName'> };
}

export const valueDashboardContract = {
  /** The branch's customer-value dashboard as of the end of `date` (today when omitted). */
  'value.dashboard': method<ValueDashboardView>()(
    z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD').optional() }),
    'dashboard.read',
  ),
};
