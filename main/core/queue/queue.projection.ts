import type { Database, Statement } from '../../../db/sqlite';
import type { Projection } from '../../../db/projection';
import type { Ticket } from '../../../domain/queue/ticket';

/** A ticket as stored: the domain ticket plus the document envelope. */
export interface TicketDoc extends Ticket {
  _id: string;
  _rev?: string;
  type: 'queue-ticket';
  branch: string;
  updatedAt: string;
}

/** A counter's state of the day: who sits there and whether it is paused. */
export interface CounterDoc {
  _id: string;
  _rev?: string;
  type: 'queue-counter';
  no: number;
  day: string;
  teller: string | null;
  paused: boolean;
  updatedAt: string;
}

export const counterDocId = (no: number) => `queue-counter:${String(no).padStart(2, '0')}`;

// Every ticket write runs these; preparing them once per connection keeps the write transaction short.
const statements = new WeakMap<Database, Map<string, Statement>>();
function stmt(sql: Database, text: string): Statement {
  let m = statements.get(sql);
  if (!m) statements.set(sql, (m = new Map()));
  let s = m.get(text);
  if (!s) m.set(text, (s = sql.prepare(text)));
  return s;
}

/**
 * Today's queue as tables: tickets, their visits to counters and every call (for the hall's "latest calls").
 * Kept in the write transaction, so after a restart the queue is exactly what the documents say.
 */
export const queueProjection: Projection = {
  name: 'queue',
  version: 2,
  ddl: [
    `CREATE TABLE queue_ticket (
       id TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL, seq INTEGER NOT NULL, prefix TEXT NOT NULL,
       service TEXT NOT NULL, priority TEXT, state TEXT NOT NULL, front INTEGER NOT NULL, target_counter INTEGER,
       counter INTEGER, teller TEXT, issued_at TEXT NOT NULL, queued_at TEXT NOT NULL, called_at TEXT,
       recalls INTEGER NOT NULL, estimate_sec INTEGER, customer_id TEXT
     ) WITHOUT ROWID`,
    'CREATE INDEX queue_ticket_line ON queue_ticket(day, state, service)',
    // Covers the per-service waiting counts read on every issue batch and board rebuild: answered from the index
    // alone instead of one table lookup per waiting ticket.
    `CREATE INDEX queue_ticket_waiting ON queue_ticket(day, service, front, priority) WHERE state = 'waiting'`,
    'CREATE INDEX queue_ticket_seq ON queue_ticket(day, prefix, seq)',
    'CREATE INDEX queue_ticket_counter ON queue_ticket(day, counter, state)',
    `CREATE TABLE queue_visit (
       ticket_id TEXT NOT NULL, idx INTEGER NOT NULL, day TEXT NOT NULL, service TEXT NOT NULL, counter INTEGER NOT NULL,
       teller TEXT NOT NULL, priority INTEGER NOT NULL, queued_at TEXT NOT NULL, called_at TEXT NOT NULL,
       started_at TEXT, ended_at TEXT, outcome TEXT, PRIMARY KEY (ticket_id, idx)
     ) WITHOUT ROWID`,
    'CREATE INDEX queue_visit_counter ON queue_visit(counter, day, called_at)',
    'CREATE INDEX queue_visit_service ON queue_visit(service, ended_at)',
    `CREATE TABLE queue_call (
       ticket_id TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL, number TEXT NOT NULL, service TEXT NOT NULL,
       counter INTEGER NOT NULL, recall INTEGER NOT NULL, PRIMARY KEY (ticket_id, at)
     ) WITHOUT ROWID`,
    'CREATE INDEX queue_call_day ON queue_call(day, at)',
    `CREATE TABLE queue_counter (
       no INTEGER PRIMARY KEY, day TEXT NOT NULL, teller TEXT, paused INTEGER NOT NULL
     )`,
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (id.startsWith('queue-counter:')) {
      const c = doc as unknown as CounterDoc | null;
      if (!c || c.type !== 'queue-counter') {
        stmt(sql, 'DELETE FROM queue_counter WHERE no = ?').run(Number(id.slice('queue-counter:'.length)));
        return;
      }
      stmt(sql, 'INSERT OR REPLACE INTO queue_counter (no, day, teller, paused) VALUES (?, ?, ?, ?)').run(c.no, c.day, c.teller, c.paused ? 1 : 0);
      return;
    }
    if (!id.startsWith('queue-ticket:')) return;
    stmt(sql, 'DELETE FROM queue_ticket WHERE id = ?').run(id);
    stmt(sql, 'DELETE FROM queue_visit WHERE ticket_id = ?').run(id);
    stmt(sql, 'DELETE FROM queue_call WHERE ticket_id = ?').run(id);
    const t = doc as unknown as TicketDoc | null;
    if (!t || t.type !== 'queue-ticket') return;
    const last = t.visits[t.visits.length - 1];
    // A waiting ticket belongs to no counter, even when an earlier visit (before a transfer) had one.
    const atCounter = t.state !== 'waiting';
    stmt(
      sql,
      `INSERT INTO queue_ticket (id, day, number, seq, prefix, service, priority, state, front, target_counter, counter,
         teller, issued_at, queued_at, called_at, recalls, estimate_sec, customer_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, t.day, t.number, t.seq, t.prefix, t.service, t.priority, t.state, t.front ? 1 : 0, t.targetCounter,
      atCounter ? (last?.counter ?? null) : null, last?.teller ?? null, t.issuedAt, t.queuedAt,
      last?.calledAt ?? null, last?.recalls ?? 0, t.estimateSec, t.customerId);
    const visit = stmt(
      sql,
      `INSERT INTO queue_visit (ticket_id, idx, day, service, counter, teller, priority, queued_at, called_at, started_at, ended_at, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    t.visits.forEach((v, i) => visit.run(id, i, t.day, v.service, v.counter, v.teller, t.priority ? 1 : 0, v.queuedAt, v.calledAt, v.startedAt, v.endedAt, v.outcome));
    const call = stmt(sql, 'INSERT OR REPLACE INTO queue_call (ticket_id, at, day, number, service, counter, recall) VALUES (?, ?, ?, ?, ?, ?, ?)');
    let service = t.service;
    for (const e of t.events) {
      if (e.action === 'call' || e.action === 'recall') {
        // The service at the time of the call: the visit the event belongs to.
        const v = [...t.visits].reverse().find((x) => x.calledAt <= e.at);
        service = v?.service ?? service;
        call.run(id, e.at, t.day, t.number, service, e.counter ?? 0, e.action === 'recall' ? 1 : 0);
      }
    }
  },
};
