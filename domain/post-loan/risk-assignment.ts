import { z } from 'zod';
import { addDays } from '../credit/dates';
import type { Role } from '../staff/roles';
import { deadlineFor, type DispatchRules, type RiskQueue } from './dispatch';

/**
 * 风险管理部集中处理 — bulk assignment: the risk department hands chosen events to one handler with a deadline.
 * A handler is the branch head or a customer manager of the event's own branch (the event goes back to the branch
 * queue, as dispatch puts it) or a risk officer (the risk department's queue). The deadline, when not given, is
 * the dispatch rules' for that queue counted from today. All or nothing: one event that cannot go to that handler
 * refuses the whole assignment.
 */
export const MAX_ASSIGNED = 2000;

export interface HandlerCandidate {
  staffNo: string;
  name: string;
  branch: string;
  roles: readonly Role[];
  active: boolean;
}

export interface AssignableEvent {
  id: string;
  branch: string;
  status: 'open' | 'closed';
  queue: RiskQueue;
  deadline: string;
  handler: string | null;
}

export interface Assignment {
  event: string;
  branch: string;
  handler: string;
  handlerName: string;
  queue: RiskQueue;
  deadline: string;
  prev: { handler: string | null; queue: RiskQueue; deadline: string };
}

export type AssignRule = 'badForm' | 'noEvents' | 'tooMany' | 'unknownEvent' | 'closed' | 'unknownHandler' | 'inactiveHandler' | 'notAHandler' | 'otherBranch' | 'deadlinePast' | 'deadlineFar';
export interface AssignProblem {
  rule: AssignRule;
  /** The event concerned, when the rule is about one. */
  event?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** How far ahead a deadline may be set: a year. */
const FURTHEST_DAYS = 366;

/**
 * What the centre's form asks, checked at the boundary: the handler as `BRANCH/STAFFNO` (staff numbers repeat
 * between branches — each branch has its M001), an optional deadline.
 */
export const assignRequestSchema = z.object({
  events: z.array(z.string().trim().min(1).max(120)),
  handler: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,16}\/[A-Z0-9]{3,16}$/)
    .transform((v) => {
      const [branch, staffNo] = v.split('/') as [string, string];
      return { branch, staffNo };
    }),
  deadline: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().regex(DAY).optional()),
});
export type AssignRequest = z.infer<typeof assignRequestSchema>;

/** The queue a handler works an event of `branch` in, or why they cannot. */
export function handlerQueue(h: HandlerCandidate, branch: string): RiskQueue | Extract<AssignRule, 'notAHandler' | 'otherBranch'> {
  if (h.roles.includes('risk-officer')) return 'risk';
  if (!h.roles.includes('branch-head') && !h.roles.includes('customer-manager')) return 'notAHandler';
  return h.branch === branch ? 'branch' : 'otherBranch';
}

export function planAssignment(
  req: AssignRequest,
  events: ReadonlyMap<string, AssignableEvent>,
  handler: HandlerCandidate | undefined,
  today: string,
  rules: DispatchRules,
): { ok: true; assignments: Assignment[] } | { ok: false; problems: AssignProblem[] } {
  const problems: AssignProblem[] = [];
  const ids = [...new Set(req.events)];
  if (ids.length === 0) problems.push({ rule: 'noEvents' });
  if (ids.length > MAX_ASSIGNED) problems.push({ rule: 'tooMany' });
  if (!handler) problems.push({ rule: 'unknownHandler' });
  else if (!handler.active) problems.push({ rule: 'inactiveHandler' });
  if (req.deadline !== undefined && req.deadline < today) problems.push({ rule: 'deadlinePast' });
  if (req.deadline !== undefined && req.deadline > addDays(today, FURTHEST_DAYS)) problems.push({ rule: 'deadlineFar' });
  const assignments: Assignment[] = [];
  if (ids.length > MAX_ASSIGNED) return { ok: false, problems };
  for (const id of ids) {
    const e = events.get(id);
    if (!e) {
      problems.push({ rule: 'unknownEvent', event: id });
      continue;
    }
    if (e.status !== 'open') problems.push({ rule: 'closed', event: id });
    if (!handler) continue;
    const queue = handlerQueue(handler, e.branch);
    if (queue !== 'risk' && queue !== 'branch') {
      // Said once for the handler, not once per event, when no event could go to them at all.
      if (!problems.some((p) => p.rule === queue && p.event === undefined)) problems.push({ rule: queue, ...(queue === 'otherBranch' ? { event: id } : {}) });
      continue;
    }
    assignments.push({
      event: id, branch: e.branch, handler: handler.staffNo, handlerName: handler.name, queue,
      deadline: req.deadline ?? deadlineFor(queue, today, rules),
      prev: { handler: e.handler, queue: e.queue, deadline: e.deadline },
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, assignments };
}
