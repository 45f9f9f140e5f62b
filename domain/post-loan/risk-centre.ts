import { z } from 'zod';
import { daysBetween } from '../credit/dates';
import { CLASSIFICATIONS, type Classification } from '../credit/rules/fields';
import { COLLECTION_STAGES, stageOf, type CollectionStage } from './collection-scripts';
import { overdueDaysOn } from './branch-scan';
import type { LoanStateDoc, RiskEventDoc } from './post-loan-docs';

/**
 * 风险管理部集中处理 — the risk department's view of every branch's risk events in one list: filtered and sorted
 * on the event and its loan's published state (class, overdue days today, collection stage, age since raised).
 */
export type CentreEvent = Pick<RiskEventDoc, '_id' | 'branch' | 'account' | 'name' | 'manager' | 'cause' | 'message' | 'raisedOn' | 'queue' | 'deadline' | 'status' | 'handler' | 'handlerName'>;
export type CentreLoan = Pick<LoanStateDoc, 'account' | 'balanceFen' | 'overdueSince' | 'classification'>;

export interface CentreRow {
  id: string;
  branch: string;
  account: string;
  name: string;
  manager: string;
  /** Who has it: the staff member the risk department assigned it to, else the loan's customer manager. */
  handler: string;
  /** Set when the risk department assigned it. */
  handlerName: string | null;
  cause: RiskEventDoc['cause'];
  message: string;
  raisedOn: string;
  queue: RiskEventDoc['queue'];
  deadline: string;
  status: RiskEventDoc['status'];
  /** Days since raised, today. */
  age: number;
  overdueDays: number;
  stage: CollectionStage;
  classification: Classification | null;
  balanceFen: number | null;
  pastDeadline: boolean;
}

const optionalInt = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(0).max(100_000).optional());
const optionalText = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().max(40).optional());

/** The centre's filters, as a GET form sends them (every field optional; empty = any). */
export const centreFilterSchema = z.object({
  branch: optionalText,
  cause: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['overdue', 'warning', 'downgrade']).optional()),
  classification: z.preprocess((v) => (v === '' ? undefined : v), z.enum(CLASSIFICATIONS).optional()),
  stage: z.preprocess((v) => (v === '' ? undefined : v), z.enum(COLLECTION_STAGES).optional()),
  queue: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['branch', 'risk']).optional()),
  status: z.preprocess((v) => (v === '' || v === undefined ? 'open' : v), z.enum(['open', 'closed', 'all'])),
  handler: optionalText,
  minAge: optionalInt,
  maxAge: optionalInt,
  minOverdue: optionalInt,
  maxOverdue: optionalInt,
  pastDeadline: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  sort: z.preprocess((v) => (v === '' || v === undefined ? 'deadline' : v), z.enum(['deadline', 'age', 'overdue', 'balance', 'branch'])),
});
export type CentreFilter = z.infer<typeof centreFilterSchema>;

export function centreRows(events: Iterable<CentreEvent>, loans: Iterable<CentreLoan>, today: string): CentreRow[] {
  const byAccount = new Map<string, CentreLoan>();
  for (const l of loans) byAccount.set(l.account, l);
  const rows: CentreRow[] = [];
  for (const e of events) {
    const loan = byAccount.get(e.account);
    const overdueDays = loan ? overdueDaysOn(loan.overdueSince, today) : 0;
    rows.push({
      id: e._id, branch: e.branch, account: e.account, name: e.name, manager: e.manager, handler: e.handler ?? e.manager,
      handlerName: e.handler ? (e.handlerName ?? e.handler) : null, cause: e.cause, message: e.message, raisedOn: e.raisedOn,
      queue: e.queue, deadline: e.deadline, status: e.status, age: Math.max(0, daysBetween(e.raisedOn, today)), overdueDays, stage: stageOf(overdueDays),
      classification: loan?.classification ?? null, balanceFen: loan?.balanceFen ?? null, pastDeadline: e.status === 'open' && today > e.deadline,
    });
  }
  return rows;
}

const within = (v: number, min: number | undefined, max: number | undefined) => (min === undefined || v >= min) && (max === undefined || v <= max);

export function filterCentre(rows: CentreRow[], f: CentreFilter): CentreRow[] {
  const out = rows.filter(
    (r) =>
      (f.branch === undefined || r.branch === f.branch.toUpperCase()) &&
      (f.cause === undefined || r.cause === f.cause) &&
      (f.classification === undefined || r.classification === f.classification) &&
      (f.stage === undefined || r.stage === f.stage) &&
      (f.queue === undefined || r.queue === f.queue) &&
      (f.status === 'all' || r.status === f.status) &&
      (f.handler === undefined || r.handler === f.handler.toUpperCase()) &&
      within(r.age, f.minAge, f.maxAge) &&
      within(r.overdueDays, f.minOverdue, f.maxOverdue) &&
      (!f.pastDeadline || r.pastDeadline),
  );
  const by: Record<CentreFilter['sort'], (a: CentreRow, b: CentreRow) => number> = {
    deadline: (a, b) => a.deadline.localeCompare(b.deadline),
    age: (a, b) => b.age - a.age,
    overdue: (a, b) => b.overdueDays - a.overdueDays,
    balance: (a, b) => (b.balanceFen ?? 0) - (a.balanceFen ?? 0),
    branch: (a, b) => a.branch.localeCompare(b.branch),
  };
  return out.sort((a, b) => by[f.sort](a, b) || a.id.localeCompare(b.id));
}
