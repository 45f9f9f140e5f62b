import type { Database } from '../../db/sqlite';
import type { DispatchRules, RiskQueue } from '../../domain/post-loan/dispatch';
import { planAssignment, type AssignableEvent, type AssignProblem, type AssignRequest, type Assignment, type HandlerCandidate } from '../../domain/post-loan/risk-assignment';
import type { CouchClient } from '../identity/couch';
import { branchDbName } from '../validation/policy';
import { riskEventDocs } from './branch-docs';
import { ensureScanTables } from './daily-scan';
import { writeChangedDocs } from './publish';

/**
 * 风险管理部集中处理 in head office's feed ledger: an assignment changes the events' queue, deadline and handler
 * and appends one row per event to `risk_assignment` — head office's audit of who handed which event to whom, when,
 * and what it had been before (append-only: triggers refuse UPDATE and DELETE). One transaction: all or nothing.
 * The events' documents then reach the branches like any other change of the ledger (`publishAssigned`, or the
 * next `jingwei feed publish`), and the daily scan escalates a missed deadline as it does for dispatch.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS risk_assignment (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, branch TEXT NOT NULL,
  handler TEXT NOT NULL, handler_name TEXT NOT NULL, queue TEXT NOT NULL, deadline TEXT NOT NULL,
  prev_handler TEXT, prev_queue TEXT NOT NULL, prev_deadline TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS risk_assignment_event ON risk_assignment (event, seq);
CREATE TRIGGER IF NOT EXISTS risk_assignment_no_update BEFORE UPDATE ON risk_assignment BEGIN SELECT RAISE(ABORT, 'risk_assignment is append-only'); END;
CREATE TRIGGER IF NOT EXISTS risk_assignment_no_delete BEFORE DELETE ON risk_assignment BEGIN SELECT RAISE(ABORT, 'risk_assignment is append-only'); END;
`;

export class AssignmentRefused extends Error {
  constructor(readonly problems: AssignProblem[]) {
    super(`assignment refused: ${problems.map((p) => p.rule + (p.event ? ` ${p.event}` : '')).join(', ')}`);
  }
}

export interface AssignInput {
  request: AssignRequest;
  /** The handler named, as head office's signed staff records have them (undefined: nobody by that number). */
  handler: HandlerCandidate | undefined;
  /** Who assigned (the head-office account signed in to the centre). */
  by: string;
  today: string;
  now: Date;
  rules: DispatchRules;
}

export interface AssignmentRow extends Omit<Assignment, 'prev'> {
  seq: number;
  prevHandler: string | null;
  prevQueue: RiskQueue;
  prevDeadline: string;
  by: string;
  at: string;
}

function ensureTables(db: Database): void {
  ensureScanTables(db);
  db.exec(SCHEMA);
}

/** Applies an assignment whole, or throws AssignmentRefused and changes nothing. */
export function assignRiskEvents(db: Database, input: AssignInput): Assignment[] {
  ensureTables(db);
  const readEvent = db.prepare('SELECT id, branch, status, queue, deadline, handler FROM risk_event WHERE id = ?');
  const update = db.prepare('UPDATE risk_event SET queue = ?, deadline = ?, handler = ?, handler_name = ?, assigned_on = ?, updated_on = ? WHERE id = ?');
  const append = db.prepare(`INSERT INTO risk_assignment (event, branch, handler, handler_name, queue, deadline, prev_handler, prev_queue, prev_deadline, by, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return db
    .transaction(() => {
      const events = new Map<string, AssignableEvent>();
      for (const id of input.request.events) {
        const e = readEvent.get(id) as AssignableEvent | undefined;
        if (e) events.set(id, e);
      }
      const plan = planAssignment(input.request, events, input.handler, input.today, input.rules);
      if (!plan.ok) throw new AssignmentRefused(plan.problems);
      const at = input.now.toISOString();
      for (const a of plan.assignments) {
        update.run(a.queue, a.deadline, a.handler, a.handlerName, input.today, input.today, a.event);
        append.run(a.event, a.branch, a.handler, a.handlerName, a.queue, a.deadline, a.prev.handler, a.prev.queue, a.prev.deadline, input.by, at);
      }
      return plan.assignments;
    })
    .immediate();
}

/** Head office's record of assignments, newest first (of one event, or all). */
export function assignmentHistory(db: Database, event?: string, limit = 200): AssignmentRow[] {
  ensureTables(db);
  const rows = db
    .prepare(
      `SELECT seq, event, branch, handler, handler_name AS handlerName, queue, deadline, prev_handler AS prevHandler, prev_queue AS prevQueue,
         prev_deadline AS prevDeadline, by, at FROM risk_assignment ${event ? 'WHERE event = ?' : ''} ORDER BY seq DESC LIMIT ?`,
    )
    .all(...(event ? [event, limit] : [limit]));
  return rows as AssignmentRow[];
}

/**
 * Writes the assigned events' branches' changed `risk-event` documents now, as `jingwei feed publish` would (same
 * documents, same digests: the next publish finds nothing more to write for them).
 */
export async function publishAssigned(db: Database, couch: CouchClient, branches: Iterable<string>): Promise<number> {
  let written = 0;
  for (const branch of new Set(branches)) written += (await writeChangedDocs(db, couch, branchDbName(branch), riskEventDocs(db, branch))).written;
  return written;
}
