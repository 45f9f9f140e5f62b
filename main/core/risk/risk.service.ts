import { monotonicFactory } from 'ulid';
import { daysBetween } from '../../../domain/credit/dates';
import type { ProductCode } from '../../../domain/credit/products';
import type { RuleSet } from '../../../domain/credit/rules';
import { overdueDaysOn, scanBranchLoans } from '../../../domain/post-loan/branch-scan';
import { riskDashboard } from '../../../domain/post-loan/risk-dashboard';
import type { LoanStateDoc, RiskActionDoc, RiskEventDoc } from '../../../domain/post-loan/post-loan-docs';
import { renderScript, scriptFigures, stageOf, type CollectionScripts } from '../../../domain/post-loan/collection-scripts';
import { nextSendableAt } from '../../../domain/messaging/quiet-hours';
import { can } from '../../../domain/staff/roles';
import { branchDay } from '../../../domain/time/branch-time';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { actorOf, type Actor, type Handlers } from '../api/handlers';
import type { AuditLog } from '../audit/audit-log';
import type { WriteQueue } from '../write-queue';
import type { LoanStateView, RiskActionView, RiskEventView, RiskScript, riskContract, ScriptSendResult } from './risk.contract';

/**
 * 贷后 at the branch: the risk events head office's daily scan raised for this branch's loans and the loans' state
 * (both head-office documents, synced down), and what staff do about them (risk-action documents, written here,
 * offline too, and synced up). Head office decides when an event closes: by the feeds, or after a close recorded
 * here by someone allowed to (风险处置).
 */
export interface RiskDeps {
  pouch: PouchDB.Database<object>;
  audit: AuditLog;
  writes: WriteQueue;
  branch: string;
  timeZone: string;
  /** The rule set head office published for a product (the `reference` database), as credit decisions use. */
  ruleSet(product: ProductCode): Promise<RuleSet>;
  /** Head office's standard scripts (the `reference` database). */
  collectionScripts(): Promise<CollectionScripts>;
  branchName: string;
  /** A staff member's name as head office signed it, for the scripts' signature line. */
  staffName(staffNo: string): Promise<string | null>;
}

type Stored<T> = T & { _rev: string };
type EventDoc = Stored<RiskEventDoc>;
type LoanDoc = Stored<LoanStateDoc>;
type ActionDoc = Stored<RiskActionDoc>;
type ReplyDoc = Stored<{ _id: string; type: 'risk-reply'; branch: string; event: string; text: string; at: string; channel: string }>;

async function byPrefix<T>(pouch: PouchDB.Database<object>, prefix: string): Promise<T[]> {
  const res = await pouch.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
  return res.rows.map((r) => r.doc as unknown as T);
}

const actionView = (d: ActionDoc): RiskActionView => ({
  id: d._id, kind: d.kind, note: d.note, promiseDate: d.promiseDate, promiseAmountFen: d.promiseAmountFen, at: d.at, by: d.by, byName: d.byName,
});

function eventView(d: EventDoc, actions: ActionDoc[], today: string): RiskEventView {
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

/** A customer who asked (on any of their loans' events) not to be messaged: their ID numbers, or the loan's account when its state is unknown. */
function optedOutCustomers(actions: Map<string, ActionDoc[]>, idNoOf: (account: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const list of actions.values()) {
    const optOut = list.find((a) => a.kind === 'opt-out');
    if (!optOut) continue;
    const account = optOut.event.split(':')[2]!;
    out.add(idNoOf(account) ?? account);
  }
  return out;
}

export function riskHandlers(deps: RiskDeps): Handlers<typeof riskContract> {
  const newId = monotonicFactory();
  const today = (now: Date) => branchDay(now, deps.timeZone);

  async function loanDoc(account: string): Promise<LoanDoc | null> {
    try {
      return (await deps.pouch.get(`loan-state:${account}`)) as unknown as LoanDoc;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }

  async function loansByAccount(): Promise<Map<string, LoanDoc>> {
    return new Map((await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).map((l) => [l.account, l]));
  }

  /** The event's script with the customer's figures; the loan's live figures when head office published its state. */
  async function scriptFor(e: EventDoc, loan: LoanDoc | null, scripts: CollectionScripts, optedOut: Set<string>, day: string): Promise<RiskScript> {
    const overdueDays = loan ? overdueDaysOn(loan.overdueSince, day) : e.overdueDays;
    const stage = stageOf(overdueDays);
    const figures = scriptFigures({
      name: e.name, account: e.account, overdueFen: loan?.overdueFen ?? 0, overdueDays, balanceFen: loan?.balanceFen ?? 0,
      nextDueDate: loan?.nextDueDate ?? null, branchName: deps.branchName, managerName: (await deps.staffName(e.manager)) ?? e.manager,
    });
    return { stage, version: scripts.version, text: renderScript(scripts.scripts[stage].zh, figures), optedOut: optedOut.has(loan?.idNo ?? e.account), quietHours: scripts.quietHours };
  }

  async function actionsByEvent(): Promise<Map<string, ActionDoc[]>> {
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

  async function eventDoc(id: string): Promise<EventDoc> {
    try {
      const d = (await deps.pouch.get(id)) as unknown as EventDoc;
      if (d.type === 'risk-event') return d;
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
    throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('risk.event') });
  }

  return {
    'risk.myEvents': async ({ status }, ctx) => {
      const actor = actorOf(ctx);
      const day = today(ctx.now);
      const actions = await actionsByEvent();
      const events = (await byPrefix<EventDoc>(deps.pouch, `risk-event:${deps.branch}:`))
        .filter((d) => d.status === status)
        .map((d) => eventView(d, actions.get(d._id) ?? [], day))
        .filter((e) => isMine(actor, e))
        .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.raisedOn.localeCompare(b.raisedOn) || a.id.localeCompare(b.id));
      const open = events.filter((e) => e.status === 'open');
      return {
        events,
        counts: { open: open.length, dueToday: open.filter((e) => e.daysLeft === 0).length, pastDeadline: open.filter((e) => e.daysLeft < 0).length },
      };
    },

    'risk.event': async ({ id }, ctx) => {
      const d = await eventDoc(id);
      const all = await actionsByEvent();
      const actions = all.get(id) ?? [];
      const day = today(ctx.now);
      const loan = await loanDoc(d.account);
      const loans = await loansByAccount();
      const script = d.status === 'open' ? await scriptFor(d, loan, await deps.collectionScripts(), optedOutCustomers(all, (a) => loans.get(a)?.idNo), day) : null;
      return { event: eventView(d, actions, day), loan: loan && loanStateView(loan, day), actions: actions.map(actionView), script };
    },

    'risk.sendScripts': async ({ events: ids }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const day = today(ctx.now);
        const at = ctx.now.toISOString();
        const scripts = await deps.collectionScripts();
        const loans = await loansByAccount();
        const optedOut = optedOutCustomers(await actionsByEvent(), (a) => loans.get(a)?.idNo);
        const sendableAt = nextSendableAt(ctx.now, { ...scripts.quietHours, timeZone: deps.timeZone });
        const results: ScriptSendResult[] = [];
        const docs: object[] = [];
        for (const id of [...new Set(ids)]) {
          const e = await eventDoc(id);
          if (!(isMine(actor, e) || can(actor.roles, 'risk.handle'))) throw apiError('FORBIDDEN', 'risk.notYours');
          if (e.status === 'closed') throw apiError('CONFLICT', 'risk.alreadyClosed', { on: e.closedOn ?? '' });
          const script = await scriptFor(e, loans.get(e.account) ?? null, scripts, optedOut, day);
          if (script.optedOut) {
            results.push({ event: id, name: e.name, account: e.account, outcome: 'opted-out', sendableAt: null, text: script.text });
            continue;
          }
          const doc = {
            _id: `risk-action:${newId()}`, type: 'risk-action', branch: deps.branch, event: id, kind: 'message' as const, note: script.text,
            promiseDate: null, promiseAmountFen: null, at, by: actor.staffNo, byName: actor.name, stage: script.stage, scriptVersion: script.version,
          };
          docs.push(doc);
          results.push({
            event: id, name: e.name, account: e.account, outcome: sendableAt.getTime() > ctx.now.getTime() ? 'quiet-hours' : 'queued',
            sendableAt: sendableAt.toISOString(), text: script.text,
          });
        }
        if (docs.length > 0) {
          // One audit entry for the batch, written with every message in one bulkDocs: nothing half-sent.
          const entry = deps.audit.next({
            actor: actor.staffNo, actorName: actor.name, action: 'risk.message', entity: `risk-message:${docs.length}`, at, before: null,
            after: { messages: results.filter((r) => r.outcome !== 'opted-out').map((r) => r.event), scriptVersion: scripts.version },
          });
          const res = await deps.pouch.bulkDocs([...docs, entry]);
          if (res.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
          deps.audit.commit(entry);
        }
        return { results };
      });
    },

    'risk.branchScan': async (_args, ctx) => {
      const actor = actorOf(ctx);
      const loans = (await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).filter((d) => d.branch === deps.branch);
      const ruleSets = new Map<ProductCode, RuleSet>();
      for (const product of new Set(loans.map((l) => l.product))) ruleSets.set(product, await deps.ruleSet(product));
      const scan = scanBranchLoans(loans, today(ctx.now), (p) => ruleSets.get(p)!);
      // Like the event queue: the branch head and the risk department see every loan, a customer manager theirs.
      const everyone = actor.roles.includes('branch-head') || actor.roles.includes('risk-officer');
      return everyone ? scan : { ...scan, changes: scan.changes.filter((c) => c.manager === actor.staffNo) };
    },

    'risk.dashboard': async (_args, ctx) => {
      const loans = (await byPrefix<LoanDoc>(deps.pouch, 'loan-state:')).filter((d) => d.branch === deps.branch);
      const events = await byPrefix<EventDoc>(deps.pouch, `risk-event:${deps.branch}:`);
      return riskDashboard(loans, events, today(ctx.now));
    },

    'risk.record': async (args, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const event = await eventDoc(args.event);
        // Whoever the event is dispatched to records what they did; closing it is 风险处置 (risk.handle) only.
        if (args.action === 'close' ? !can(actor.roles, 'risk.handle') : !(isMine(actor, event) || can(actor.roles, 'risk.handle'))) {
          const roles = actor.roles.map((r) => translate(`role.${r}`)).join('、');
          throw args.action === 'close'
            ? apiError('FORBIDDEN', 'error.FORBIDDEN', { roles, permission: 'risk.handle', permissionName: translate('permission.risk.handle') })
            : apiError('FORBIDDEN', 'risk.notYours');
        }
        if (event.status === 'closed') throw apiError('CONFLICT', 'risk.alreadyClosed', { on: event.closedOn ?? '' });
        const at = ctx.now.toISOString();
        const doc: ActionDoc = {
          _id: `risk-action:${newId()}`, _rev: '', type: 'risk-action', branch: deps.branch, event: args.event, kind: args.action, note: args.note,
          promiseDate: args.promiseDate ?? null, promiseAmountFen: args.promiseAmountFen ?? null, at, by: actor.staffNo, byName: actor.name,
        };
        const { _rev: _unused, ...fresh } = doc;
        const entry = deps.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: `risk.${args.action}`, entity: args.event, at, before: null,
          after: { action: doc._id, kind: args.action, note: args.note, promiseDate: doc.promiseDate, promiseAmountFen: doc.promiseAmountFen },
        });
        const [res] = await deps.pouch.bulkDocs([fresh as object, entry]);
        if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
        deps.audit.commit(entry);
        return actionView(doc);
      });
    },
  };
}
