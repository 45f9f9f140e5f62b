/**
 * Branch-dashboard credit metrics, computed from the records every time (never stored, so they cannot drift
 * from the data). Every ratio is rounded once, half-up, in integer arithmetic: the published figures
 * (34.86%, 21.00%, 11.96万, 17.3%) depend on exactly that.
 */
import { divRoundHalfUp } from './rational';

export interface CreditCounts {
  applications: number;
  /** Passed risk control and went on to 人工调查 (auto-approved ones included: a person still signs them). */
  passedToManual: number;
  rejected: number;
  grantedHouseholds: number;
  grantedAmountFen: number;
  signedHouseholds: number;
  signedAmountFen: number;
  drawnHouseholds: number;
  drawnAmountFen: number;
  /** Sum and count of submit→decision durations, for the average. */
  processingMsTotal: number;
  processedCount: number;
}

/** num/den as a percentage with `decimals` places, rounded half-up; "—" when there is no denominator. */
export function formatRatio(num: number, den: number, decimals: number): string {
  if (den <= 0) return '—';
  const scale = 10n ** BigInt(decimals);
  const v = divRoundHalfUp(BigInt(num) * 100n * scale, BigInt(den));
  return `${withDecimals(v, decimals)}%`;
}

function withDecimals(scaled: bigint, decimals: number): string {
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const scale = 10n ** BigInt(decimals);
  const int = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = decimals > 0 ? `.${(abs % scale).toString().padStart(decimals, '0')}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** Fen as 万元 (10 000 yuan), e.g. 11,962,679 fen → "11.96万". */
export function formatWan(fen: number, decimals = 2): string {
  return `${withDecimals(divRoundHalfUp(BigInt(fen) * 10n ** BigInt(decimals), 1_000_000n), decimals)}万`;
}

/** Fen as 亿元 (100 million yuan), e.g. 37,400,000,000 fen → "3.74亿". */
export function formatYi(fen: number, decimals = 2): string {
  return `${withDecimals(divRoundHalfUp(BigInt(fen) * 10n ** BigInt(decimals), 10_000_000_000n), decimals)}亿`;
}

/** 亿 for amounts of at least one 亿, 万 below: a branch's 93万 should not read as "0.01亿". */
export function formatLargeAmount(fen: number): string {
  return Math.abs(fen) >= 10_000_000_000 ? formatYi(fen) : formatWan(fen);
}

export function formatMinutes(ms: number, decimals = 1): string {
  return `${withDecimals(divRoundHalfUp(BigInt(Math.round(ms)) * 10n ** BigInt(decimals), 60_000n), decimals)}分钟`;
}

/** Labels of the dashboard metrics, keyed by metric; the i18n key is `credit.<metric>`. */
export const METRIC_LABELS = {
  applications: { zh: '申请笔数', en: 'Applications' },
  passedToManual: { zh: '通过风控转人工调查', en: 'Passed to manual investigation' },
  rejected: { zh: '风控拒绝', en: 'Rejected' },
  rejectionRate: { zh: '拒绝率', en: 'Rejection rate' },
  grantedHouseholds: { zh: '授信户数', en: 'Households granted credit' },
  grantedAmount: { zh: '授信金额', en: 'Amount granted' },
  signedHouseholds: { zh: '签约户数', en: 'Households signed' },
  signedAmount: { zh: '签约金额', en: 'Amount signed' },
  drawnHouseholds: { zh: '用信户数', en: 'Households drawing' },
  drawnAmount: { zh: '用信金额', en: 'Amount drawn' },
  averageSignedLimit: { zh: '户均签约额度', en: 'Average signed limit' },
  householdUsageRate: { zh: '户数用信率', en: 'Household usage rate' },
  amountUsageRate: { zh: '金额用信率', en: 'Amount usage rate' },
  averageProcessingTime: { zh: '平均办理时长', en: 'Average processing time' },
} as const;
export type MetricName = keyof typeof METRIC_LABELS;

export interface Metric {
  /** i18n key of the label. */
  key: string;
  labelZh: string;
  labelEn: string;
  /** Exact value as numerator/denominator (for ratios) or a plain integer value (den = 1). */
  num: number;
  den: number;
  text: string;
}

export type CreditDashboard = Record<MetricName, Metric>;

const metric = (name: MetricName, num: number, den: number, text: string): Metric => ({
  key: `credit.${name}`,
  labelZh: METRIC_LABELS[name].zh,
  labelEn: METRIC_LABELS[name].en,
  num,
  den,
  text,
});
const count = (name: MetricName, n: number, unitZh: string): Metric => metric(name, n, 1, `${n.toLocaleString('en-US')}${unitZh}`);

export function creditDashboard(c: CreditCounts): CreditDashboard {
  return {
    applications: count('applications', c.applications, '笔'),
    passedToManual: count('passedToManual', c.passedToManual, '笔'),
    rejected: count('rejected', c.rejected, '笔'),
    // The write-up quotes this one to one decimal.
    rejectionRate: metric('rejectionRate', c.rejected, c.applications, formatRatio(c.rejected, c.applications, 1)),
    grantedHouseholds: count('grantedHouseholds', c.grantedHouseholds, '户'),
    grantedAmount: metric('grantedAmount', c.grantedAmountFen, 1, formatLargeAmount(c.grantedAmountFen)),
    signedHouseholds: count('signedHouseholds', c.signedHouseholds, '户'),
    signedAmount: metric('signedAmount', c.signedAmountFen, 1, formatLargeAmount(c.signedAmountFen)),
    drawnHouseholds: count('drawnHouseholds', c.drawnHouseholds, '户'),
    drawnAmount: metric('drawnAmount', c.drawnAmountFen, 1, formatWan(c.drawnAmountFen)),
    averageSignedLimit: metric(
      'averageSignedLimit',
      c.signedAmountFen,
      c.signedHouseholds,
      c.signedHouseholds > 0 ? formatWan(Number(divRoundHalfUp(BigInt(c.signedAmountFen), BigInt(c.signedHouseholds)))) : '—',
    ),
    householdUsageRate: metric('householdUsageRate', c.drawnHouseholds, c.signedHouseholds, formatRatio(c.drawnHouseholds, c.signedHouseholds, 2)),
    amountUsageRate: metric('amountUsageRate', c.drawnAmountFen, c.signedAmountFen, formatRatio(c.drawnAmountFen, c.signedAmountFen, 2)),
    averageProcessingTime: metric(
      'averageProcessingTime',
      c.processingMsTotal,
      c.processedCount,
      c.processedCount > 0 ? formatMinutes(c.processingMsTotal / c.processedCount) : '—',
    ),
  };
}

// ───────────────────────────── from records ─────────────────────────────

export interface ApplicationRecord {
  outcome: 'approve' | 'refer' | 'reject' | 'pending';
  /** When the application was opened (ISO-8601 UTC): handling time runs from here, data collection included. */
  openedAt: string;
  decidedAt?: string;
}

export interface HouseholdCreditRecord {
  householdId: string;
  grantedFen: number;
  signedFen: number;
  drawnFen: number;
}

/** Counts for the dashboard from the raw records; a household is counted once per stage however many loans it has. */
export function countCredit(applications: readonly ApplicationRecord[], households: readonly HouseholdCreditRecord[]): CreditCounts {
  const c: CreditCounts = {
    applications: 0,
    passedToManual: 0,
    rejected: 0,
    grantedHouseholds: 0,
    grantedAmountFen: 0,
    signedHouseholds: 0,
    signedAmountFen: 0,
    drawnHouseholds: 0,
    drawnAmountFen: 0,
    processingMsTotal: 0,
    processedCount: 0,
  };
  for (const a of applications) {
    c.applications++;
    if (a.outcome === 'reject') c.rejected++;
    else if (a.outcome !== 'pending') c.passedToManual++;
    if (a.decidedAt && a.outcome !== 'pending') {
      const ms = Date.parse(a.decidedAt) - Date.parse(a.openedAt);
      if (Number.isFinite(ms) && ms >= 0) {
        c.processingMsTotal += ms;
        c.processedCount++;
      }
    }
  }
  const byHousehold = new Map<string, HouseholdCreditRecord>();
  for (const h of households) {
    const prev = byHousehold.get(h.householdId);
    byHousehold.set(
      h.householdId,
      prev
        ? { householdId: h.householdId, grantedFen: prev.grantedFen + h.grantedFen, signedFen: prev.signedFen + h.signedFen, drawnFen: prev.drawnFen + h.drawnFen }
        : h,
    );
  }
  for (const h of byHousehold.values()) {
    if (h.grantedFen > 0) {
      c.grantedHouseholds++;
      c.grantedAmountFen += h.grantedFen;
    }
    if (h.signedFen > 0) {
      c.signedHouseholds++;
      c.signedAmountFen += h.signedFen;
    }
    if (h.drawnFen > 0) {
      c.drawnHouseholds++;
      c.drawnAmountFen += h.drawnFen;
    }
  }
  return c;
}
