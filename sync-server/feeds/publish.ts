import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../db/sqlite';
import { canonicalJson } from '../../domain/credit/rules';
import { couchClient, type CouchClient, type CouchTarget } from '../identity/couch';
import type { RiskActionDoc } from '../../domain/post-loan/post-loan-docs';
import type { CollectionDesk } from '../outbox/collection';
import { branchDbName } from '../validation/db-names';
import { customerFactsDocs, feedStatusDocs, loanStateDocs, riskEventDocs } from './branch-docs';
import { ensureScanTables } from './daily-scan';

/**
 * Head office's feed publisher: a plain CouchDB HTTP client (the same calls work against `jingwei server` and an
 * Apache CouchDB cluster) that, per branch,
 *   1. reads the branch's new `risk-action` documents (visits, promises, closes recorded at the branch) into the
 *      ledger — a close recorded there closes the event;
 *   2. writes the branch's `loan-state` and `risk-event` documents that changed since the last run (compared by
 *      digest), so a branch receives only its own loans' changes; with them its customers' deposit averages
 *      (`customer-facts`, monthly) and the day of the last loans file (`feed-status`), which the credit models read
 *      instead of typed figures (domain/credit/bank-facts.ts).
 * It runs as a user with the CouchDB role `feed-publisher` (or a server admin): the only writers the branch
 * databases accept for these types (validation/policy.ts HEAD_OFFICE_WRITES).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS published (id TEXT PRIMARY KEY, db TEXT NOT NULL, digest TEXT NOT NULL, rev TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS branch_pull (db TEXT PRIMARY KEY, since TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS risk_action (id TEXT PRIMARY KEY, event TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL,
  promise_date TEXT, promise_amount INTEGER, at TEXT NOT NULL, by TEXT NOT NULL, by_name TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS risk_action_event ON risk_action (event, at);
`;

export interface PublishOptions {
  target: CouchTarget;
  /** Branch codes; default every branch the ledger has loans of. */
  branches?: string[];
  /** The business day, for events closed by a close recorded at the branch. */
  date: string;
  /** 催收助手: the branches' `message`/`opt-out` actions go to head office's outbox, customers' replies come back. */
  collection?: CollectionDesk;
}

export interface BranchPublished {
  branch: string;
  actionsRead: number;
  closedByStaff: number;
  written: number;
  /** The JSON of the documents written (what the branch will pull), plain and gzipped. */
  bytes: number;
  gzipBytes: number;
  /** Collection messages queued in the outbox, refused (customer opted out), or with no WeCom contact on file. */
  messages: { enqueued: number; optedOut: number; noContact: number; optOuts: number };
}

const BATCH = 500;
const digestOf = (doc: object) => createHash('sha256').update(canonicalJson(doc)).digest('base64');

export async function publishToBranches(db: Database, opts: PublishOptions): Promise<BranchPublished[]> {
  ensureScanTables(db);
  db.exec(SCHEMA);
  const couch = couchClient(opts.target);
  const branches = opts.branches ?? (db.prepare("SELECT DISTINCT branch FROM loan ORDER BY branch").all() as { branch: string }[]).map((r) => r.branch);
  const out: BranchPublished[] = [];
  for (const branch of branches) {
    const dbName = branchDbName(branch);
    const result: BranchPublished = {
      branch, actionsRead: 0, closedByStaff: 0, written: 0, bytes: 0, gzipBytes: 0, messages: { enqueued: 0, optedOut: 0, noContact: 0, optOuts: 0 },
    };
    const idNoOf = db.prepare('SELECT id_no FROM loan WHERE account = ?').pluck();

    // 1. What the branch did.
    let since = (db.prepare('SELECT since FROM branch_pull WHERE db = ?').get(dbName) as { since: string } | undefined)?.since ?? '0';
    const insertAction = db.prepare(`INSERT OR IGNORE INTO risk_action (id, event, branch, kind, note, promise_date, promise_amount, at, by, by_name)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const closeEvent = db.prepare(`UPDATE risk_event SET status = 'closed', closed_on = ?, closed_by = ?, close_reason = ?, updated_on = ?
      WHERE id = ? AND status = 'open' AND branch = ?`);
    for (;;) {
      const page = await couch.changes<RiskActionDoc>(dbName, since, { type: 'risk-action' }, BATCH);
      db.transaction(() => {
        for (const row of page.results) {
          const a = row.doc;
          if (!a || a.type !== 'risk-action' || a.branch !== branch) continue;
          if (insertAction.run(a._id, a.event, a.branch, a.kind, a.note, a.promiseDate, a.promiseAmountFen, a.at, a.by, a.byName).changes === 0) continue;
          result.actionsRead++;
          if (a.kind === 'close') result.closedByStaff += closeEvent.run(opts.date, a.by, a.note.slice(0, 200), opts.date, a.event, branch).changes;
          const relayed = opts.collection?.relay(a, (idNoOf.get(a.event.split(':')[2]) as string | undefined) ?? null);
          if (relayed === 'enqueued') result.messages.enqueued++;
          else if (relayed === 'opted-out') result.messages.optedOut++;
          else if (relayed === 'no-contact') result.messages.noContact++;
          else if (relayed === 'recorded-opt-out') result.messages.optOuts++;
        }
        db.prepare('INSERT OR REPLACE INTO branch_pull (db, since) VALUES (?, ?)').run(dbName, String(page.last_seq));
      })();
      since = String(page.last_seq);
      if (page.results.length < BATCH) break;
    }

    // 2. What changed for the branch.
    const replies = opts.collection?.replyDocs(branch) ?? [];
    const docs = [...loanStateDocs(db, branch), ...riskEventDocs(db, branch), ...customerFactsDocs(db, branch, opts.date), ...feedStatusDocs(db, branch)];
    Object.assign(result, await writeChangedDocs(db, couch, dbName, [...docs, ...(replies as { _id: string }[])]));
    out.push(result);
  }
  return out;
}

export interface Written {
  written: number;
  /** The JSON of the documents written (what the branch will pull), plain and gzipped. */
  bytes: number;
  gzipBytes: number;
}

/**
 * Writes to a branch database those of head office's documents that changed since they were last written there
 * (compared by digest, kept in `published`), so a branch pulls only real changes. Shared by every head-office
 * publisher (feeds, customer value).
 */
export async function writeChangedDocs(db: Database, couch: CouchClient, dbName: string, docs: Iterable<{ _id: string }>): Promise<Written> {
  db.exec(SCHEMA);
  const result: Written = { written: 0, bytes: 0, gzipBytes: 0 };
  const known = db.prepare('SELECT digest, rev FROM published WHERE id = ?');
  const changed: { doc: Record<string, unknown>; digest: string }[] = [];
  for (const doc of docs) {
    const digest = digestOf(doc);
    const prev = known.get(doc._id) as { digest: string; rev: string } | undefined;
    if (prev?.digest === digest) continue;
    changed.push({ doc: prev ? { ...doc, _rev: prev.rev } : { ...doc }, digest });
  }
  const save = db.prepare('INSERT OR REPLACE INTO published (id, db, digest, rev) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    let results = await couch.bulk(dbName, batch.map((c) => c.doc));
    // A revision we did not write (a copy restored at head office, a ledger rebuilt): take the current one, once.
    const conflicted = batch.filter((_, j) => results[j]?.error === 'conflict');
    if (conflicted.length > 0) {
      const current = await couch.getMany<{ _rev: string }>(dbName, conflicted.map((c) => c.doc._id as string));
      for (const c of conflicted) c.doc._rev = current.get(c.doc._id as string)?._rev;
      const retried = await couch.bulk(dbName, conflicted.map((c) => c.doc));
      const byId = new Map(retried.map((r) => [r.id, r]));
      results = results.map((r) => byId.get(r.id) ?? r);
    }
    const failed = results.filter((r) => r.error);
    if (failed.length > 0) throw new Error(`${dbName}: ${failed.length} documents refused, first ${failed[0]!.id}: ${failed[0]!.error} ${failed[0]!.reason ?? ''}`);
    db.transaction(() => batch.forEach((c, j) => save.run(c.doc._id, dbName, c.digest, results[j]!.rev!)))();
    const json = JSON.stringify(batch.map((c) => c.doc));
    result.bytes += Buffer.byteLength(json);
    result.gzipBytes += gzipSync(json).length;
    result.written += batch.length;
  }
  return result;
}
