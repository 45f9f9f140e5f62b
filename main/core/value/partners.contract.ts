import { z } from 'zod';
import { PARTNER_KINDS, PARTNER_PHONE, type CommissionLine, type PartnerKind } from '../../../domain/value/partners';
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

/** An application brought through a partner's code, as the branch's own store holds it. */
export interface ReferralView {
  applicationId: string;
  customerName: string;
  createdOn: string;
  amountFen: number;
  state: string;
}

/** A partner enrolled at this branch, with what their code brought and what head office's newest statement paid. */
export interface EnrolledPartnerView {
  code: string;
  qrText: string;
  name: string;
  kind: PartnerKind;
  phone: string;
  place: string;
  enrolledOn: string;
  enrolledByName: string;
  referrals: ReferralView[];
  /** This partner's line of head office's newest signed statement; null before one lists them. */
  commission: (Omit<CommissionLine, 'loanAccounts' | 'code' | 'name' | 'kind'> & { month: string }) | null;
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
  /**
   * The branch head or a customer manager enrols a merchant, village official or market manager as 合伙人: a new
   * code of this branch, the partner written to the local store (synced to head office, which pays by it), audited.
   */
  'value.enrolPartner': method<EnrolledPartnerView>()(
    z.object({
      partnerName: z.string().trim().min(1, '请填写合伙人姓名或店名').max(60, '最多60字'),
      partnerKind: z.enum(PARTNER_KINDS, { error: '请选择合伙人类别' }),
      partnerPhone: z.string().trim().regex(PARTNER_PHONE, '应为11位手机号码，如 13912345678'),
      partnerPlace: z.string().trim().max(60, '最多60字').default(''),
    }),
    'marketing.work',
  ),
  /** Partners enrolled at this branch, newest first, each with their referrals and commission. */
  'value.enrolledPartners': method<{ partners: EnrolledPartnerView[]; statementMonth: string | null }>()(z.object({}), 'marketing.work'),
};
