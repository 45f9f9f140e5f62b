import type { Database, Statement } from '../../../db/sqlite';
import type { PriorityKind } from '../../../domain/queue/config';
import type { LineCount } from '../../../domain/queue/selection';
import type { TicketState, VisitOutcome } from '../../../domain/queue/ticket';

export interface TicketRowDb {
  id: string;
  day: string;
  number: string;
  seq: number;
  service: string;
  priority: PriorityKind | null;
  state: TicketState;
  front: number;
  target_counter: number | null;
  counter: number | null;
  teller: string | null;
  issued_at: string;
  queued_at: string;
  called_at: string | null;
  recalls: number;
  estimate_sec: number | null;
  customer_id: string | null;
}

export interface VisitRowDb {
  ticket_id: string;
  idx: number;
  service: string;
  counter: number;
  teller: string;
  queued_at: string;
  called_at: string;
  started_at: string | null;
  ended_at: string | null;
  outcome: VisitOutcome | null;
}

export interface CallRowDb {
  ticket_id: string;
  at: string;
  number: string;
  service: string;
  counter: number;
  recall: number;
}

export interface CounterRowDb {
  no: number;
  day: string;
  teller: string | null;
  paused: number;
}

const TICKET_COLS = 'id, day, number, seq, service, priority, state, front, target_counter, counter, teller, issued_at, queued_at, called_at, recalls, estimate_sec, customer_id';

/** Every read the queue needs, as prepared SQL over the projection tables. */
export function queueQueries(sql: Database) {
  const cache = new Map<string, Statement>();
  const q = (text: string) => {
    let s = cache.get(text);
    if (!s) cache.set(text, (s = sql.prepare(text)));
    return s;
  };
  return {
    lastSeq(day: string, prefix: string): number | null {
      const row = q('SELECT MAX(seq) AS seq FROM queue_ticket WHERE day = ? AND prefix = ?').get(day, prefix) as { seq: number | null };
      return row.seq;
    },
    waiting(day: string): TicketRowDb[] {
      return q(`SELECT ${TICKET_COLS} FROM queue_ticket WHERE day = ? AND state = 'waiting' ORDER BY queued_at, seq`).all(day) as TicketRowDb[];
    },
    /** Per service: everyone waiting, and those ahead of any newcomer (transferred to the front or priority). */
    lines(day: string): Map<string, LineCount> {
      const rows = q(
        `SELECT service, COUNT(*) AS total, SUM(CASE WHEN front = 1 OR priority IS NOT NULL THEN 1 ELSE 0 END) AS fp
           FROM queue_ticket WHERE day = ? AND state = 'waiting' GROUP BY service`,
      ).all(day) as { service: string; total: number; fp: number }[];
      return new Map(rows.map((r) => [r.service, { total: r.total, frontOrPriority: r.fp }]));
    },
    active(day: string, counter: number): TicketRowDb | undefined {
      return q(`SELECT ${TICKET_COLS} FROM queue_ticket WHERE day = ? AND counter = ? AND state IN ('called', 'serving')`).get(day, counter) as TicketRowDb | undefined;
    },
    activeByCounter(day: string): Map<number, string> {
      const rows = q(`SELECT counter, number FROM queue_ticket WHERE day = ? AND state IN ('called', 'serving') AND counter IS NOT NULL`).all(day) as { counter: number; number: string }[];
      return new Map(rows.map((r) => [r.counter, r.number]));
    },
    latestCalls(day: string, limit: number): CallRowDb[] {
      return q('SELECT ticket_id, at, number, service, counter, recall FROM queue_call WHERE day = ? ORDER BY at DESC LIMIT ?').all(day, limit) as CallRowDb[];
    },
    /** Priority flags of this counter's latest calls, newest first. */
    recentPriority(day: string, counter: number, limit: number): boolean[] {
      const rows = q('SELECT priority FROM queue_visit WHERE day = ? AND counter = ? ORDER BY called_at DESC LIMIT ?').all(day, counter, limit) as { priority: number }[];
      return rows.map((r) => r.priority === 1);
    },
    /** Counter occupancy (call to end) of the latest finished visits of a service, in seconds, any day. */
    occupancySamples(service: string, limit: number): number[] {
      const rows = q(
        `SELECT CAST(ROUND((julianday(ended_at) - julianday(called_at)) * 86400) AS INTEGER) AS s
           FROM queue_visit WHERE service = ? AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?`,
      ).all(service, limit) as { s: number }[];
      return rows.map((r) => r.s);
    },
    counters(): CounterRowDb[] {
      return q('SELECT no, day, teller, paused FROM queue_counter').all() as CounterRowDb[];
    },
    servedToday(day: string, counter: number): number {
      return (q(`SELECT COUNT(*) AS n FROM queue_visit WHERE day = ? AND counter = ? AND outcome = 'done'`).get(day, counter) as { n: number }).n;
    },
    ticketsBetween(from: string, to: string): TicketRowDb[] {
      return q(`SELECT ${TICKET_COLS} FROM queue_ticket WHERE day >= ? AND day <= ? ORDER BY day, issued_at`).all(from, to) as TicketRowDb[];
    },
    visitsBetween(from: string, to: string): VisitRowDb[] {
      return q('SELECT ticket_id, idx, service, counter, teller, queued_at, called_at, started_at, ended_at, outcome FROM queue_visit WHERE day >= ? AND day <= ? ORDER BY ticket_id, idx').all(from, to) as VisitRowDb[];
    },
  };
}

export type QueueQueries = ReturnType<typeof queueQueries>;
