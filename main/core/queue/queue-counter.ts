import { counterServes, type QueueConfig, type QueueCounter } from '../../../domain/queue/config';
import { selectNext } from '../../../domain/queue/selection';
import {
  callTicket, finishTicket, noShowTicket, recallTicket, startTicket, transferTicket, type Ticket, type TransitionResult,
} from '../../../domain/queue/ticket';
import { translate } from '../../../i18n/translate';
import { actorOf, type Actor, type CallContext } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { BoardPublisher } from './queue-board';
import { auditOf, type Commit } from './queue-commit';
import { dayOf, isNotFound, mustCounter, mustService, serviceName, type ConfigStore } from './queue-config-store';
import { candidate, counterViews, docView, priorityStreak, rowView } from './queue-views';
import type { CounterState, QueueCall, TicketView } from './queue.contract';
import { counterDocId, type CounterDoc, type TicketDoc } from './queue.projection';
import type { QueueQueries } from './queue.queries';
import type { ServiceDeps } from '../service-deps';

const REMEMBERED_REPLIES = 500;

export interface CounterDeps extends Pick<ServiceDeps, 'pouch' | 'writes'> {
  queries: QueueQueries;
  config: ConfigStore;
  commit: Commit;
  board: BoardPublisher;
  /** Replies to recent requests by id: a counter that lost the reply and retries gets the same ticket back. */
  replies: Map<string, TicketView>;
}

interface OnCounterArgs {
  counter: number;
  requestId?: string;
}

type Step = (t: Ticket, a: { teller: string; counter: number; at: string; requestId?: string }) => TransitionResult;

async function loadTicket(deps: CounterDeps, id: string): Promise<TicketDoc> {
  return (await deps.pouch.get(id)) as unknown as TicketDoc;
}

async function counterDoc(deps: CounterDeps, no: number): Promise<CounterDoc | null> {
  try {
    return (await deps.pouch.get(counterDocId(no))) as unknown as CounterDoc;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

function transitionOrThrow(r: TransitionResult): Ticket {
  if (r.ok) return r.ticket;
  throw apiError('CONFLICT', r.error, { number: r.params.number, state: translate(`queue.state.${r.params.state}`), action: translate(`queue.action.${r.params.action}`) });
}

/** Marks the counter open for today with this teller, when it is not already. */
function openedCounter(existing: CounterDoc | null, no: number, day: string, actor: Actor, now: Date, paused = false): CounterDoc | null {
  if (existing && existing.day === day && existing.teller === actor.staffNo && existing.paused === paused) return null;
  return {
    _id: counterDocId(no), ...(existing?._rev ? { _rev: existing._rev } : {}), type: 'queue-counter', no, day,
    teller: actor.staffNo, paused, updatedAt: now.toISOString(),
  };
}

function remember(deps: CounterDeps, requestId: string | undefined, view: TicketView): TicketView {
  if (requestId) {
    deps.replies.set(requestId, view);
    if (deps.replies.size > REMEMBERED_REPLIES) deps.replies.delete(deps.replies.keys().next().value!);
  }
  return view;
}

const callOf = (config: QueueConfig, doc: TicketDoc, counter: QueueCounter, at: string, recall: boolean): QueueCall => ({
  ticketId: doc._id, number: doc.number, service: doc.service, serviceName: serviceName(config, doc.service),
  counter: counter.no, counterName: counter.name, at, recall,
});

/** F5: the next ticket for this counter's service mix (or one service of it), announced in the hall. */
export async function callNext(deps: CounterDeps, args: OnCounterArgs & { service?: string }, ctx: CallContext): Promise<TicketView> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const seen = args.requestId ? deps.replies.get(args.requestId) : undefined;
    if (seen) return seen;
    const config = await deps.config.load();
    const counter = mustCounter(config, args.counter);
    if (args.service !== undefined) {
      const s = mustService(config, args.service);
      if (!counterServes(counter, s.code)) throw apiError('FORBIDDEN', 'queue.error.serviceNotAtCounter', { counter: counter.name, service: s.name });
    }
    const day = dayOf(config, ctx.now);
    const active = deps.queries.active(day, counter.no);
    if (active) {
      const doc = await loadTicket(deps, active.id);
      // The same request again (the reply was lost on the LAN): answer it again instead of refusing.
      if (args.requestId && doc.events.some((e) => e.action === 'call' && e.requestId === args.requestId)) return docView(doc, config);
      throw apiError('CONFLICT', 'queue.error.counterBusy', { counter: counter.name, number: active.number });
    }
    const cdoc = await counterDoc(deps, counter.no);
    if (cdoc && cdoc.day === day && cdoc.paused) throw apiError('CONFLICT', 'queue.error.paused', { counter: counter.name });
    const pick = selectNext(deps.queries.waiting(day).map(candidate), counter, {
      nowMs: ctx.now.getTime(), priorityStreak: priorityStreak(deps.queries, day, counter.no, config.maxPriorityStreak),
      maxPriorityStreak: config.maxPriorityStreak, onlyService: args.service,
    });
    if (!pick) {
      const names = (args.service ? [args.service] : counter.services.map((w) => w.service)).map((s) => serviceName(config, s)).join('、');
      throw apiError('NOT_FOUND', 'queue.error.noneWaiting', { counter: counter.name, services: names });
    }
    const before = await loadTicket(deps, pick.id);
    const at = ctx.now.toISOString();
    const after = transitionOrThrow(callTicket(before, { teller: actor.staffNo, counter: counter.no, at, requestId: args.requestId }));
    const doc: TicketDoc = { ...before, ...after, updatedAt: at };
    const open = openedCounter(cdoc, counter.no, day, actor, ctx.now);
    await deps.commit(open ? [doc, open] : [doc], [
      auditOf(actor, 'queue.call', doc._id, ctx.now, { state: before.state }, { state: doc.state, counter: counter.no }),
    ]);
    const view = remember(deps, args.requestId, docView(doc, config));
    deps.board.publish(ctx.now, callOf(config, doc, counter, at, false));
    return view;
  });
}

/**
 * An action on the ticket at the counter now (recall, start, finish, no-show, transfer); `announce` calls the
 * number again in the hall.
 */
export function onCurrent(deps: CounterDeps, action: string, step: (config: QueueConfig) => Step, announce = false) {
  return async (args: OnCounterArgs, ctx: CallContext): Promise<TicketView> => {
    const actor = actorOf(ctx);
    return deps.writes.run(async () => {
      const seen = args.requestId ? deps.replies.get(args.requestId) : undefined;
      if (seen) return seen;
      const config = await deps.config.load();
      const counter = mustCounter(config, args.counter);
      const day = dayOf(config, ctx.now);
      const active = deps.queries.active(day, counter.no);
      if (!active) throw apiError('CONFLICT', 'queue.error.noCurrent', { counter: counter.name });
      const before = await loadTicket(deps, active.id);
      const at = ctx.now.toISOString();
      const after = transitionOrThrow(step(config)(before, { teller: actor.staffNo, counter: counter.no, at, requestId: args.requestId }));
      const doc: TicketDoc = { ...before, ...after, updatedAt: at };
      await deps.commit([doc], [
        auditOf(actor, `queue.${action}`, doc._id, ctx.now, { state: before.state, service: before.service }, { state: doc.state, service: doc.service, counter: counter.no }),
      ]);
      const view = remember(deps, args.requestId, docView(doc, config));
      deps.board.publish(ctx.now, announce ? callOf(config, doc, counter, at, true) : undefined);
      return view;
    });
  };
}

export const recall = (deps: CounterDeps) => onCurrent(deps, 'recall', () => recallTicket, true);
export const start = (deps: CounterDeps) => onCurrent(deps, 'start', () => startTicket);
export const finish = (deps: CounterDeps) => onCurrent(deps, 'finish', () => finishTicket);
export const noShow = (deps: CounterDeps) => onCurrent(deps, 'noShow', () => noShowTicket);

/** F10: to another service and/or counter, to the front of that line with the same number. */
export function transfer(deps: CounterDeps) {
  return async (args: OnCounterArgs & { toService?: string; toCounter?: number }, ctx: CallContext): Promise<TicketView> => {
    const config = await deps.config.load();
    const toService = args.toService !== undefined ? mustService(config, args.toService).code : undefined;
    const toCounter = args.toCounter !== undefined ? mustCounter(config, args.toCounter) : undefined;
    return onCurrent(deps, 'transfer', () => (t, a) => {
      const service = toService ?? t.service;
      if (toCounter && !counterServes(toCounter, service)) {
        throw apiError('FORBIDDEN', 'queue.error.counterLacksService', { counter: toCounter.name, service: serviceName(config, service) });
      }
      return transferTicket(t, a, { service, counter: toCounter?.no ?? null });
    })(args, ctx);
  };
}

/** The next few tickets this counter would call, in calling order, without calling them. */
function waitingFor(deps: CounterDeps, config: QueueConfig, counter: QueueCounter, day: string, nowMs: number, limit: number): TicketView[] {
  const rows = deps.queries.waiting(day);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const left = rows.map(candidate);
  let streak = priorityStreak(deps.queries, day, counter.no, config.maxPriorityStreak);
  const out: TicketView[] = [];
  while (out.length < limit) {
    const next = selectNext(left, counter, { nowMs, priorityStreak: streak, maxPriorityStreak: config.maxPriorityStreak });
    if (!next) break;
    out.push(rowView(byId.get(next.id)!, config));
    left.splice(left.indexOf(next), 1);
    streak = next.priority !== null ? streak + 1 : 0;
  }
  return out;
}

export async function counterState(deps: CounterDeps, no: number, now: Date): Promise<CounterState> {
  const config = await deps.config.load();
  const counter = mustCounter(config, no);
  const day = dayOf(config, now);
  const active = deps.queries.active(day, no);
  return {
    counter: counterViews(deps.queries, config, day).find((c) => c.no === no)!,
    current: active ? rowView(active, config) : null,
    waiting: waitingFor(deps, config, counter, day, now.getTime(), 10),
    servedToday: deps.queries.servedToday(day, no),
  };
}

/** Opens (or pauses) the counter for today under the acting teller. */
export async function setCounter(deps: CounterDeps, no: number, paused: boolean, ctx: CallContext): Promise<CounterState> {
  const actor = actorOf(ctx);
  await deps.writes.run(async () => {
    const config = await deps.config.load();
    mustCounter(config, no);
    const day = dayOf(config, ctx.now);
    const existing = await counterDoc(deps, no);
    const next = openedCounter(existing, no, day, actor, ctx.now, paused);
    if (!next) return;
    await deps.commit([next], [auditOf(actor, paused ? 'queue.pause' : 'queue.open', next._id, ctx.now,
      existing ? { teller: existing.teller, paused: existing.paused, day: existing.day } : null, { teller: next.teller, paused: next.paused, day })]);
    deps.board.publish(ctx.now);
  });
  return counterState(deps, no, ctx.now);
}
