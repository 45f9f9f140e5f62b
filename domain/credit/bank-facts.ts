import { addDays, daysBetween, daysInMonth } from './dates';
import type { ApplicantFacts } from './rules/fields';

/**
 * The credit models stop trusting typed figures where the bank's own feeds hold the fact. Head office publishes
 * from core banking's daily files (sync-server/feeds): each customer's average daily deposit balance of the last
 * complete month (`customer-facts`), each loan's state (`loan-state`) and the date of the last loans file
 * (`feed-status`). Resolution per fact:
 * - `replace` (本行日均存款): the bank's ledger is the fact; a typed figure is only a claim.
 * - `floor` (征信逾期): the credit report covers every lender, this bank included, so this bank's own overdue is a
 *   lower bound: a typed figure below it is an understatement; above it, other lenders may explain the rest.
 * A feed too old is still head office's record but may have moved since: the model then takes the more cautious of
 * the two figures. With no feed the typed figure is used and marked as unverified. Every sourced fact is kept with
 * both figures, so the reviewer and the decision record see what was claimed, what the bank knows and what was used.
 */
export type BankFactKey = 'depositAvgDailyFen' | 'bureauCurrentOverdueFen' | 'bureauOverdueTimes24m' | 'bureauMaxOverdueDays24m';
export const BANK_FACT_RULES: Record<BankFactKey, { rule: 'replace' | 'floor'; feed: 'deposits' | 'loans' }> = {
  depositAvgDailyFen: { rule: 'replace', feed: 'deposits' },
  bureauCurrentOverdueFen: { rule: 'floor', feed: 'loans' },
  bureauOverdueTimes24m: { rule: 'floor', feed: 'loans' },
  bureauMaxOverdueDays24m: { rule: 'floor', feed: 'loans' },
};
export const BANK_FACT_KEYS = Object.keys(BANK_FACT_RULES) as BankFactKey[];

/** A figure from a feed, with the day it describes (a month's average: the month's last day). */
export interface FeedFigure {
  value: number;
  asOf: string;
}
export type FeedFigures = Partial<Record<BankFactKey, FeedFigure>>;

/** Days after which a feed figure counts as stale: loans are daily (T+1) files, deposit averages monthly ones. */
export const FEED_MAX_AGE_DAYS: Record<'deposits' | 'loans', number> = { loans: 3, deposits: 35 };

export type FactSourceStatus = 'feed' | 'typed-only' | 'stale-feed';
export interface FactSource {
  key: BankFactKey;
  typed: number | null;
  feed: number | null;
  feedAsOf: string | null;
  /** The figure the models were given (null: neither). */
  used: number | null;
  usedFrom: 'feed' | 'typed' | null;
  status: FactSourceStatus;
  /** The typed figure contradicts the bank's record (replace: differs; floor: lower). */
  disagrees: boolean;
}

/** The last day of a `YYYY-MM` month: a monthly average describes the month up to it. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

export function isStale(figure: FeedFigure, key: BankFactKey, today: string): boolean {
  return daysBetween(figure.asOf, today) > FEED_MAX_AGE_DAYS[BANK_FACT_RULES[key].feed];
}

function resolveOne(key: BankFactKey, typedValue: unknown, figure: FeedFigure | undefined, today: string): FactSource {
  const typed = typeof typedValue === 'number' ? typedValue : null;
  const { rule } = BANK_FACT_RULES[key];
  if (!figure) return { key, typed, feed: null, feedAsOf: null, used: typed, usedFrom: typed === null ? null : 'typed', status: 'typed-only', disagrees: false };
  const stale = isStale(figure, key, today);
  const feed = figure.value;
  const disagrees = typed !== null && (rule === 'replace' ? typed !== feed : typed < feed);
  let used = feed;
  // Floor: the larger is the cautious one, fresh or not. Replace, stale: more deposits is the favourable side.
  if (typed !== null && (rule === 'floor' ? typed > feed : stale && typed < feed)) used = typed;
  return { key, typed, feed, feedAsOf: figure.asOf, used, usedFrom: used === feed ? 'feed' : 'typed', status: stale ? 'stale-feed' : 'feed', disagrees };
}

/** The facts the models read: the typed ones with each sourced fact resolved, and how each was resolved. */
export function resolveBankFacts(typed: ApplicantFacts, figures: FeedFigures, today: string, keys: readonly BankFactKey[] = BANK_FACT_KEYS): { facts: ApplicantFacts; sources: FactSource[] } {
  const sources: FactSource[] = [];
  for (const key of keys) {
    const s = resolveOne(key, typed[key], figures[key], today);
    if (s.typed !== null || s.feed !== null) sources.push(s);
  }
  return { facts: factsForModels(typed, sources), sources };
}

/** The typed facts with the resolved figure of each sourced fact: what the models are given. */
export function factsForModels(typed: ApplicantFacts, sources: readonly FactSource[]): ApplicantFacts {
  const facts: Record<string, unknown> = { ...typed };
  for (const s of sources) {
    if (s.used === null) delete facts[s.key];
    else facts[s.key] = s.used;
  }
  return facts as ApplicantFacts;
}

/** A loan of the customer as head office published it (the fields of `loan-state` the facts read). */
export interface PublishedLoanFacts {
  status: 'active' | 'closed';
  balanceFen: number;
  overdueFen: number;
  overdueSince: string | null;
  overdueTimes?: number;
  maxOverdueDays?: number | null;
}

/**
 * The customer's overdue record at this bank from their published loans on `loansAsOf` (the last loans file). The
 * loans' whole lives are counted where the bureau counts 24 months: a loan's episodes are not dated in the feed, and
 * counting more only ever makes the floor higher than the bureau's own figure would be, never hides one.
 */
export function loanFeedFigures(loans: readonly PublishedLoanFacts[], loansAsOf: string): FeedFigures {
  if (loans.length === 0) return {};
  let overdueFen = 0;
  let times = 0;
  let maxDays = 0;
  for (const l of loans) {
    const current = l.overdueSince ? Math.max(0, daysBetween(l.overdueSince, loansAsOf) + 1) : 0;
    if (l.status === 'active') overdueFen += l.overdueFen;
    times += l.overdueTimes ?? (current > 0 ? 1 : 0);
    maxDays = Math.max(maxDays, l.maxOverdueDays ?? 0, current);
  }
  const at = (value: number): FeedFigure => ({ value, asOf: loansAsOf });
  return { bureauCurrentOverdueFen: at(overdueFen), bureauOverdueTimes24m: at(times), bureauMaxOverdueDays24m: at(maxDays) };
}

/** The deposit average of a `customer-facts` document: it describes its month, up to the month's last day. */
export const depositFeedFigure = (month: string, avgDailyFen: number): FeedFigures => ({ depositAvgDailyFen: { value: avgDailyFen, asOf: monthEnd(month) } });

/** The previous calendar month of a day: the last month a daily-balance average can be complete for. */
export const previousMonth = (day: string): string => addDays(`${day.slice(0, 7)}-01`, -1).slice(0, 7);

export const customerFactsDocId = (sha256Hex: (s: string) => string, idNumber: string) => `customer-facts:${sha256Hex(`jingwei-customer-facts:${idNumber}`).slice(0, 32)}`;
export const feedStatusDocId = (branch: string) => `feed-status:${branch}`;
