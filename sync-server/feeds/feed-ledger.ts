import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, type Database } from '../../db/sqlite';
import { FEED_KIND_NAMES, problemZh, type FeedKind, type FeedLines, type LineProblem } from '../../domain/post-loan/feed-formats';
import { FeedFileError, MAX_PROBLEMS_KEPT, readFeed, type FeedFileInfo } from './feed-reader';

/**
 * Head office's feed ledger: what core banking's T+1 files said, applied file by file, each completely or not at
 * all (one SQLite transaction). It lives at head office only (`<data>/feed-ledger.sqlite`, plain: head office's
 * own disk) and is never synced as such: branches receive what the daily scan and the publisher derive from it.
 */
export const LEDGER_FILE = 'feed-ledger.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feed_file (kind TEXT NOT NULL, date TEXT NOT NULL, digest TEXT NOT NULL, lines INTEGER NOT NULL,
  encoding TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (kind, date)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_file_digest ON feed_file (digest);
CREATE TABLE IF NOT EXISTS loan (account TEXT PRIMARY KEY, branch TEXT NOT NULL, id_no TEXT NOT NULL, name TEXT NOT NULL, product TEXT NOT NULL,
  principal INTEGER NOT NULL, balance INTEGER NOT NULL, overdue_principal INTEGER NOT NULL, overdue_interest INTEGER NOT NULL,
  overdue_days INTEGER NOT NULL, next_due TEXT, maturity TEXT NOT NULL, rate_bp INTEGER NOT NULL, manager TEXT NOT NULL,
  disbursed_on TEXT NOT NULL, as_of TEXT NOT NULL, status TEXT NOT NULL,
  max_overdue_days INTEGER NOT NULL DEFAULT 0, overdue_times INTEGER NOT NULL DEFAULT 0, paid_on TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS loan_branch ON loan (branch, status);
CREATE INDEX IF NOT EXISTS loan_id_no ON loan (id_no);
CREATE TABLE IF NOT EXISTS repayment (txn_id TEXT PRIMARY KEY, account TEXT NOT NULL, date TEXT NOT NULL, principal INTEGER NOT NULL,
  interest INTEGER NOT NULL, penalty INTEGER NOT NULL, channel TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deposit_account (account_no TEXT PRIMARY KEY, id_no TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL,
  balance INTEGER NOT NULL, as_of TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deposit_id_no ON deposit_account (id_no);
CREATE TABLE IF NOT EXISTS deposit_balance (account_no TEXT NOT NULL, date TEXT NOT NULL, balance INTEGER NOT NULL, PRIMARY KEY (account_no, date)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deposit_month (account_no TEXT NOT NULL, month TEXT NOT NULL, total INTEGER NOT NULL, days INTEGER NOT NULL,
  PRIMARY KEY (month, account_no)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS external_event (event_id TEXT PRIMARY KEY, id_no TEXT NOT NULL, source TEXT NOT NULL, code TEXT NOT NULL,
  severity TEXT NOT NULL, date TEXT NOT NULL, description TEXT NOT NULL, file_date TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS external_event_id_no ON external_event (id_no, date);
`;

export function openLedger(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openSqlite(join(dataDir, LEDGER_FILE), null);
  // Larger pages for a new ledger (ignored once it has tables): a million-row day writes ~15% fewer B-tree pages.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A day's file touches a million rows in one transaction: a cache that holds them spares re-reading spilled pages.
  db.pragma('cache_size = -131072');
  const hadMonths = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'deposit_month'").get() !== undefined;
  allowRepeatedDigests(db);
  db.exec(SCHEMA);
  // A ledger from before the monthly sums existed gets them once from its daily balances.
  if (!hadMonths) {
    db.exec(`INSERT INTO deposit_month (account_no, month, total, days)
      SELECT account_no, substr(date, 1, 7), sum(balance), count(*) FROM deposit_balance GROUP BY account_no, substr(date, 1, 7)`);
  }
  return db;
}

/**
 * Ledgers made before header-only files could repeat had `digest UNIQUE` on feed_file: rebuilt once without it,
 * keeping every row (the check on repeats is checkFileOrder's, for files with lines).
 */
function allowRepeatedDigests(db: Database): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'feed_file'").get() as { sql: string } | undefined;
  if (!table?.sql.includes('UNIQUE')) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE feed_file RENAME TO feed_file_unique;
      CREATE TABLE feed_file (kind TEXT NOT NULL, date TEXT NOT NULL, digest TEXT NOT NULL, lines INTEGER NOT NULL,
        encoding TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (kind, date)) WITHOUT ROWID;
      INSERT INTO feed_file SELECT kind, date, digest, lines, encoding, applied_at FROM feed_file_unique;
      DROP TABLE feed_file_unique;`);
  })();
}

/** A file refused: nothing of it was applied. `problems` name line, field and rule (the first ones, `problemCount` all). */
export class FeedRefusal extends Error {
  constructor(
    readonly messageZh: string,
    readonly problems: LineProblem[] = [],
    readonly problemCount = problems.length,
  ) {
    super(messageZh);
  }
}

export interface AppliedFeed {
  kind: FeedKind;
  date: string;
  lines: number;
  digest: string;
  encoding: string;
}

/**
 * Everything about a file that can be refused before a row is written: repeat, order. A file of lines applied
 * before is refused by its digest; header-only files (a day with no events or repayments) are all alike and are
 * told apart by kind and date alone.
 */
function checkFileOrder(db: Database, kind: FeedKind, date: string, digest: string): void {
  const same = db.prepare('SELECT kind, date FROM feed_file WHERE digest = ? AND lines > 0').get(digest) as { kind: string; date: string } | undefined;
  if (same) throw new FeedRefusal(`该文件已导入过（相同摘要，${FEED_KIND_NAMES[same.kind as FeedKind]} ${same.date}），未做任何更改`);
  if (db.prepare('SELECT 1 FROM feed_file WHERE kind = ? AND date = ?').get(kind, date)) {
    throw new FeedRefusal(`${FEED_KIND_NAMES[kind]} ${date} 的文件已导入过，同一种类同一日期只能导入一次，未做任何更改`);
  }
  const last = db.prepare('SELECT max(date) AS d FROM feed_file WHERE kind = ?').get(kind) as { d: string | null };
  if (last.d !== null && date < last.d) {
    throw new FeedRefusal(`日期顺序错误：${FEED_KIND_NAMES[kind]} 已导入到 ${last.d}，不能再导入更早的 ${date}，未做任何更改`);
  }
}

/**
 * How one kind of file changes the ledger, line by line inside the import's transaction. Lines are applied even
 * after a problem so that every problem of the file is found (a repeated transaction, an unknown loan); the
 * transaction is rolled back at the end when there was any.
 */
interface Applier<K extends FeedKind> {
  row(line: FeedLines[K], lineNo: number): void;
  /** After the last line, whatever the problems: writes what is still batched (which may find more problems). */
  flush(): void;
  /** After the last line: what needs the whole file (loans missing from a full snapshot…). */
  finish(rows: number): void;
}
type ApplierFactory<K extends FeedKind> = (db: Database, date: string, problem: (p: LineProblem) => void) => Applier<K>;

/**
 * Rows per INSERT statement for plain inserts (repayments, daily balances): one call into SQLite per batch instead
 * of per line saved about a tenth of a million-line import; 256 rows instead of 64 another ~15% of the loans +
 * repayments import (4 paired runs at load 25-50; 1,024 was no better, nor was one INSERT … SELECT FROM json_each
 * of 4,096 rows — SQLite parsing the JSON cost what the fewer calls saved). 256 × 7 parameters stays far under
 * SQLite's 32,766. Upserts stay one row a statement: batched, SQLite took longer over them (measured on the
 * 100,000-loan file).
 */
const ROWS_PER_STATEMENT = 256;

const isConstraint = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

/**
 * Lines written ROWS_PER_STATEMENT to a statement (`head VALUES (?…), (?…)… tail`). A batch that breaks a
 * constraint is undone by SQLite as a statement and written again line by line through `oneByOne`, which names the
 * offending lines — the file is refused then, so speed no longer matters.
 */
function batchedRows(db: Database, head: string, width: number, tail: string, oneByOne: (values: unknown[], lineNo: number) => void) {
  const sqlFor = (rows: number) => `${head} VALUES ${Array.from({ length: rows }, () => `(${new Array<string>(width).fill('?').join(', ')})`).join(', ')} ${tail}`;
  const full = db.prepare(sqlFor(ROWS_PER_STATEMENT));
  const values: unknown[] = [];
  const lineNos: number[] = [];
  const write = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      if (!isConstraint(err)) throw err;
      lineNos.forEach((lineNo, i) => oneByOne(values.slice(i * width, (i + 1) * width), lineNo));
    }
    values.length = 0;
    lineNos.length = 0;
  };
  return {
    row(lineNo: number, ...row: unknown[]) {
      for (const v of row) values.push(v);
      lineNos.push(lineNo);
      if (lineNos.length === ROWS_PER_STATEMENT) write(() => full.run(values));
    },
    flush() {
      if (lineNos.length > 0) write(() => db.prepare(sqlFor(lineNos.length)).run(values));
    },
  };
}

/** The loan table's secondary indexes, dropped while a loans file is applied and built again after it. */
const LOAN_INDEXES = ['CREATE INDEX IF NOT EXISTS loan_branch ON loan (branch, status)', 'CREATE INDEX IF NOT EXISTS loan_id_no ON loan (id_no)'];

const applyLoans: ApplierFactory<'loans'> = (db, date) => {
  // Every line rewrites branch, status and id_no, so both indexes would take a delete and an insert per loan; one
  // sorted build after the file is cheaper. Inside the import's transaction: a refused file gets them back as they were.
  db.exec('DROP INDEX IF EXISTS loan_branch; DROP INDEX IF EXISTS loan_id_no;');
  const upsert = db.prepare(`INSERT INTO loan (account, branch, id_no, name, product, principal, balance, overdue_principal, overdue_interest,
      overdue_days, next_due, maturity, rate_bp, manager, disbursed_on, as_of, status, max_overdue_days, overdue_times)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)
    ON CONFLICT (account) DO UPDATE SET branch = excluded.branch, id_no = excluded.id_no, name = excluded.name, product = excluded.product,
      principal = excluded.principal, balance = excluded.balance, overdue_principal = excluded.overdue_principal,
      overdue_interest = excluded.overdue_interest, overdue_days = excluded.overdue_days, next_due = excluded.next_due,
      maturity = excluded.maturity, rate_bp = excluded.rate_bp, manager = excluded.manager, disbursed_on = excluded.disbursed_on,
      as_of = excluded.as_of, status = 'active', max_overdue_days = max(max_overdue_days, excluded.overdue_days),
      overdue_times = overdue_times + (excluded.overdue_days > 0 AND overdue_days = 0)`);
  return {
    row(l) {
      upsert.run(l.account, l.branch, l.idNo, l.name, l.product, l.principalFen, l.balanceFen, l.overduePrincipalFen, l.overdueInterestFen,
        l.overdueDays, l.nextDueDate, l.maturityDate, l.rateBp, l.manager, l.disbursedOn, date, l.overdueDays, l.overdueDays > 0 ? 1 : 0);
    },
    flush() {},
    finish(rows) {
      if (rows === 0) throw new FeedRefusal('贷款台账是全量文件，不能没有数据行（否则所有贷款都会被视为结清），未做任何更改');
      // The ledger file lists every live loan: one missing from it has been settled (or written off) in core banking.
      // Its balance is then as of this file: the same day's repayments (the last instalment) are recorded, not applied.
      db.prepare("UPDATE loan SET status = 'closed', balance = 0, overdue_principal = 0, overdue_interest = 0, overdue_days = 0, as_of = ? WHERE status = 'active' AND as_of < ?").run(date, date);
      for (const sql of LOAN_INDEXES) db.exec(sql);
    },
  };
};

/** A loan's balances while a repayments file is applied: one fixed shape (a million property updates stay cheap). */
class LoanBalance {
  touched = false;
  constructor(
    public balance: number,
    public op: number,
    public oi: number,
    readonly pending: boolean,
  ) {}
}

/**
 * A repayment first settles what is overdue (interest and penalty, then principal), so the day's repayment file
 * alone shows head office that an overdue loan has been brought current — the loans file may come later. A loan's
 * lines are applied in memory and the loan written once (a file may hold many lines of one loan).
 */
const applyRepayments: ApplierFactory<'repayments'> = (db, date, problem) => {
  const insertOne = db.prepare('INSERT OR IGNORE INTO repayment (txn_id, account, date, principal, interest, penalty, channel) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const seenOn = db.prepare('SELECT date FROM repayment WHERE txn_id = ?');
  // A batch with a transaction already there (in this file or an earlier one) is written again line by line to name it.
  const insert = batchedRows(db, 'INSERT INTO repayment (txn_id, account, date, principal, interest, penalty, channel)', 7, '', (values, lineNo) => {
    if (insertOne.run(values).changes > 0) return;
    const txnId = values[0] as string;
    // A file of an earlier day may not hold this day's date (txn_date = file date), so the same date means this file.
    const earlier = (seenOn.get(txnId) as { date: string }).date;
    problem(problemZh(lineNo, '交易流水号(txn_id)', earlier === date ? `本文件中已有交易 ${txnId}（重复的行）` : `交易 ${txnId} 已在 ${earlier} 的文件中导入`));
  });
  const select = db.prepare('SELECT balance, overdue_principal AS op, overdue_interest AS oi, as_of FROM loan WHERE account = ?');
  const update = db.prepare(`UPDATE loan SET balance = ?, overdue_principal = ?, overdue_interest = ?,
      overdue_days = CASE WHEN ? = 0 AND ? = 0 THEN 0 ELSE overdue_days END, paid_on = ? WHERE account = ?`);
  const loans = new Map<string, LoanBalance | null>();
  return {
    row(r, lineNo) {
      let l = loans.get(r.account);
      if (l === undefined) {
        const found = select.get(r.account) as { balance: number; op: number; oi: number; as_of: string } | undefined;
        // The same day's loans file already shows the balance after its repayments: then they are recorded, not applied.
        l = found ? new LoanBalance(found.balance, found.op, found.oi, found.as_of < date) : null;
        loans.set(r.account, l);
      }
      if (!l) return problem(problemZh(lineNo, '贷款账号(loan_account)', `贷款台账中没有该账号 ${r.account}（请先导入贷款台账）`));
      const pending = l.pending;
      if (pending && r.principalFen > l.balance) return problem(problemZh(lineNo, '归还本金(principal)', `超过贷款余额 ${(l.balance / 100).toFixed(2)} 元`));
      insert.row(lineNo, r.txnId, r.account, r.date, r.principalFen, r.interestFen, r.penaltyFen, r.channel);
      // Applied before the batch is written: a repeated transaction makes the whole file refused, balances and all.
      if (!pending) return;
      l.balance -= r.principalFen;
      l.oi = Math.max(0, l.oi - r.interestFen - r.penaltyFen);
      l.op = Math.max(0, l.op - r.principalFen);
      l.touched = true;
    },
    flush: () => insert.flush(),
    finish() {
      for (const [account, l] of loans) if (l?.touched) update.run(l.balance, l.op, l.oi, l.op, l.oi, date, account);
    },
  };
};

const applyDeposits: ApplierFactory<'deposits'> = (db, date) => {
  const account = db.prepare(`INSERT INTO deposit_account (account_no, id_no, branch, kind, balance, as_of) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (account_no) DO UPDATE SET id_no = excluded.id_no, branch = excluded.branch, kind = excluded.kind, balance = excluded.balance, as_of = excluded.as_of`);
  // The reader refuses an account twice in a file and the ledger a date twice: (account, date) cannot repeat here.
  const balance = batchedRows(db, 'INSERT INTO deposit_balance (account_no, date, balance)', 3, '', () => {
    throw new Error('deposit_balance rows failed a constraint');
  });
  // Monthly sums of the daily balances: points accrue from a month's average daily balance (sync-server/value/),
  // which then reads one row per account instead of thirty.
  const month = db.prepare(`INSERT INTO deposit_month (account_no, month, total, days) VALUES (?, ?, ?, 1)
    ON CONFLICT (month, account_no) DO UPDATE SET total = total + excluded.total, days = days + 1`);
  const monthOfFile = date.slice(0, 7);
  return {
    row(d, lineNo) {
      account.run(d.accountNo, d.idNo, d.branch, d.kind, d.balanceFen, date);
      balance.row(lineNo, d.accountNo, date, d.balanceFen);
      month.run(d.accountNo, monthOfFile, d.balanceFen);
    },
    flush: () => balance.flush(),
    finish() {},
  };
};

const applyEvents: ApplierFactory<'events'> = (db, date, problem) => {
  const insert = db.prepare('INSERT OR IGNORE INTO external_event (event_id, id_no, source, code, severity, date, description, file_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const seenIn = db.prepare('SELECT file_date FROM external_event WHERE event_id = ?');
  return {
    row(e, lineNo) {
      if (insert.run(e.eventId, e.idNo, e.source, e.code, e.severity, e.date, e.description, date).changes === 0) {
        const earlier = (seenIn.get(e.eventId) as { file_date: string }).file_date;
        problem(problemZh(lineNo, '事件编号(event_id)', earlier === date ? `本文件中已有事件 ${e.eventId}（重复的行）` : `事件 ${e.eventId} 已在 ${earlier} 的文件中导入`));
      }
    },
    flush() {},
    finish() {},
  };
};

const APPLIERS: { [K in FeedKind]: ApplierFactory<K> } = { loans: applyLoans, repayments: applyRepayments, deposits: applyDeposits, events: applyEvents };

export interface ImportFeedInput<K extends FeedKind> {
  kind: K;
  date: string;
  bytes: Uint8Array;
  now: () => Date;
  /** Check everything as an import would — lines, repeats against the ledger, order — then roll it all back. */
  preview?: boolean;
  progress?: (bytesRead: number, bytesTotal: number) => void;
}

/** Rolls a preview's transaction back once every check has run. */
class PreviewDone extends Error {}

/**
 * `jingwei feed import`: reads, checks and applies the file in one transaction, line by line — or refuses it with
 * every problem (line, field, rule) and leaves the ledger exactly as it was. With `preview` the same transaction
 * runs to its end and is rolled back: what an import would answer, without changing anything.
 */
export function importFeed<K extends FeedKind>(db: Database, input: ImportFeedInput<K>): AppliedFeed {
  const problems: LineProblem[] = [];
  let problemCount = 0;
  const problem = (p: LineProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push(p);
  };
  let info: FeedFileInfo | null = null;
  let lines = 0;
  const apply = db.transaction(() => {
    const applier = (APPLIERS[input.kind] as ApplierFactory<K>)(db, input.date, problem);
    lines = readFeed(input.kind, input.date, input.bytes, {
      begin(i) {
        info = i;
        checkFileOrder(db, input.kind, input.date, i.digest);
      },
      row: (line, lineNo) => applier.row(line, lineNo),
      problem,
      ...(input.progress ? { progress: input.progress } : {}),
    });
    applier.flush();
    if (problemCount === 0) applier.finish(lines);
    // Batched writes report their problems late: the list is put back in line order.
    problems.sort((a, b) => a.line - b.line);
    if (problemCount > 0) throw new FeedRefusal(`文件有${problemCount}处错误，整个文件未导入，未做任何更改`, problems, problemCount);
    db.prepare('INSERT INTO feed_file (kind, date, digest, lines, encoding, applied_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.kind, input.date, info!.digest, lines, info!.encoding, input.now().toISOString());
    if (input.preview) throw new PreviewDone();
  });
  try {
    apply();
  } catch (err) {
    if (err instanceof FeedFileError) throw new FeedRefusal(`${err.messageZh}，未做任何更改`);
    if (!(err instanceof PreviewDone)) throw err;
  }
  const done = info as FeedFileInfo | null;
  return { kind: input.kind, date: input.date, lines, digest: done!.digest, encoding: done!.encoding };
}

/** The newest applied file of each kind (what head office IT checks before importing the next day's). */
export function lastAppliedFiles(db: Database): { kind: FeedKind; date: string; lines: number; appliedAt: string }[] {
  return db.prepare(`SELECT kind, date, lines, applied_at AS appliedAt FROM feed_file f
    WHERE date = (SELECT max(date) FROM feed_file g WHERE g.kind = f.kind) ORDER BY kind`).all() as { kind: FeedKind; date: string; lines: number; appliedAt: string }[];
}

export type { FeedLines };
