import { createHash } from 'node:crypto';
import type { Database } from '../../db/sqlite';
import { addDays } from '../../domain/credit/dates';
import type { Classification } from '../../domain/credit/rules';
import type { ProductCode } from '../../domain/credit/products';
import type { CustomerFactsDoc, FeedStatusDoc, LoanStateDoc, RiskEventDoc } from '../../domain/post-loan/post-loan-docs';
import { customerFactsDocId, feedStatusDocId, monthEnd, previousMonth } from '../../domain/credit/bank-facts';
import { ensureScanTables } from './daily-scan';

export type { LoanStateDoc, RiskEventDoc };

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * What a branch receives of head office's feed ledger and scan, as the synced documents
 * (sync-server/validation/types/post-loan.ts): one `loan-state` per loan of the branch, one `risk-event` per
 * event. Built from the ledger as it stands; the publisher writes only those that changed — so nothing in a
 * loan's document may change merely because a day passed (no "as of" date; overdue is kept as its first day).
 */
const HISTORY_MONTHS = 12;

export function loanStateDocs(db: Database, branch: string): LoanStateDoc[] {
  ensureScanTables(db);
  const history = new Map<string, LoanStateDoc['history']>();
  const months = db
    .prepare(
      `SELECT m.account, m.month, m.class, m.balance FROM loan_month m JOIN loan l ON l.account = m.account
       WHERE l.branch = ? AND m.month >= (SELECT coalesce(min(month), '') FROM (SELECT DISTINCT month FROM loan_month ORDER BY month DESC LIMIT ?))
       ORDER BY m.account, m.month`,
    )
    .all(branch, HISTORY_MONTHS) as { account: string; month: string; class: Classification; balance: number }[];
  for (const r of months) {
    const list = history.get(r.account) ?? [];
    list.push({ m: r.month, c: r.class, b: r.balance });
    history.set(r.account, list);
  }
  const rows = db
    .prepare(
      `SELECT l.*, s.class AS s_class, s.level AS s_level, s.signals AS s_signals FROM loan l LEFT JOIN scan_state s ON s.account = l.account
       WHERE l.branch = ? ORDER BY l.account`,
    )
    .all(branch) as {
    account: string; branch: string; id_no: string; name: string; product: ProductCode; manager: string; principal: number; balance: number;
    overdue_principal: number; overdue_interest: number; overdue_days: number; next_due: string | null; maturity: string; rate_bp: number;
    as_of: string; status: 'active' | 'closed'; max_overdue_days: number; overdue_times: number; s_class: Classification | null; s_level: LoanStateDoc['warningLevel'] | null; s_signals: string | null;
  }[];
  return rows.map((l) => ({
    _id: `loan-state:${l.account}`,
    type: 'loan-state',
    branch: l.branch,
    account: l.account,
    idNo: l.id_no,
    name: l.name,
    product: l.product,
    manager: l.manager,
    principalFen: l.principal,
    balanceFen: l.balance,
    overdueFen: l.overdue_principal + l.overdue_interest,
    // The first day overdue, so the document stays the same while the days grow.
    overdueSince: l.overdue_days > 0 ? addDays(l.as_of, 1 - l.overdue_days) : null,
    classification: l.s_class ?? 'normal',
    warningLevel: l.s_level ?? 'none',
    signals: l.s_signals ? l.s_signals.split(',') : [],
    nextDueDate: l.next_due,
    maturityDate: l.maturity,
    rateBp: l.rate_bp,
    status: l.status,
    history: history.get(l.account) ?? [],
    overdueTimes: l.overdue_times,
    maxOverdueDays: l.overdue_days > 0 && l.max_overdue_days <= l.overdue_days ? null : l.max_overdue_days,
  }));
}

export function riskEventDocs(db: Database, branch: string): RiskEventDoc[] {
  ensureScanTables(db);
  const rows = db
    .prepare(`SELECT e.*, l.name FROM risk_event e JOIN loan l ON l.account = e.account WHERE e.branch = ? ORDER BY e.id`)
    .all(branch) as {
    id: string; account: string; branch: string; manager: string; cause: RiskEventDoc['cause']; signal: string | null; class_from: Classification | null;
    class_to: Classification | null; message: string; overdue_days: number; raised_on: string; queue: 'branch' | 'risk'; deadline: string;
    escalated_on: string | null; status: 'open' | 'closed'; closed_on: string | null; closed_by: string | null; close_reason: string | null;
    updated_on: string; name: string; handler: string | null; handler_name: string | null; assigned_on: string | null;
  }[];
  return rows.map((e) => ({
    _id: e.id,
    type: 'risk-event',
    branch: e.branch,
    account: e.account,
    name: e.name,
    manager: e.manager,
    cause: e.cause,
    signal: e.signal,
    classFrom: e.class_from,
    classTo: e.class_to,
    message: e.message,
    overdueDays: e.overdue_days,
    raisedOn: e.raised_on,
    queue: e.queue,
    deadline: e.deadline,
    escalatedOn: e.escalated_on,
    status: e.status,
    closedOn: e.closed_on,
    closedBy: e.closed_by,
    closeReason: e.close_reason,
    updatedOn: e.updated_on,
    // Only when assigned: the documents of events nobody assigned stay exactly as published before.
    ...(e.handler ? { handler: e.handler, handlerName: e.handler_name ?? e.handler, assignedOn: e.assigned_on ?? e.updated_on } : {}),
  }));
}

/**
 * The branch's customers (a loan or a deposit account there) with their average daily balance over all their
 * deposits in the month before `date` — only once the ledger holds every day's deposits file of that month, so the
 * figure never describes half a month. A customer without deposits then has 0: the bank knows that too.
 */
export function customerFactsDocs(db: Database, branch: string, date: string): CustomerFactsDoc[] {
  const month = previousMonth(date);
  const files = db.prepare("SELECT count(*) FROM feed_file WHERE kind = 'deposits' AND date BETWEEN ? AND ?").pluck().get(`${month}-01`, monthEnd(month)) as number;
  if (files < Number(monthEnd(month).slice(8))) return [];
  const rows = db
    .prepare(
      `WITH c AS (SELECT id_no FROM loan WHERE branch = ? UNION SELECT id_no FROM deposit_account WHERE branch = ?)
       SELECT c.id_no AS idNo, coalesce((SELECT sum(m.total) FROM deposit_account a JOIN deposit_month m ON m.account_no = a.account_no AND m.month = ?
         WHERE a.id_no = c.id_no), 0) AS total FROM c ORDER BY c.id_no`,
    )
    .all(branch, branch, month) as { idNo: string; total: number }[];
  return rows.map((r) => ({
    _id: customerFactsDocId(sha256Hex, r.idNo), type: 'customer-facts', branch, depositMonth: month, depositAvgDailyFen: Math.floor(r.total / files),
  }));
}

/** The day of the last loans file applied: how old the branch's `loan-state` documents are (none before the first). */
export function feedStatusDocs(db: Database, branch: string): FeedStatusDoc[] {
  const last = db.prepare("SELECT max(date) FROM feed_file WHERE kind = 'loans'").pluck().get() as string | null;
  return last ? [{ _id: feedStatusDocId(branch), type: 'feed-status', branch, loansAsOf: last }] : [];
}
