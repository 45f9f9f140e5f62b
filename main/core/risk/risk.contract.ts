import { z } from 'zod';
import type { BranchScan } from '../../../domain/post-loan/branch-scan';
import type { RiskDashboard } from '../../../domain/post-loan/risk-dashboard';
import type { CollectionStage } from '../../../domain/post-loan/collection-scripts';
import type { LoanStateDoc, RiskActionDoc, RiskActionKind, RiskEventDoc } from '../../../domain/post-loan/post-loan-docs';
import { method } from '../api/method';

/** A loan's state as head office's daily scan and feeds publish it, with today's overdue days (the document keeps the first day). */
export type LoanStateView = Omit<LoanStateDoc, '_id' | 'type' | 'branch' | 'status' | 'overdueTimes' | 'maxOverdueDays'> &
  Partial<Pick<LoanStateDoc, 'overdueTimes' | 'maxOverdueDays'>> & { overdueDays: number };

export type { RiskActionKind };

export type RiskActionView = Omit<RiskActionDoc, '_id' | 'type' | 'branch' | 'event'> & { id: string };

export type RiskEventView = Omit<RiskEventDoc, '_id' | 'type' | 'branch' | 'updatedOn'> & {
  id: string;
  /** Working days are counted by head office; this is calendar days left (negative: past the deadline). */
  daysLeft: number;
  /** A close recorded at the branch that head office has not confirmed yet. */
  closeRequested: boolean;
  lastAction: { kind: RiskActionKind; at: string; byName: string } | null;
};

/** The event's standard script (标准话术) with the customer's figures filled in. */
export interface RiskScript {
  stage: CollectionStage;
  version: number;
  text: string;
  /** The customer asked not to be messaged (an opt-out on any of their loans' events). */
  optedOut: boolean;
  /** Branch wall-clock "HH:MM": collection messages wait out this window. */
  quietHours: { from: string; to: string };
}

export type ScriptSendOutcome = 'queued' | 'quiet-hours' | 'opted-out';

/** One customer's result of a bulk send: handed to head office's outbox, held for the quiet hours, or refused. */
export interface ScriptSendResult {
  event: string;
  name: string;
  account: string;
  outcome: ScriptSendOutcome;
  /** When head office may send it (the end of the quiet hours), null when refused. */
  sendableAt: string | null;
  text: string;
}

export interface MyRiskEvents {
  events: RiskEventView[];
  counts: { open: number; dueToday: number; pastDeadline: number };
}

const eventId = z.string().regex(/^risk-event:[A-Z0-9]{2,16}:\d{12,19}:\d{4}-\d{2}-\d{2}:(overdue|warning|downgrade)(:[a-z0-9-]{1,40})?$/, 'eventId');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');

export const recordRiskActionInput = z
  .object({
    event: eventId,
    action: z.enum(['visit', 'call', 'promise', 'restructure', 'legal', 'close', 'opt-out']),
    note: z.string().trim().min(1).max(500),
    promiseDate: day.optional(),
    promiseAmountFen: z.int().min(1).max(100_000_000_000).optional(),
  })
  .refine((a) => a.action !== 'promise' || (a.promiseDate !== undefined && a.promiseAmountFen !== undefined), { path: ['promiseDate'], message: 'required' });

export const riskContract = {
  /** The signed-in staff member's queue: customer manager — their loans' branch events; branch head — the branch's; risk officer — the risk department's. */
  'risk.myEvents': method<MyRiskEvents>()(z.object({ status: z.enum(['open', 'closed']).default('open') }), 'risk.read'),
  'risk.event': method<{ event: RiskEventView; loan: LoanStateView | null; actions: RiskActionView[]; script: RiskScript | null }>()(z.object({ id: eventId }), 'risk.read'),
  /**
   * 群发: each selected event's standard script, filled in, as a `message` action that head office's outbox sends
   * (held until the quiet hours end; never to a customer who opted out). One result per customer.
   */
  'risk.sendScripts': method<{ results: ScriptSendResult[] }>()(z.object({ events: z.array(eventId).min(1).max(200) }), 'risk.read'),
  /** Visit, call, promise to pay, proposal — or, with 风险处置 permission, a close with its reason. */
  'risk.record': method<RiskActionView>()(recordRiskActionInput, 'risk.read'),
  /**
   * The branch's own scan of its loans today, on head office's last published states — offline too: classes and
   * balances, and the loans whose class or signals changed since (provisional until head office's scan). A customer
   * manager sees the changes of their own loans.
   */
  'risk.branchScan': method<BranchScan>()(z.object({}), 'risk.read'),
  /**
   * 贷后风险看板: the branch's overdue rate, NPL ratio, five-category migration month over month and open events by
   * age, from head office's published loan states (with their month ends) and risk events.
   */
  'risk.dashboard': method<RiskDashboard>()(z.object({}), 'risk.read'),
};
