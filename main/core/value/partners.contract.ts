import { z } from 'zod';
import type { CommissionLine } from '../../../domain/value/partners';
import { method } from '../api/method';

/** One partner's line of head office's monthly statement, as the branch's 合伙人 screen shows it. */
export type PartnerLineView = Omit<CommissionLine, 'loanAccounts'> & { rank: number };

export interface PartnerBoardView {
  month: string;
  rulesVersion: number;
  partners: number;
  effectivePartners: number;
  totalFen: number;
  lines: PartnerLineView[];
  /** Months head office has published statements for, newest first. */
  months: string[];
}

export interface PartnerEvents {
  /** Head office's statement of a month arrived (or changed) in the local store: the 合伙人 screen reads it again. */
  'value.partnerStatement': { id: string };
  /** A marketing task was written to the local store (assigned, worked, or arrived by sync): 点亮侯马 reads again. */
  'value.marketingTask': { id: string };
}

export const partnersContract = {
  /** 精微易享: the branch's partners ranked by head office's signed statement of `month` (the newest when omitted). */
  'value.partners': method<PartnerBoardView | null>()(
    z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为月份 YYYY-MM').optional() }),
    'dashboard.read',
  ),
};
