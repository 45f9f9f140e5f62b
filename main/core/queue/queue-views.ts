import type { QueueConfig } from '../../../domain/queue/config';
import type { Candidate } from '../../../domain/queue/selection';
import type { Ticket } from '../../../domain/queue/ticket';
import { serviceName } from './queue-config-store';
import type { QueueCounterView, TicketView } from './queue.contract';
import type { QueueQueries, TicketRowDb } from './queue.queries';

/** A ticket as the projection holds it, for screens. */
export function rowView(r: TicketRowDb, config: QueueConfig): TicketView {
  return {
    id: r.id, number: r.number, service: r.service, serviceName: serviceName(config, r.service), priority: r.priority,
    state: r.state, issuedAt: r.issued_at, queuedAt: r.queued_at, counter: r.counter, calledAt: r.called_at,
    recalls: r.recalls, front: r.front === 1, targetCounter: r.target_counter, customerId: r.customer_id,
  };
}

/** A ticket document just written, for the reply: the same shape as `rowView` without reading it back. */
export function docView(d: Ticket & { _id: string }, config: QueueConfig): TicketView {
  const last = d.visits[d.visits.length - 1];
  const atCounter = d.state !== 'waiting';
  return {
    id: d._id, number: d.number, service: d.service, serviceName: serviceName(config, d.service), priority: d.priority,
    state: d.state, issuedAt: d.issuedAt, queuedAt: d.queuedAt, counter: atCounter ? (last?.counter ?? null) : null,
    calledAt: atCounter ? (last?.calledAt ?? null) : null, recalls: atCounter ? (last?.recalls ?? 0) : 0,
    front: d.front, targetCounter: d.targetCounter, customerId: d.customerId,
  };
}

export const candidate = (r: TicketRowDb): Candidate => ({
  id: r.id, number: r.number, service: r.service, priority: r.priority, front: r.front === 1,
  targetCounter: r.target_counter, queuedAtMs: Date.parse(r.queued_at), seq: r.seq,
});

/** Each configured counter today: open or paused, who sits there, which number it serves now. */
export function counterViews(queries: QueueQueries, config: QueueConfig, day: string): QueueCounterView[] {
  const rows = new Map(queries.counters().map((r) => [r.no, r]));
  const active = queries.activeByCounter(day);
  return config.counters.map((c) => {
    const r = rows.get(c.no);
    const today = r?.day === day;
    return {
      no: c.no, name: c.name, services: c.services, paused: today && r!.paused === 1,
      open: today && r!.teller !== null && r!.paused === 0, teller: today ? r!.teller : null, current: active.get(c.no) ?? null,
    };
  });
}

/** How many of a counter's latest calls in a row were priority calls. */
export function priorityStreak(queries: QueueQueries, day: string, counter: number, max: number): number {
  const flags = queries.recentPriority(day, counter, max);
  const firstOrdinary = flags.findIndex((f) => !f);
  return firstOrdinary === -1 ? flags.length : firstOrdinary;
}
