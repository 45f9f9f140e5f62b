/**
 * Repayment schedules for the four methods the products offer.
 *
 * Rounding rule (stated once, used by every method):
 *  - the monthly rate is exactly annualRateBp / 120 000 (a Rational; no floating point anywhere);
 *  - interest accrues exactly on the actual outstanding balance in integer fen;
 *  - the interest charged in period k is round(cumulative exact interest through k) minus what was charged
 *    before, rounding half-up to the fen. The sub-fen residue is carried forward instead of being dropped
 *    twice at every ".5", so total interest is exactly the rounded total of the exact accruals;
 *  - 等额本息: the level payment is P·r(1+r)ⁿ/((1+r)ⁿ−1) evaluated exactly and rounded half-up to the fen;
 *    principal of each period = payment − interest;
 *  - 等额本金: principal of period k = round(k·P/n) − round((k−1)·P/n), i.e. P/n rounded cumulatively, so the
 *    fen left over by P/n are spread instead of piling onto one period;
 *  - the last instalment repays whatever principal is left (it absorbs every remainder).
 * With these rules the DOMAIN.md check figures come out exactly: 100,000 yuan at 4.35% over 12 months →
 * 8,530.99 a month and 2,371.88 interest (等额本息); 8,695.83 falling to 8,363.54 and 2,356.25 (等额本金).
 *
 * 随借随还 accrues daily: daily rate = annual rate / 360 by default (actual/360, the convention of the PBOC's
 * 人民币利率管理规定: 日利率 = 年利率 ÷ 360) or / 365 when the contract says so (actual/365 fixed: in a
 * leap year Feb 29 is one more day at 1/365, so a full leap year costs 366/365 of the annual rate).
 * The draw day is charged and the repayment day is not (算头不算尾). Interest is settled on a monthly
 * settlement day with the same carried-residue rounding.
 */
import { addMonthsClamped, daysBetween, daysInMonth, fromEpochDay, isIsoDate, toEpochDay } from './dates';
import { add, mul, rat, roundHalfUp, type Rational, ZERO } from './rational';

export const AMORTIZING_METHODS = ['equal-installment', 'equal-principal', 'interest-only'] as const;
export type AmortizingMethod = (typeof AMORTIZING_METHODS)[number];
export const REPAYMENT_METHODS = [...AMORTIZING_METHODS, 'revolving'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export const REPAYMENT_METHOD_NAMES: Record<RepaymentMethod, { zh: string; en: string }> = {
  'equal-installment': { zh: '等额本息', en: 'Equal instalments' },
  'equal-principal': { zh: '等额本金', en: 'Equal principal' },
  'interest-only': { zh: '按月付息到期还本', en: 'Monthly interest, principal at maturity' },
  revolving: { zh: '随借随还', en: 'Revolving (draw and repay any time)' },
};

export const MAX_SCHEDULE_MONTHS = 360;

export interface ScheduleRequest {
  method: AmortizingMethod;
  principalFen: number;
  annualRateBp: number;
  months: number;
  /** Value date of the loan; instalment k falls due k months later (clamped to month end). */
  startDate: string;
}

export interface Instalment {
  n: number;
  dueDate: string;
  /** Days from the start date to the due date. */
  dayOffset: number;
  paymentFen: number;
  principalFen: number;
  interestFen: number;
  /** Principal still owed after this instalment. */
  remainingFen: number;
}

export interface ScheduleTotals {
  paymentFen: number;
  principalFen: number;
  interestFen: number;
}

export interface Schedule {
  method: AmortizingMethod;
  principalFen: number;
  annualRateBp: number;
  months: number;
  startDate: string;
  instalments: Instalment[];
  totals: ScheduleTotals;
}

function assertRequest(r: ScheduleRequest): void {
  if (!Number.isSafeInteger(r.principalFen) || r.principalFen <= 0) throw new RangeError('principalFen must be a positive integer');
  if (!Number.isSafeInteger(r.annualRateBp) || r.annualRateBp < 0) throw new RangeError('annualRateBp must be a non-negative integer');
  if (!Number.isInteger(r.months) || r.months < 1 || r.months > MAX_SCHEDULE_MONTHS)
    throw new RangeError(`months must be an integer 1..${MAX_SCHEDULE_MONTHS}`);
  if (!isIsoDate(r.startDate)) throw new RangeError('startDate must be YYYY-MM-DD');
}

export const monthlyRate = (annualRateBp: number): Rational => rat(annualRateBp, 120_000);

/** Exact 等额本息 payment before rounding; exposed so callers can show the formula's value. */
export function exactLevelPayment(principalFen: number, annualRateBp: number, months: number): Rational {
  const p = BigInt(principalFen);
  const n = BigInt(months);
  if (annualRateBp === 0) return rat(p, n);
  // r = bp/120000, so (1+r)^n = X^n / D^n with X = 120000 + bp; keep the powers as integers.
  const bp = BigInt(annualRateBp);
  const D = 120_000n;
  const xn = (D + bp) ** n;
  const dn = D ** n;
  return rat(p * bp * xn, D * (xn - dn));
}

/** Interest charged per period from exact accruals, carrying the sub-fen residue (see the header). */
class InterestMeter {
  private accrued: Rational = ZERO;
  private charged = 0n;
  charge(exact: Rational): bigint {
    this.accrued = add(this.accrued, exact);
    const due = roundHalfUp(this.accrued) - this.charged;
    this.charged += due;
    return due;
  }
}

export function buildSchedule(req: ScheduleRequest): Schedule {
  assertRequest(req);
  const { method, principalFen, annualRateBp, months, startDate } = req;
  const r = monthlyRate(annualRateBp);
  const P = BigInt(principalFen);
  const N = BigInt(months);
  const meter = new InterestMeter();
  const level = method === 'equal-installment' ? roundHalfUp(exactLevelPayment(principalFen, annualRateBp, months)) : 0n;
  let balance = P;
  const instalments: Instalment[] = [];
  for (let k = 1; k <= months; k++) {
    const interest = meter.charge(mul(rat(balance), r));
    let principal: bigint;
    if (k === months) principal = balance;
    else if (method === 'equal-installment') principal = level - interest;
    else if (method === 'equal-principal')
      principal = roundHalfUp(rat(BigInt(k) * P, N)) - roundHalfUp(rat(BigInt(k - 1) * P, N));
    else principal = 0n;
    // A level payment below the interest cannot happen for valid inputs, but never let principal run negative.
    if (principal < 0n) principal = 0n;
    if (principal > balance) principal = balance;
    balance -= principal;
    const dueDate = addMonthsClamped(startDate, k);
    instalments.push({
      n: k,
      dueDate,
      dayOffset: daysBetween(startDate, dueDate),
      paymentFen: Number(principal + interest),
      principalFen: Number(principal),
      interestFen: Number(interest),
      remainingFen: Number(balance),
    });
  }
  return { method, principalFen, annualRateBp, months, startDate, instalments, totals: sumTotals(instalments) };
}

function sumTotals(rows: readonly { paymentFen: number; principalFen: number; interestFen: number }[]): ScheduleTotals {
  let paymentFen = 0;
  let principalFen = 0;
  let interestFen = 0;
  for (const i of rows) {
    paymentFen += i.paymentFen;
    principalFen += i.principalFen;
    interestFen += i.interestFen;
  }
  return { paymentFen, principalFen, interestFen };
}

// ───────────────────────────── 随借随还 revolving ─────────────────────────────

export type DayCount = 'act/360' | 'act/365';

export interface RevolvingEvent {
  date: string;
  kind: 'draw' | 'repay';
  amountFen: number;
}

export interface RevolvingRequest {
  annualRateBp: number;
  dayCount: DayCount;
  /** Credit line; draws beyond it are refused. */
  limitFen: number;
  events: readonly RevolvingEvent[];
  /** Accrue up to (not including) this date. */
  until: string;
  /** Day of month interest is settled (China's banks commonly settle on the 21st); clamped to month end. */
  settlementDay: number;
}

export interface BalanceSegment {
  from: string;
  /** Exclusive. */
  to: string;
  days: number;
  balanceFen: number;
}

export interface InterestPeriod {
  from: string;
  /** Exclusive: the settlement date itself starts the next period. */
  to: string;
  interestFen: number;
}

export interface RevolvingResult {
  dayCount: DayCount;
  segments: BalanceSegment[];
  periods: InterestPeriod[];
  totalInterestFen: number;
  closingBalanceFen: number;
}

const REVOLVING_ERROR_ZH = {
  'over-limit': '用款后余额超过授信额度',
  'over-repay': '还款金额超过贷款余额',
  'bad-event': '借还款记录的日期或金额无效',
} as const;

export class RevolvingError extends Error {
  readonly messageZh: string;
  constructor(
    readonly code: keyof typeof REVOLVING_ERROR_ZH,
    readonly event: RevolvingEvent,
  ) {
    super(`${code} on ${event.date}`);
    this.messageZh = `${event.date}：${REVOLVING_ERROR_ZH[code]}`;
  }
}

function nextSettlement(afterDay: number, settlementDay: number): number {
  // The first settlement date strictly after `afterDay`.
  const d = fromEpochDay(afterDay);
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(5, 7));
  for (let i = 0; i < 3; i++) {
    const candidate = toEpochDay(
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(settlementDay, daysInMonth(y, m))).padStart(2, '0')}`,
    );
    if (candidate > afterDay) return candidate;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  throw new Error('unreachable');
}

export function accrueRevolving(req: RevolvingRequest): RevolvingResult {
  if (!Number.isSafeInteger(req.annualRateBp) || req.annualRateBp < 0) throw new RangeError('annualRateBp must be a non-negative integer');
  if (!Number.isInteger(req.settlementDay) || req.settlementDay < 1 || req.settlementDay > 31) throw new RangeError('settlementDay must be 1..31');
  const events = [...req.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const segments: BalanceSegment[] = [];
  const periods: InterestPeriod[] = [];
  if (events.length === 0) return { dayCount: req.dayCount, segments, periods, totalInterestFen: 0, closingBalanceFen: 0 };
  for (const e of events) {
    if (!isIsoDate(e.date) || !Number.isSafeInteger(e.amountFen) || e.amountFen <= 0) throw new RevolvingError('bad-event', e);
  }
  const dailyDen = BigInt(10_000 * (req.dayCount === 'act/360' ? 360 : 365));
  const bp = BigInt(req.annualRateBp);
  const meter = new InterestMeter();
  const endDay = toEpochDay(req.until);
  let day = toEpochDay(events[0]!.date);
  let balance = 0n;
  let idx = 0;
  let periodStart = day;
  let periodExact: Rational = ZERO;
  let settleAt = nextSettlement(day, req.settlementDay);
  const closePeriod = (to: number): void => {
    const fen = meter.charge(periodExact);
    periods.push({ from: fromEpochDay(periodStart), to: fromEpochDay(to), interestFen: Number(fen) });
    periodStart = to;
    periodExact = ZERO;
  };
  while (day < endDay) {
    // Apply every event of this day first: the day's balance is the end-of-day balance (算头不算尾).
    while (idx < events.length && toEpochDay(events[idx]!.date) <= day) {
      const e = events[idx]!;
      const amt = BigInt(e.amountFen);
      if (e.kind === 'draw') {
        if (balance + amt > BigInt(req.limitFen)) throw new RevolvingError('over-limit', e);
        balance += amt;
      } else {
        if (amt > balance) throw new RevolvingError('over-repay', e);
        balance -= amt;
      }
      idx++;
    }
    const nextEvent = idx < events.length ? toEpochDay(events[idx]!.date) : Infinity;
    const segEnd = Math.min(nextEvent, settleAt, endDay);
    const days = segEnd - day;
    if (balance > 0n) {
      segments.push({ from: fromEpochDay(day), to: fromEpochDay(segEnd), days, balanceFen: Number(balance) });
      periodExact = add(periodExact, rat(balance * bp * BigInt(days), dailyDen));
    }
    day = segEnd;
    if (day === settleAt) {
      closePeriod(day);
      settleAt = nextSettlement(day, req.settlementDay);
    }
  }
  if (periodStart < endDay) closePeriod(endDay);
  // Events dated on or after `until` are not applied: the closing balance is the one accruing on the eve of `until`.
  const totalInterestFen = periods.reduce((s, p) => s + p.interestFen, 0);
  return { dayCount: req.dayCount, segments, periods, totalInterestFen, closingBalanceFen: Number(balance) };
}

/** Exact interest of one balance over some days, for explanations next to a segment. */
export function segmentInterest(balanceFen: number, days: number, annualRateBp: number, dayCount: DayCount): Rational {
  return rat(BigInt(balanceFen) * BigInt(annualRateBp) * BigInt(days), BigInt(10_000 * (dayCount === 'act/360' ? 360 : 365)));
}
