import { daysBetween, monthKey } from '../credit/dates';
import { CLASSIFICATIONS, type Classification } from '../credit/rules/fields';
import type { LoanStateDoc, RiskEventDoc } from './post-loan-docs';

/**
 * 贷后风险看板: the branch's (or head office's, over every branch) overdue rate, NPL ratio, five-category migration
 * month over month and open risk events by age — computed from the published `loan-state` documents (their
 * month-end `history` plus today's state) and `risk-event` documents, nothing stored. Money in fen, ratios in
 * basis points rounded half up, exactly (BigInt: head office's sums × 10,000 exceed 2^53).
 */
export type DashboardLoan = Pick<LoanStateDoc, 'status' | 'balanceFen' | 'overdueFen' | 'overdueSince' | 'classification' | 'history'>;
export type DashboardEvent = Pick<RiskEventDoc, 'status' | 'raisedOn' | 'deadline' | 'queue'>;

/** 不良贷款: 次级、可疑、损失. */
export const NPL_CLASSES: readonly Classification[] = ['substandard', 'doubtful', 'loss'];
const isNpl = (c: Classification) => NPL_CLASSES.includes(c);

/** Open events by days since raised (inclusive upper bounds; the last bucket is open-ended). */
export const EVENT_AGE_BUCKETS = [
  { key: '0-7', upTo: 7 },
  { key: '8-30', upTo: 30 },
  { key: '31-60', upTo: 60 },
  { key: '61-90', upTo: 90 },
  { key: '90+', upTo: Infinity },
] as const;
export type EventAgeBucket = (typeof EVENT_AGE_BUCKETS)[number]['key'];

/** num / den in basis points, rounded half up; 0 when there is no denominator. */
export function ratioBp(num: number, den: number): number {
  if (den <= 0) return 0;
  const n = BigInt(num) * 20_000n + BigInt(den);
  return Number(n / (2n * BigInt(den)));
}

export interface MonthFigures {
  /** YYYY-MM; the last one is the current month (today's state), the others month ends. */
  month: string;
  loans: number;
  balanceFen: number;
  nplFen: number;
  nplBp: number;
  byClass: Record<Classification, { loans: number; balanceFen: number }>;
}

export interface Migration {
  from: string;
  to: string;
  /** cells[from class][to class]: loans in both months, and their balance in the later month. */
  cells: Record<Classification, Record<Classification, { loans: number; balanceFen: number }>>;
  /** Loans that moved to a worse class / a better one. */
  downgraded: number;
  upgraded: number;
}

export interface RiskDashboard {
  date: string;
  /** Active loans today. */
  loans: number;
  balanceFen: number;
  /** 逾期贷款: loans with any overdue — their whole balance (逾期贷款率 = 逾期贷款余额 / 贷款余额). */
  overdueLoans: number;
  overdueBalanceFen: number;
  /** Overdue principal and interest in arrears. */
  arrearsFen: number;
  overdueBp: number;
  nplFen: number;
  nplBp: number;
  months: MonthFigures[];
  /** Consecutive month pairs, oldest first (month over month). */
  migrations: Migration[];
  events: {
    open: number;
    pastDeadline: number;
    byAge: { bucket: EventAgeBucket; branch: number; risk: number; pastDeadline: number }[];
  };
}

const emptyByClass = () => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, { loans: 0, balanceFen: 0 }])) as MonthFigures['byClass'];
const emptyCells = () => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, emptyByClass()])) as Migration['cells'];
const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

/** A loan's class and balance per month: its month ends, then today's state while it is active. */
function monthsOf(loan: DashboardLoan, current: string): Map<string, { c: Classification; b: number }> {
  const out = new Map<string, { c: Classification; b: number }>();
  for (const h of loan.history) if (h.m < current) out.set(h.m, { c: h.c, b: h.b });
  if (loan.status === 'active') out.set(current, { c: loan.classification, b: loan.balanceFen });
  return out;
}

export function riskDashboard(loans: Iterable<DashboardLoan>, events: Iterable<DashboardEvent>, date: string, maxMonths = 12): RiskDashboard {
  const current = monthKey(date);
  const perLoan: Map<string, { c: Classification; b: number }>[] = [];
  const monthSet = new Set<string>([current]);
  let active = 0, balanceFen = 0, overdueLoans = 0, overdueBalanceFen = 0, arrearsFen = 0;
  for (const loan of loans) {
    const months = monthsOf(loan, current);
    perLoan.push(months);
    for (const m of months.keys()) monthSet.add(m);
    if (loan.status !== 'active') continue;
    active++;
    balanceFen += loan.balanceFen;
    if (loan.overdueSince !== null) {
      overdueLoans++;
      overdueBalanceFen += loan.balanceFen;
      arrearsFen += loan.overdueFen;
    }
  }
  const monthKeys = [...monthSet].sort().slice(-maxMonths);
  const months: MonthFigures[] = monthKeys.map((month) => {
    const byClass = emptyByClass();
    let n = 0, bal = 0, npl = 0;
    for (const l of perLoan) {
      const s = l.get(month);
      if (!s) continue;
      n++;
      bal += s.b;
      byClass[s.c].loans++;
      byClass[s.c].balanceFen += s.b;
      if (isNpl(s.c)) npl += s.b;
    }
    return { month, loans: n, balanceFen: bal, nplFen: npl, nplBp: ratioBp(npl, bal), byClass };
  });
  const migrations: Migration[] = [];
  for (let i = 1; i < monthKeys.length; i++) {
    const from = monthKeys[i - 1]!, to = monthKeys[i]!;
    const cells = emptyCells();
    let downgraded = 0, upgraded = 0;
    for (const l of perLoan) {
      const a = l.get(from), b = l.get(to);
      if (!a || !b) continue;
      cells[a.c][b.c].loans++;
      cells[a.c][b.c].balanceFen += b.b;
      if (rank(b.c) > rank(a.c)) downgraded++;
      else if (rank(b.c) < rank(a.c)) upgraded++;
    }
    migrations.push({ from, to, cells, downgraded, upgraded });
  }
  const byAge = EVENT_AGE_BUCKETS.map((b) => ({ bucket: b.key as EventAgeBucket, branch: 0, risk: 0, pastDeadline: 0 }));
  let open = 0, pastDeadline = 0;
  for (const e of events) {
    if (e.status !== 'open') continue;
    open++;
    const age = Math.max(0, daysBetween(e.raisedOn, date));
    const row = byAge[EVENT_AGE_BUCKETS.findIndex((b) => age <= b.upTo)]!;
    row[e.queue]++;
    if (date > e.deadline) {
      row.pastDeadline++;
      pastDeadline++;
    }
  }
  const now = months.at(-1)!;
  return {
    date, loans: active, balanceFen, overdueLoans, overdueBalanceFen, arrearsFen, overdueBp: ratioBp(overdueBalanceFen, balanceFen),
    nplFen: now.nplFen, nplBp: now.nplBp, months, migrations, events: { open, pastDeadline, byAge },
  };
}
