import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite, type Database } from '../../db/sqlite';

/**
 * Head office's reporting store: the latest revision of every branch document, as the branch databases'
 * `_changes` feeds deliver them (reporting/follower.ts), in one plain SQLite file at head office. Cross-branch
 * questions are SQL over it; nothing here is synced back to a branch.
 */
export const REPORTING_FILE = 'reporting.sqlite';

export interface ChangeRow {
  id: string;
  deleted?: boolean;
  doc?: Record<string, unknown> | null;
}

export interface BranchFigures {
  branch: string;
  customers: number;
  /** Loan applications by state, and what they ask for in fen. */
  applications: Record<string, number>;
  requestedFen: number;
  activeLoans: number;
  loanBalanceFen: number;
  households: number;
  villages: number;
  preCreditFen: number;
  openRiskEvents: number;
  riskCentreEvents: number;
  overdueFen: number;
  ticketsToday: number;
  waitingNow: number;
  documents: number;
  lastChangeAt: string | null;
}

export interface SharedCustomer {
  idNumber: string;
  places: { branch: string; customerId: string; name: string }[];
}

export function branchOfDb(db: string): string {
  return db.replace(/^branch-/, '').toUpperCase();
}

export function openReportingStore(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const db: Database = openSqlite(file, null);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    create table if not exists doc (
      db text not null, id text not null, type text, body text not null, seen_at text not null,
      primary key (db, id)
    ) without rowid;
    create index if not exists doc_type on doc(type, db);
    create index if not exists customer_id_number on doc(json_extract(body, '$.idNumber')) where type = 'customer';
    create table if not exists checkpoint (db text primary key, since text not null, at text not null) without rowid;
  `);
  const upsert = db.prepare('insert into doc (db, id, type, body, seen_at) values (?, ?, ?, ?, ?) on conflict (db, id) do update set type = excluded.type, body = excluded.body, seen_at = excluded.seen_at');
  const remove = db.prepare('delete from doc where db = ? and id = ?');
  const saveSince = db.prepare('insert into checkpoint (db, since, at) values (?, ?, ?) on conflict (db) do update set since = excluded.since, at = excluded.at');
  const readSince = db.prepare<[string], { since: string }>('select since from checkpoint where db = ?');

  /** One page of a branch's feed and where it ends, in one transaction: a restart resumes exactly there. */
  const apply = db.transaction((dbName: string, rows: ChangeRow[], lastSeq: string | number, at: string) => {
    for (const row of rows) {
      if (row.id.startsWith('_design/')) continue;
      if (row.deleted || !row.doc || row.doc._deleted) remove.run(dbName, row.id);
      else upsert.run(dbName, row.id, typeof row.doc.type === 'string' ? row.doc.type : null, JSON.stringify(row.doc), at);
    }
    saveSince.run(dbName, String(lastSeq), at);
  });

  const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number | null }).n ?? 0;

  function figures(dbName: string, today: string): BranchFigures {
    const of = (type: string, extra = '', ...args: unknown[]) => count(`select count(*) as n from doc where db = ? and type = ? ${extra}`, dbName, type, ...args);
    const sum = (type: string, path: string, extra = '') => count(`select sum(json_extract(body, '${path}')) as n from doc where db = ? and type = ? ${extra}`, dbName, type);
    const states = db.prepare<[string], { state: string; n: number }>(`select json_extract(body, '$.state') as state, count(*) as n from doc where db = ? and type = 'loanapp' group by 1`).all(dbName);
    return {
      branch: branchOfDb(dbName),
      customers: of('customer'),
      applications: Object.fromEntries(states.map((s) => [s.state ?? '?', s.n])),
      requestedFen: sum('loanapp', '$.requestedAmountFen'),
      activeLoans: of('loan', `and json_extract(body, '$.status') = 'active'`),
      loanBalanceFen: sum('loan', '$.balanceFen', `and json_extract(body, '$.status') = 'active'`),
      households: of('household'),
      villages: count(`select count(distinct json_extract(body, '$.village')) as n from doc where db = ? and type = 'household'`, dbName),
      preCreditFen: sum('household', '$.preCredit.limitFen'),
      openRiskEvents: of('risk-event', `and json_extract(body, '$.status') = 'open'`),
      riskCentreEvents: of('risk-event', `and json_extract(body, '$.status') = 'open' and json_extract(body, '$.queue') = 'risk'`),
      overdueFen: sum('loan-state', '$.overdueFen', `and json_extract(body, '$.status') = 'active'`),
      ticketsToday: of('queue-ticket', `and json_extract(body, '$.day') = ?`, today),
      waitingNow: of('queue-ticket', `and json_extract(body, '$.day') = ? and json_extract(body, '$.state') = 'waiting'`, today),
      documents: count('select count(*) as n from doc where db = ?', dbName),
      lastChangeAt: (db.prepare<[string], { at: string | null }>('select max(seen_at) as at from doc where db = ?').get(dbName)?.at ?? null),
    };
  }

  return {
    apply(dbName: string, rows: ChangeRow[], lastSeq: string | number, at = new Date().toISOString()): void {
      apply(dbName, rows, lastSeq, at);
    },
    since(dbName: string): string | null {
      return readSince.get(dbName)?.since ?? null;
    },
    /** Every branch database seen so far. */
    databases(): string[] {
      return db.prepare<[], { db: string }>('select db from checkpoint order by db').all().map((r) => r.db);
    },
    /** The cross-branch dashboard: one row per branch (`today` = the day for queue figures, YYYY-MM-DD). */
    dashboard(today: string): BranchFigures[] {
      return this.databases().map((d) => figures(d, today));
    },
    /** Customers filed in more than one branch under the same resident ID number. */
    sharedCustomers(): SharedCustomer[] {
      const rows = db
        .prepare<[], { idNumber: string; db: string; id: string; name: string }>(
          `select json_extract(body, '$.idNumber') as idNumber, db, id, json_extract(body, '$.name') as name from doc
           where type = 'customer' and json_extract(body, '$.idNumber') in (
             select json_extract(body, '$.idNumber') from doc where type = 'customer' and json_extract(body, '$.idNumber') is not null
             group by 1 having count(distinct db) > 1)
           order by 1, db`,
        )
        .all();
      const byId = new Map<string, SharedCustomer>();
      for (const r of rows) {
        const entry = byId.get(r.idNumber) ?? { idNumber: r.idNumber, places: [] };
        entry.places.push({ branch: branchOfDb(r.db), customerId: r.id, name: r.name });
        byId.set(r.idNumber, entry);
      }
      return [...byId.values()];
    },
    /** Documents of one type across every branch (e.g. `risk-action` for the post-loan risk centre). */
    docsOfType<T = Record<string, unknown>>(type: string): { branch: string; doc: T }[] {
      return db.prepare<[string], { db: string; body: string }>('select db, body from doc where type = ? order by db, id').all(type).map((r) => ({ branch: branchOfDb(r.db), doc: JSON.parse(r.body) as T }));
    },
    /** When a document was last brought in (lag measurements). */
    seenAt(dbName: string, id: string): string | null {
      return db.prepare<[string, string], { seen_at: string }>('select seen_at from doc where db = ? and id = ?').get(dbName, id)?.seen_at ?? null;
    },
    close(): void {
      db.close();
    },
  };
}
export type ReportingStore = ReturnType<typeof openReportingStore>;
