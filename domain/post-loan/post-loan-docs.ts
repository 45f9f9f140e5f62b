import type { ProductCode } from '../credit/products';
import type { Classification } from '../credit/rules/fields';

/**
 * The post-loan documents' shapes (synced types; their zod schemas are sync-server/validation/types/post-loan.ts):
 * head office writes `loan-state` and `risk-event` (sync-server/feeds/branch-docs.ts), the branch `risk-action`
 * (main/core/risk). The branch API's views are derived from these (main/core/risk/risk.contract.ts).
 *
 * What a branch receives of head office's feed ledger and scan: one `loan-state` per loan of the branch, one
 * `risk-event` per event. Nothing in a loan's document may change merely because a day passed (no "as of" date;
 * overdue is kept as its first day), so the publisher writes only real changes.
 */
export interface LoanStateDoc {
  _id: string;
  type: 'loan-state';
  branch: string;
  account: string;
  idNo: string;
  name: string;
  product: ProductCode;
  manager: string;
  principalFen: number;
  balanceFen: number;
  overdueFen: number;
  overdueSince: string | null;
  classification: Classification;
  warningLevel: 'none' | 'low' | 'medium' | 'high';
  signals: string[];
  nextDueDate: string | null;
  maturityDate: string;
  rateBp: number;
  status: 'active' | 'closed';
  history: { m: string; c: Classification; b: number }[];
  /** Overdue episodes since disbursement (core banking's loan file, day by day). */
  overdueTimes: number;
  /** The longest overdue so far in days; null while the current overdue is the longest (it grows daily, from overdueSince). */
  maxOverdueDays: number | null;
}

export interface RiskEventDoc {
  _id: string;
  type: 'risk-event';
  branch: string;
  account: string;
  name: string;
  manager: string;
  cause: 'overdue' | 'warning' | 'downgrade';
  signal: string | null;
  classFrom: Classification | null;
  classTo: Classification | null;
  message: string;
  overdueDays: number;
  raisedOn: string;
  queue: 'branch' | 'risk';
  deadline: string;
  escalatedOn: string | null;
  status: 'open' | 'closed';
  closedOn: string | null;
  closedBy: string | null;
  closeReason: string | null;
  updatedOn: string;
  /**
   * Set by the risk department (风险管理部集中处理, domain/post-loan/risk-assignment.ts): whose queue the event is in,
   * instead of the loan's customer manager; absent while dispatch alone decides. Cleared when the event escalates.
   */
  handler?: string;
  handlerName?: string;
  assignedOn?: string;
}

export type RiskActionKind = 'visit' | 'call' | 'promise' | 'restructure' | 'legal' | 'close' | 'opt-out' | 'message' | 'reply';

/** What staff did about an event (branch-written; `reply` is shown from head office's risk-reply documents). */
export interface RiskActionDoc {
  _id: string;
  type: 'risk-action';
  branch: string;
  event: string;
  kind: RiskActionKind;
  note: string;
  promiseDate: string | null;
  promiseAmountFen: number | null;
  at: string;
  by: string;
  byName: string;
  /** A `message`: the script's stage and version. */
  stage?: 'warning' | 'early' | 'mid' | 'late';
  scriptVersion?: number;
}

/**
 * Head office only: what the bank's deposit ledger says about a customer of the branch (`customer-facts:<32 hex of
 * sha256("jingwei-customer-facts:"+ID)>`, domain/credit/bank-facts.ts): the average daily balance of all their
 * deposits over the last complete month. Monthly, so it changes at most once a month.
 */
export interface CustomerFactsDoc {
  _id: string;
  type: 'customer-facts';
  branch: string;
  /** The month the average is of (`YYYY-MM`). */
  depositMonth: string;
  depositAvgDailyFen: number;
}

/** Head office only, one per branch (`feed-status:<BR>`): the day of the last loans file its `loan-state` documents reflect. */
export interface FeedStatusDoc {
  _id: string;
  type: 'feed-status';
  branch: string;
  loansAsOf: string;
}
