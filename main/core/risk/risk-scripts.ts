import { renderScript, scriptFigures, stageOf, type CollectionScripts } from '../../../domain/post-loan/collection-scripts';
import { overdueDaysOn } from '../../../domain/post-loan/branch-scan';
import { nextSendableAt } from '../../../domain/messaging/quiet-hours';
import { can } from '../../../domain/staff/roles';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import type { RiskScript, ScriptSendResult } from './risk.contract';
import {
  actionsByEvent, branchToday, eventDoc, isMine, loansByAccount, type ActionDoc, type EventDoc, type In, type LoanDoc, type Out, type RiskContext, type RiskDeps,
} from './risk-records';

/** A customer who asked (on any of their loans' events) not to be messaged: their ID numbers, or the loan's account when its state is unknown. */
export function optedOutCustomers(actions: Map<string, ActionDoc[]>, idNoOf: (account: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const list of actions.values()) {
    const optOut = list.find((a) => a.kind === 'opt-out');
    if (!optOut) continue;
    const account = optOut.event.split(':')[2]!;
    out.add(idNoOf(account) ?? account);
  }
  return out;
}

/** The event's script with the customer's figures; the loan's live figures when head office published its state. */
export async function scriptFor(deps: RiskDeps, e: EventDoc, loan: LoanDoc | null, scripts: CollectionScripts, optedOut: Set<string>, day: string): Promise<RiskScript> {
  const overdueDays = loan ? overdueDaysOn(loan.overdueSince, day) : e.overdueDays;
  const stage = stageOf(overdueDays);
  const figures = scriptFigures({
    name: e.name, account: e.account, overdueFen: loan?.overdueFen ?? 0, overdueDays, balanceFen: loan?.balanceFen ?? 0,
    nextDueDate: loan?.nextDueDate ?? null, branchName: deps.branchName, managerName: (await deps.staffName(e.manager)) ?? e.manager,
  });
  return { stage, version: scripts.version, text: renderScript(scripts.scripts[stage].zh, figures), optedOut: optedOut.has(loan?.idNo ?? e.account), quietHours: scripts.quietHours };
}

/**
 * The events' collection scripts queued as messages (held to the end of quiet hours), with one audit entry for the
 * batch; a customer who opted out is skipped.
 */
export async function sendScripts({ deps, newId }: RiskContext, { events: ids }: In<'risk.sendScripts'>, ctx: CallContext): Promise<Out<'risk.sendScripts'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const day = branchToday(deps, ctx.now);
    const at = ctx.now.toISOString();
    const scripts = await deps.collectionScripts();
    const loans = await loansByAccount(deps);
    const optedOut = optedOutCustomers(await actionsByEvent(deps), (a) => loans.get(a)?.idNo);
    const sendableAt = nextSendableAt(ctx.now, { ...scripts.quietHours, timeZone: deps.timeZone });
    const results: ScriptSendResult[] = [];
    const docs: object[] = [];
    for (const id of [...new Set(ids)]) {
      const e = await eventDoc(deps, id);
      if (!(isMine(actor, e) || can(actor.roles, 'risk.handle'))) throw apiError('FORBIDDEN', 'risk.notYours');
      if (e.status === 'closed') throw apiError('CONFLICT', 'risk.alreadyClosed', { on: e.closedOn ?? '' });
      const script = await scriptFor(deps, e, loans.get(e.account) ?? null, scripts, optedOut, day);
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
}
