import { randomUUID } from 'node:crypto';
import { openSqlite, type Database } from '../../db/sqlite';
import { nextSendableAt, type QuietHours } from '../../domain/messaging/quiet-hours';
import { recipientKey, type MessageChannel, type Recipient } from './channel';

/**
 * Head office's outbox: every message to a customer or staff member is queued here, sent by `drain` through the
 * first channel that accepts its recipient, retried with back-off while the channel says it may help, and logged
 * against what it is about (`ref`: a risk event, an OTP request, a campaign). Collection and marketing messages
 * wait out the quiet hours and are never sent to a recipient who opted out; transactional ones (one-time codes,
 * signing links) are sent at once. Replies are recorded against the same `ref`.
 *
 * One SQLite file at head office (`openOutbox(file)`); the channels are passed to `drain`, so tests and
 * development use the file channel and production WeCom (or SMS) without the outbox knowing.
 */
export type MessageCategory = 'transactional' | 'collection' | 'marketing';
export type MessageStatus = 'queued' | 'sent' | 'failed' | 'suppressed';

export interface EnqueueInput {
  to: Recipient;
  text: string;
  /** What the message is about, e.g. `risk-event:HM01:…`; its messages and replies are listed by it. */
  ref: string;
  category: MessageCategory;
  /** Given by callers that may enqueue twice (a retried request): the second enqueue is ignored. */
  id?: string;
}

export interface OutboxMessage {
  id: string;
  to: Recipient;
  text: string;
  ref: string;
  category: MessageCategory;
  status: MessageStatus;
  createdAt: string;
  notBefore: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  channel: string | null;
  providerId: string | null;
}

export interface Reply {
  /** Given by the outbox when the reply is recorded. */
  id?: number;
  ref: string;
  from: Recipient;
  text: string;
  at: string;
}

export interface OutboxOptions {
  quietHours: QuietHours;
  maxAttempts?: number;
  clock?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS message (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, recipient_key TEXT NOT NULL, text TEXT NOT NULL, ref TEXT NOT NULL,
  category TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, not_before TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT, sent_at TEXT, channel TEXT, provider_id TEXT);
CREATE INDEX IF NOT EXISTS message_due ON message (status, not_before);
CREATE INDEX IF NOT EXISTS message_ref ON message (ref);
CREATE INDEX IF NOT EXISTS message_recipient ON message (recipient_key, created_at);
CREATE TABLE IF NOT EXISTS opt_out (recipient_key TEXT PRIMARY KEY, at TEXT NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reply (id INTEGER PRIMARY KEY, ref TEXT NOT NULL, recipient TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reply_ref ON reply (ref);
`;

interface Row {
  id: string;
  recipient: string;
  text: string;
  ref: string;
  category: MessageCategory;
  status: MessageStatus;
  created_at: string;
  not_before: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  channel: string | null;
  provider_id: string | null;
}

const fromRow = (r: Row): OutboxMessage => ({
  id: r.id,
  to: JSON.parse(r.recipient) as Recipient,
  text: r.text,
  ref: r.ref,
  category: r.category,
  status: r.status,
  createdAt: r.created_at,
  notBefore: r.not_before,
  attempts: r.attempts,
  lastError: r.last_error,
  sentAt: r.sent_at,
  channel: r.channel,
  providerId: r.provider_id,
});

/** 1, 2, 4 … minutes, at most an hour: WeCom's busy answers clear within minutes. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;

export function openOutbox(file: string, opts: OutboxOptions) {
  const db: Database = openSqlite(file, null);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const clock = opts.clock ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 6;
  const optedOut = db.prepare('SELECT 1 FROM opt_out WHERE recipient_key = ?');

  function enqueue(input: EnqueueInput): OutboxMessage {
    const now = clock();
    const key = recipientKey(input.to);
    const polite = input.category !== 'transactional';
    const status: MessageStatus = polite && optedOut.get(key) ? 'suppressed' : 'queued';
    const notBefore = polite ? nextSendableAt(now, opts.quietHours) : now;
    const id = input.id ?? randomUUID();
    db.prepare(
      `INSERT OR IGNORE INTO message (id, recipient, recipient_key, text, ref, category, status, created_at, not_before, last_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, JSON.stringify(input.to), key, input.text, input.ref, input.category, status, now.toISOString(), notBefore.toISOString(), status === 'suppressed' ? '客户已退订' : null);
    return get(id)!;
  }

  function get(id: string): OutboxMessage | null {
    const r = db.prepare('SELECT * FROM message WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /**
   * Sends what is due now, oldest first. A message whose recipient opted out since it was queued is suppressed,
   * not sent; one no channel accepts fails at once.
   */
  async function drain(channels: readonly MessageChannel[], limit = 500): Promise<{ sent: number; failed: number; deferred: number; suppressed: number }> {
    const now = clock();
    const due = db.prepare("SELECT * FROM message WHERE status = 'queued' AND not_before <= ? ORDER BY not_before, created_at LIMIT ?").all(now.toISOString(), limit) as Row[];
    const tally = { sent: 0, failed: 0, deferred: 0, suppressed: 0 };
    const set = db.prepare('UPDATE message SET status = ?, attempts = ?, last_error = ?, sent_at = ?, channel = ?, provider_id = ?, not_before = ? WHERE id = ?');
    for (const row of due) {
      const m = fromRow(row);
      if (m.category !== 'transactional' && optedOut.get(recipientKey(m.to))) {
        set.run('suppressed', m.attempts, '客户已退订', null, null, null, m.notBefore, m.id);
        tally.suppressed++;
        continue;
      }
      const channel = channels.find((c) => c.accepts(m.to));
      if (!channel) {
        set.run('failed', m.attempts, '没有可送达该收件人的渠道', null, null, null, m.notBefore, m.id);
        tally.failed++;
        continue;
      }
      const result = await channel.send({ id: m.id, to: m.to, text: m.text });
      const attempts = m.attempts + 1;
      if (result.ok) {
        set.run('sent', attempts, null, clock().toISOString(), channel.name, result.providerId, m.notBefore, m.id);
        tally.sent++;
      } else if (result.retry && attempts < maxAttempts) {
        set.run('queued', attempts, result.error, null, channel.name, null, new Date(clock().getTime() + backoffMs(attempts)).toISOString(), m.id);
        tally.deferred++;
      } else {
        set.run('failed', attempts, result.error, null, channel.name, null, m.notBefore, m.id);
        tally.failed++;
      }
    }
    return tally;
  }

  return {
    /** The outbox's SQLite file, for head-office tables that live beside the messages (collection.ts's contacts). */
    db,
    enqueue,
    get,
    drain,
    optOut(to: Recipient, reason: string): void {
      db.prepare('INSERT OR REPLACE INTO opt_out (recipient_key, at, reason) VALUES (?, ?, ?)').run(recipientKey(to), clock().toISOString(), reason);
    },
    optIn(to: Recipient): void {
      db.prepare('DELETE FROM opt_out WHERE recipient_key = ?').run(recipientKey(to));
    },
    recordReply(reply: Reply): void {
      db.prepare('INSERT INTO reply (ref, recipient, text, at) VALUES (?, ?, ?, ?)').run(reply.ref, JSON.stringify(reply.from), reply.text, reply.at);
    },
    messagesFor(ref: string): OutboxMessage[] {
      return (db.prepare('SELECT * FROM message WHERE ref = ? ORDER BY created_at, id').all(ref) as Row[]).map(fromRow);
    },
    /** The newest message to this recipient: what a reply from them answers. */
    lastMessageTo(to: Recipient): OutboxMessage | null {
      const r = db.prepare("SELECT * FROM message WHERE recipient_key = ? ORDER BY created_at DESC, id DESC LIMIT 1").get(recipientKey(to)) as Row | undefined;
      return r ? fromRow(r) : null;
    },
    isOptedOut(to: Recipient): boolean {
      return optedOut.get(recipientKey(to)) !== undefined;
    },
    /** Replies to everything whose ref starts with `prefix` (e.g. one branch's risk events), oldest first. */
    repliesUnder(prefix: string): Reply[] {
      return (db.prepare('SELECT id, ref, recipient, text, at FROM reply WHERE ref >= ? AND ref < ? ORDER BY id').all(prefix, `${prefix}\uffff`) as { id: number; ref: string; recipient: string; text: string; at: string }[]).map(
        (r) => ({ id: r.id, ref: r.ref, from: JSON.parse(r.recipient) as Recipient, text: r.text, at: r.at }),
      );
    },
    repliesFor(ref: string): Reply[] {
      return (db.prepare('SELECT ref, recipient, text, at FROM reply WHERE ref = ? ORDER BY at, id').all(ref) as { ref: string; recipient: string; text: string; at: string }[]).map(
        (r) => ({ ref: r.ref, from: JSON.parse(r.recipient) as Recipient, text: r.text, at: r.at }),
      );
    },
    close(): void {
      db.close();
    },
  };
}
export type Outbox = ReturnType<typeof openOutbox>;
