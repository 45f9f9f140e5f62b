import { monotonicFactory } from 'ulid';
import { daysBetween } from '../../../domain/credit/dates';
import type { ProductCode } from '../../../domain/credit/products';
import type { RuleSet } from '../../../domain/credit/rules';
import { overdueDaysOn } from '../../../domain/post-loan/branch-scan';
import type { LoanStateDoc, RiskActionDoc, RiskEventDoc } from '../../../domain/post-loan/post-loan-docs';
import type { CollectionScripts } from '../../../domain/post-loan/collection-scripts';
import { branchDay } from '../../../domain/time/branch-time';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import type { Actor } from '../api/handlers';
import type { OutputOf, ParsedInputOf } from '../api/method';
import type { LoanStateView, RiskActionView, RiskEventView, riskContract } from './risk.contract';
import type { ServiceDeps } from '../service-deps';

/** What the 贷后 handlers read and write through (see riskHandlers). */
export interface RiskDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'branch' | 'branchName' | 'timeZone'> {
  /** The rule set head office published for a product (the `reference` database), as credit decisions use. */
  ruleSet(product: ProductCode): Promise<RuleSet>;
  /** Head office's standard scripts (the `reference` database). */
  collectionScripts(): Promise<CollectionScripts>;
  /** A staff member's name as head office signed it, for the scripts' signature line. */
  staffName(staffNo: string): Promise<string | null>;
}

/** What the risk handlers work over: the deps and one id source per handler set. */
export interface RiskContext {
  deps: RiskDeps;
  /** Monotonic within the handler set, so actions made in one millisecond still sort in the order they were made. */
  newId: () => string;
}

export const riskContext = (deps: RiskDeps): RiskContext => ({ deps, newId: monotonicFactory() });

/** One API method's parsed arguments and its result, as riskContract declares them. */
export type In<M extends keyof typeof riskContract> = ParsedInputOf<(typeof riskContract)[M]>;
export type Out<M extends keyof typeof riskContract> = OutputOf<(typeof riskContract)[M]>;

type Stored<T> = T & { _rev: string };
export type EventDoc = Stored<RiskEventDoc>;
export type LoanDoc = Stored<LoanStateDoc>;
export type ActionDoc = Stored<RiskActionDoc>;
type ReplyDoc = Stored<{ _id: string; type: 'risk-reply'; branch: string; event: string; text: string; at: string; channel: string }>;

/** The branch's calendar day at `now`. */
export const branchToday = (deps: RiskDeps, now: Date) => branchDay(now, deps.timeZone);

export async function byPrefix<T>(pouch: PouchDB.Database<object>, prefix: string): Promise<T[]> {
  const res = await pouch.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
  return res.rows.map((r) => r.doc as unknown as T);
}

export const actionView = (d: ActionDoc): RiskActionView => ({
  id: d._id, kind: d.kind, note: d.note, promiseDate: d.promiseDate, promiseAmountFen: d.promiseAmountFen, at: d.at, by: d.by, byName: d.byName,
});

export function eventView(d: EventDoc, actions: ActionDoc[], today: string): RiskEventView {
  const last = actions.at(-1);
  return {
    id: d._id, account: d.account, name: d.name, manager: d.manager, cause: d.cause, signal: d.signal, classFrom: d.classFrom, classTo: d.classTo,
    message: d.message, overdueDays: d.overdueDays, raisedOn: d.raisedOn, queue: d.queue, deadline: d.deadline,
    ...(d.handler ? { handler: d.handler, handlerName: d.handlerName ?? d.handler, assignedOn: d.assignedOn ?? d.updatedOn } : {}),
    daysLeft: daysBetween(today, d.deadline), escalatedOn: d.escalatedOn, status: d.status, closedOn: d.closedOn, closedBy: d.closedBy,
    closeReason: d.closeReason, closeRequested: d.status === 'open' && actions.some((a) => a.kind === 'close'),
    lastAction: last ? { kind: last.kind, at: last.at, byName: last.byName } : null,
  };
}

export function loanStateView(d: LoanDoc, today: string): LoanStateView {
  const { _id: _i, _rev: _r, type: _t, ...rest } = d;
  return { ...rest, overdueDays: overdueDaysOn(d.overdueSince, today) };
}

/**
 * Whose queue an event is in: the risk department's, or the branch head's and the loan's customer manager's — or,
 * once the risk department assigned it (风险管理部集中处理), the customer manager it named instead of the loan's.
 */
export function isMine(actor: Pick<Actor, 'staffNo' | 'roles'>, e: Pick<RiskEventView, 'queue' | 'manager' | 'handler'>): boolean {
  if (e.queue === 'risk') return actor.roles.includes('risk-officer');
  return actor.roles.includes('branch-head') || (actor.roles.includes('customer-manager') && (e.handler ?? e.manager) === actor.staffNo);
}

export async function loanDoc(deps: RiskDeps, account: string): Promise<LoanDoc | null> {
  try {
    return (await deps.pouch.get(`loan-state:${account}`)) as unknown as LoanDoc;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}

export async function loansByAccount(deps: RiskDeps): Promise<Map<string, LoanDoc>> {
  return new Map((await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).map((l) => [l.account, l]));
}

/** Every event's actions (staff's and the customers' replies), oldest first. */
export async function actionsByEvent(deps: RiskDeps): Promise<Map<string, ActionDoc[]>> {
  const map = new Map<string, ActionDoc[]>();
  // A customer's reply to a collection message is head office's document (risk-reply), shown among the actions.
  const replies = (await byPrefix<ReplyDoc>(deps.pouch, 'risk-reply:')).map(
    (r): ActionDoc => ({
      _id: r._id, _rev: r._rev, type: 'risk-action', branch: r.branch, event: r.event, kind: 'reply', note: r.text, promiseDate: null, promiseAmountFen: null,
      at: r.at, by: r.channel, byName: translate('risk.replyFrom'),
    }),
  );
  for (const a of [...(await byPrefix<ActionDoc>(deps.pouch, 'risk-action:')), ...replies]) {
    const list = map.get(a.event) ?? [];
    list.push(a);
    map.set(a.event, list);
  }
  // ULIDs order the actions of one PC; `at` those of several.
  for (const list of map.values()) list.sort((x, y) => x.at.localeCompare(y.at) || x._id.localeCompare(y._id));
  return map;
}

export async function eventDoc(deps: RiskDeps, id: string): Promise<EventDoc> {
  try {
    const d = (await deps.pouch.get(id)) as unknown as EventDoc;
    if (d.type === 'risk-event') return d;
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
  }
  throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('risk.event') });
}
