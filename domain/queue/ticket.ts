import type { PriorityKind } from './config';

/**
 * A ticket's life: waiting → called → serving → done, or called → no-show. A transfer ends the current visit at a
 * counter with the outcome 'transferred' and puts the ticket back to waiting — same number, new service or
 * counter, at the front of the line — so "transferred" is the outcome of a visit, never a resting state.
 */
export type TicketState = 'waiting' | 'called' | 'serving' | 'done' | 'no-show';
export type VisitOutcome = 'done' | 'no-show' | 'transferred';
export type TicketAction = 'issue' | 'call' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer';

/** One visit of the ticket to a counter: its wait, its service time and who served it. */
export interface Visit {
  service: string;
  counter: number;
  teller: string;
  /** When the ticket entered the line this visit was called from (issue time, or the transfer time). */
  queuedAt: string;
  calledAt: string;
  startedAt: string | null;
  endedAt: string | null;
  outcome: VisitOutcome | null;
  recalls: number;
}

export interface TicketEvent {
  at: string;
  action: TicketAction;
  by: string;
  counter?: number;
  /** The client's request id, so a counter that retries after a lost reply gets the same answer, not a new call. */
  requestId?: string;
  from?: string;
  to?: string;
}

export interface Ticket {
  day: string;
  number: string;
  seq: number;
  service: string;
  prefix: string;
  priority: PriorityKind | null;
  /** Linked when the kiosk read an ID card of a known customer, so the counter can open the file at once. */
  customerId: string | null;
  state: TicketState;
  issuedAt: string;
  queuedAt: string;
  /** Transferred tickets go to the front of their new line. */
  front: boolean;
  /** Set by a transfer to a named counter: only that counter may call it. */
  targetCounter: number | null;
  /** The estimate shown on the ticket, kept to measure the estimator's error. */
  estimateSec: number | null;
  aheadAtIssue: number;
  visits: Visit[];
  events: TicketEvent[];
}

export type TransitionError = { error: 'queue.error.badState'; params: { number: string; state: TicketState; action: TicketAction } };
export type TransitionResult = { ok: true; ticket: Ticket } | ({ ok: false } & TransitionError);

interface Actor {
  teller: string;
  counter: number;
  at: string;
  requestId?: string;
}

const ALLOWED: Record<Exclude<TicketAction, 'issue'>, readonly TicketState[]> = {
  call: ['waiting'],
  recall: ['called'],
  start: ['called'],
  // One key per action: a teller who forgot "start" can still finish; the visit then counts from the call.
  finish: ['called', 'serving'],
  'no-show': ['called'],
  transfer: ['called', 'serving'],
};

export function canTransition(state: TicketState, action: Exclude<TicketAction, 'issue'>): boolean {
  return ALLOWED[action].includes(state);
}

function refuse(t: Ticket, action: TicketAction): TransitionResult {
  return { ok: false, error: 'queue.error.badState', params: { number: t.number, state: t.state, action } };
}

function event(a: Actor, action: TicketAction, extra: Partial<TicketEvent> = {}): TicketEvent {
  return { at: a.at, action, by: a.teller, counter: a.counter, ...(a.requestId ? { requestId: a.requestId } : {}), ...extra };
}

function withLastVisit(t: Ticket, patch: Partial<Visit>): Visit[] {
  const visits = t.visits.slice();
  visits[visits.length - 1] = { ...visits[visits.length - 1]!, ...patch };
  return visits;
}

export function callTicket(t: Ticket, a: Actor): TransitionResult {
  if (!canTransition(t.state, 'call')) return refuse(t, 'call');
  const visit: Visit = {
    service: t.service, counter: a.counter, teller: a.teller, queuedAt: t.queuedAt, calledAt: a.at,
    startedAt: null, endedAt: null, outcome: null, recalls: 0,
  };
  return { ok: true, ticket: { ...t, state: 'called', front: false, targetCounter: null, visits: [...t.visits, visit], events: [...t.events, event(a, 'call')] } };
}

export function recallTicket(t: Ticket, a: Actor): TransitionResult {
  if (!canTransition(t.state, 'recall')) return refuse(t, 'recall');
  const last = t.visits[t.visits.length - 1]!;
  return { ok: true, ticket: { ...t, visits: withLastVisit(t, { recalls: last.recalls + 1 }), events: [...t.events, event(a, 'recall')] } };
}

export function startTicket(t: Ticket, a: Actor): TransitionResult {
  if (!canTransition(t.state, 'start')) return refuse(t, 'start');
  return { ok: true, ticket: { ...t, state: 'serving', visits: withLastVisit(t, { startedAt: a.at }), events: [...t.events, event(a, 'start')] } };
}

export function finishTicket(t: Ticket, a: Actor): TransitionResult {
  if (!canTransition(t.state, 'finish')) return refuse(t, 'finish');
  const last = t.visits[t.visits.length - 1]!;
  return {
    ok: true,
    ticket: {
      ...t, state: 'done',
      visits: withLastVisit(t, { startedAt: last.startedAt ?? last.calledAt, endedAt: a.at, outcome: 'done' }),
      events: [...t.events, event(a, 'finish')],
    },
  };
}

export function noShowTicket(t: Ticket, a: Actor): TransitionResult {
  if (!canTransition(t.state, 'no-show')) return refuse(t, 'no-show');
  return { ok: true, ticket: { ...t, state: 'no-show', visits: withLastVisit(t, { endedAt: a.at, outcome: 'no-show' }), events: [...t.events, event(a, 'no-show')] } };
}

/**
 * Keeps the number, ends this visit as 'transferred' and queues the ticket at the front of `toService`
 * (or of the same service) — for `toCounter` only, when given.
 */
export function transferTicket(t: Ticket, a: Actor, to: { service: string; counter: number | null }): TransitionResult {
  if (!canTransition(t.state, 'transfer')) return refuse(t, 'transfer');
  const last = t.visits[t.visits.length - 1]!;
  return {
    ok: true,
    ticket: {
      ...t,
      state: 'waiting',
      service: to.service,
      front: true,
      targetCounter: to.counter,
      queuedAt: a.at,
      visits: withLastVisit(t, { startedAt: last.startedAt ?? last.calledAt, endedAt: a.at, outcome: 'transferred' }),
      events: [...t.events, event(a, 'transfer', { from: `${t.service}@${a.counter}`, to: `${to.service}${to.counter !== null ? `@${to.counter}` : ''}` })],
    },
  };
}

/** The ticket a counter is busy with: the last one it called that is still called or being served. */
export function isActive(t: Pick<Ticket, 'state'>): boolean {
  return t.state === 'called' || t.state === 'serving';
}
