import { can } from '../../../domain/staff/roles';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import {
  actionsByEvent, actionView, branchToday, byPrefix, eventDoc, eventView, isMine, loanDoc, loansByAccount, loanStateView,
  type ActionDoc, type EventDoc, type In, type Out, type RiskContext,
} from './risk-records';
import { optedOutCustomers, scriptFor } from './risk-scripts';

/** The caller's queue: the branch's events of one status, soonest deadline first, with the counts. */
export async function myEvents({ deps }: RiskContext, { status }: In<'risk.myEvents'>, ctx: CallContext): Promise<Out<'risk.myEvents'>> {
  const actor = actorOf(ctx);
  const day = branchToday(deps, ctx.now);
  const actions = await actionsByEvent(deps);
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
}

/** One event with its loan's state, its actions and, while it is open, the script to send. */
export async function eventDetail({ deps }: RiskContext, { id }: In<'risk.event'>, ctx: CallContext): Promise<Out<'risk.event'>> {
  const d = await eventDoc(deps, id);
  const all = await actionsByEvent(deps);
  const actions = all.get(id) ?? [];
  const day = branchToday(deps, ctx.now);
  const loan = await loanDoc(deps, d.account);
  const loans = await loansByAccount(deps);
  const script = d.status === 'open' ? await scriptFor(deps, d, loan, await deps.collectionScripts(), optedOutCustomers(all, (a) => loans.get(a)?.idNo), day) : null;
  return { event: eventView(d, actions, day), loan: loan && loanStateView(loan, day), actions: actions.map(actionView), script };
}

/** What staff did about an event (a call, a visit, a promise, a request to close…), with its audit entry. */
export async function record({ deps, newId }: RiskContext, args: In<'risk.record'>, ctx: CallContext): Promise<Out<'risk.record'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const event = await eventDoc(deps, args.event);
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
}
