import { addWorkingDays, type WorkingCalendar } from './working-days';

/**
 * Who handles a risk event and by when (风险贷款集中管理: 90天内逾期欠息及预警客户自动派单至支行行长、客户经理并
 * 限时办结; longer overdue goes to the risk department's central queue; a missed deadline escalates there too).
 */
export interface DispatchRules {
  /** Working days the branch head and customer manager have for an overdue (≤ 90 days) or warning event. */
  branchWorkingDays: number;
  /** Working days the risk department has for an event in its central queue. */
  riskWorkingDays: number;
  /** Overdue days above which an event goes to the risk department directly. */
  centralAboveOverdueDays: number;
  calendar: WorkingCalendar;
}

export const DEFAULT_DISPATCH_RULES: DispatchRules = {
  branchWorkingDays: 5,
  riskWorkingDays: 10,
  centralAboveOverdueDays: 90,
  calendar: { holidays: [], workingWeekendDays: [] },
};

export type RiskQueue = 'branch' | 'risk';

export interface DispatchInput {
  overdueDays: number;
  raisedOn: string;
}

export interface Dispatch {
  queue: RiskQueue;
  /** Roles whose queue shows the event: the loan's branch head and its customer manager, or the risk department. */
  roles: ('branch-head' | 'customer-manager' | 'risk-officer')[];
  /** Last working day to close the event (inclusive). */
  deadline: string;
}

/** The last working day a queue has for an event that reaches it on `from` (dispatch, escalation, an assignment). */
export function deadlineFor(queue: RiskQueue, from: string, rules: DispatchRules): string {
  return addWorkingDays(from, queue === 'risk' ? rules.riskWorkingDays : rules.branchWorkingDays, rules.calendar);
}

export function dispatchEvent(ev: DispatchInput, rules: DispatchRules): Dispatch {
  if (ev.overdueDays > rules.centralAboveOverdueDays) {
    return { queue: 'risk', roles: ['risk-officer'], deadline: deadlineFor('risk', ev.raisedOn, rules) };
  }
  return { queue: 'branch', roles: ['branch-head', 'customer-manager'], deadline: deadlineFor('branch', ev.raisedOn, rules) };
}

export interface OpenEvent {
  queue: RiskQueue;
  deadline: string;
  status: 'open' | 'closed';
}

/**
 * A branch event still open after its deadline day goes to the risk department, with a fresh deadline counted
 * from the day it escalated. Returns null when nothing changes.
 */
export function escalation(ev: OpenEvent, today: string, rules: DispatchRules): Dispatch | null {
  if (ev.status !== 'open' || ev.queue !== 'branch' || today <= ev.deadline) return null;
  return { queue: 'risk', roles: ['risk-officer'], deadline: deadlineFor('risk', today, rules) };
}
