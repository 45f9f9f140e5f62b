import type { Database } from '../../db/sqlite';
import { addDays, daysBetween, monthKey } from '../../domain/credit/dates';
import { DEFAULT_RULE_SETS, type Classification, type LoanState, type RuleSet } from '../../domain/credit/rules';
import type { ProductCode } from '../../domain/credit/products';
import { dispatchEvent, escalation, type DispatchRules, type RiskQueue } from '../../domain/post-loan/dispatch';
import { causeGone, sameMemory, scanLoan, type RiskCause, type ScanMemory } from '../../domain/post-loan/scan';

/**
 * Head office's daily scan over the feed ledger: every active loan of every branch is classified and run through
 * the early-warning model on the day's facts; new overdue, new warning signals and downgrades raise risk events,
 * dispatched by the rules; events whose cause the feeds show gone close by themselves; branch events past their
 * deadline escalate to the risk department. One transaction: a scan is applied whole or not at all.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS scan_state (account TEXT PRIMARY KEY, overdue_days INTEGER NOT NULL, class TEXT NOT NULL, signals TEXT NOT NULL,
  level TEXT NOT NULL, month TEXT NOT NULL, scanned_on TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS loan_month (account TEXT NOT NULL, month TEXT NOT NULL, class TEXT NOT NULL, balance INTEGER NOT NULL,
  PRIMARY KEY (month, account)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS risk_event (id TEXT PRIMARY KEY, account TEXT NOT NULL, branch TEXT NOT NULL, manager TEXT NOT NULL,
  cause TEXT NOT NULL, signal TEXT, class_from TEXT, class_to TEXT, message TEXT NOT NULL, overdue_days INTEGER NOT NULL,
  raised_on TEXT NOT NULL, queue TEXT NOT NULL, deadline TEXT NOT NULL, escalated_on TEXT, status TEXT NOT NULL,
  closed_on TEXT, closed_by TEXT, close_reason TEXT, updated_on TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS risk_event_open ON risk_event (status, account);
CREATE INDEX IF NOT EXISTS risk_event_branch ON risk_event (branch, status);
CREATE TABLE IF NOT EXISTS scan_run (date TEXT PRIMARY KEY, loans INTEGER NOT NULL, raised INTEGER NOT NULL, closed INTEGER NOT NULL,
  escalated INTEGER NOT NULL, ran_at TEXT NOT NULL) WITHOUT ROWID;
`;

/** Loans read per statement. */
const SCAN_PAGE = 4096;

export function ensureScanTables(db: Database): void {
  db.exec(SCHEMA);
  // The risk department's assignment (risk-assignment.ts) on an event: added to ledgers made before it.
  const hasHandler = () => (db.prepare('PRAGMA table_info(risk_event)').all() as { name: string }[]).some((c) => c.name === 'handler');
  if (hasHandler()) return;
  db.transaction(() => {
    if (!hasHandler()) db.exec('ALTER TABLE risk_event ADD COLUMN handler TEXT; ALTER TABLE risk_event ADD COLUMN handler_name TEXT; ALTER TABLE risk_event ADD COLUMN assigned_on TEXT');
  }).immediate();
}

export interface ScanOptions {
  date: string;
  dispatch: DispatchRules;
  ruleSets?: Readonly<Record<ProductCode, RuleSet>>;
  now: () => Date;
}

export interface ScanSummary {
  date: string;
  loans: number;
  raised: number;
  closed: number;
  escalated: number;
  byCause: Record<RiskCause, number>;
}

/** The scan's row of a loan, in the SELECT's column order (read raw). */
type LoanRow = [
  account: string,
  branch: string,
  manager: string,
  idNo: string,
  product: ProductCode,
  balance: number,
  overdueFen: number,
  overdueDays: number,
  maturity: string,
  asOf: string,
  maxOverdueDays: number,
  overdueTimes: number,
  sOverdue: number | null,
  sClass: Classification | null,
  sSignals: string | null,
  sMonth: string | null,
];

interface OpenEventRow {
  id: string;
  account: string;
  cause: RiskCause;
  signal: string | null;
  class_from: Classification | null;
  queue: RiskQueue;
  deadline: string;
}

/** Per customer (证件号码): what the deposit and event feeds say, as the early-warning model's facts. */
function customerFacts(db: Database, date: string) {
  const lastOn = (d: string) => (db.prepare('SELECT max(date) AS d FROM deposit_balance WHERE date <= ?').get(d) as { d: string | null }).d;
  const depositsOn = (d: string | null): Map<string, number> => {
    const m = new Map<string, number>();
    if (d === null) return m;
    const rows = db
      .prepare('SELECT a.id_no AS id, sum(b.balance) AS s FROM deposit_balance b JOIN deposit_account a ON a.account_no = b.account_no WHERE b.date = ? GROUP BY a.id_no')
      .all(d) as { id: string; s: number }[];
    for (const r of rows) m.set(r.id, r.s);
    return m;
  };
  const today = lastOn(date);
  const before = lastOn(addDays(date, -90));
  const events = new Map<string, { lawsuits: number; defaults: number; queries: number; guarantor: boolean }>();
  const rows = db
    .prepare(
      `SELECT id_no AS id,
         sum(code IN ('lawsuit', 'enforcement') AND date > ?) AS lawsuits,
         sum(code = 'bureau-default' AND date > ?) AS defaults,
         sum(code = 'bureau-queries' AND date > ?) AS queries,
         max(code = 'guarantor-default' AND date > ?) AS guarantor
       FROM external_event WHERE date > ? AND date <= ? GROUP BY id_no`,
    )
    .all(addDays(date, -365), addDays(date, -90), addDays(date, -30), addDays(date, -90), addDays(date, -365), date) as {
    id: string;
    lawsuits: number;
    defaults: number;
    queries: number;
    guarantor: number;
  }[];
  for (const r of rows) events.set(r.id, { lawsuits: r.lawsuits, defaults: r.defaults, queries: r.queries, guarantor: r.guarantor === 1 });
  return { depositsNow: depositsOn(today), deposits3m: before === today ? new Map<string, number>() : depositsOn(before), events };
}

export function runDailyScan(db: Database, opts: ScanOptions): ScanSummary {
  ensureScanTables(db);
  const ruleSets = opts.ruleSets ?? DEFAULT_RULE_SETS;
  const { date } = opts;
  const month = monthKey(date);
  const summary: ScanSummary = { date, loans: 0, raised: 0, closed: 0, escalated: 0, byCause: { overdue: 0, warning: 0, downgrade: 0 } };

  const run = db.transaction(() => {
    const last = db.prepare('SELECT max(date) AS d FROM scan_run').get() as { d: string | null };
    if (last.d !== null && date <= last.d) throw new Error(`${date} 的扫描已做过（已扫描到 ${last.d}）`);
    const facts = customerFacts(db, date);
    const open = new Map<string, OpenEventRow[]>();
    for (const e of db.prepare("SELECT id, account, cause, signal, class_from, queue, deadline FROM risk_event WHERE status = 'open'").all() as OpenEventRow[]) {
      const list = open.get(e.account);
      if (list) list.push(e);
      else open.set(e.account, [e]);
    }
    const saveState = db.prepare(`INSERT INTO scan_state (account, overdue_days, class, signals, level, month, scanned_on) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account) DO UPDATE SET overdue_days = excluded.overdue_days, class = excluded.class, signals = excluded.signals,
        level = excluded.level, month = excluded.month, scanned_on = excluded.scanned_on`);
    const monthEnd = db.prepare('INSERT OR REPLACE INTO loan_month (account, month, class, balance) VALUES (?, ?, ?, ?)');
    const insertEvent = db.prepare(`INSERT OR IGNORE INTO risk_event (id, account, branch, manager, cause, signal, class_from, class_to, message, overdue_days,
        raised_on, queue, deadline, status, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`);
    const closeEvent = db.prepare("UPDATE risk_event SET status = 'closed', closed_on = ?, closed_by = 'feed', close_reason = ?, updated_on = ? WHERE id = ?");
    // An escalated event is the risk department's again, whoever it had been assigned to.
    const escalate = db.prepare("UPDATE risk_event SET queue = ?, deadline = ?, escalated_on = ?, updated_on = ?, handler = NULL, handler_name = NULL WHERE id = ?");

    // Rows come as arrays, a page at a time in account order: no 100,000 objects to build and collect at once, and
    // a fraction of iterate()'s cost per row. The day's writes are gathered and made after the last page.
    const writes: (() => void)[] = [];
    const page = db
      .prepare(
        `SELECT l.account, l.branch, l.manager, l.id_no, l.product, l.balance, l.overdue_principal + l.overdue_interest, l.overdue_days,
           l.maturity, l.as_of, l.max_overdue_days, l.overdue_times, s.overdue_days, s.class, s.signals, s.month
         FROM loan l LEFT JOIN scan_state s ON s.account = l.account WHERE l.status = 'active' AND l.account > ? ORDER BY l.account LIMIT ${SCAN_PAGE}`,
      )
      .raw();
    for (let rows = page.all('') as LoanRow[]; rows.length > 0; rows = page.all(rows[rows.length - 1]![0]) as LoanRow[]) {
      for (const row of rows) {
        const [account, branch, manager, idNo, product, balance, overdueFen, ledgerOverdueDays, maturity, asOf, maxOverdueDays, overdueTimes, sOverdue, sClass, sSignals, sMonth] = row;
        summary.loans++;
        const ev = facts.events.get(idNo);
        // Days a loan has been overdue grow while no newer ledger file says otherwise (a repayment resets them).
        const overdueDays = ledgerOverdueDays > 0 ? ledgerOverdueDays + daysBetween(asOf, date) : 0;
        const state: LoanState = {
          loanId: account,
          asOf: date,
          balanceFen: balance,
          overdueDays,
          overdueFen,
          classification: 'normal',
          depositBalanceFen: facts.depositsNow.get(idNo),
          depositBalance3mAgoFen: facts.deposits3m.get(idNo),
          bureauNewDefaults: ev?.defaults ?? 0,
          bureauNewQueries30d: ev?.queries ?? 0,
          lawsuits: ev?.lawsuits ?? 0,
          guarantorDefault: ev?.guarantor ?? false,
          historyMaxOverdueDays: maxOverdueDays,
          historyOverdueTimes: overdueTimes,
          renewalsSoFar: 0,
          maturityDate: maturity,
        };
        const prev: ScanMemory | undefined = sClass === null ? undefined : { overdueDays: sOverdue!, classification: sClass, signals: sSignals ? sSignals.split(',') : [] };
        const scan = scanLoan(ruleSets[product], state, prev);
        // The month's last known class is kept when the month turns: the migration matrix compares month ends.
        if (sMonth !== null && sMonth !== month && prev) writes.push(() => monthEnd.run(account, sMonth, prev.classification, balance));
        if (!sameMemory(prev, scan.memory) || sMonth !== month) {
          writes.push(() => saveState.run(account, scan.memory.overdueDays, scan.memory.classification, scan.memory.signals.join(','), scan.level, month, date));
        }
        for (const e of open.get(account) ?? []) {
          if (causeGone({ cause: e.cause, signal: e.signal, from: e.class_from }, scan.memory)) {
            writes.push(() => closeEvent.run(date, e.cause === 'overdue' ? '还款后逾期已结清（核心系统数据）' : '风险信号已消除（核心系统数据）', date, e.id));
            summary.closed++;
          }
        }
        for (const r of scan.raised) {
          const d = dispatchEvent({ overdueDays, raisedOn: date }, opts.dispatch);
          const id = `risk-event:${branch}:${account}:${date}:${r.cause}${r.signal ? `:${r.signal}` : ''}`;
          writes.push(() => insertEvent.run(id, account, branch, manager, r.cause, r.signal, r.from, r.to, r.messageZh, overdueDays, date, d.queue, d.deadline, date));
          summary.raised++;
          summary.byCause[r.cause]++;
        }
      }
    }
    for (const write of writes) write();
    // A loan settled or written off in core banking takes its open events with it.
    const settled = db.prepare("UPDATE risk_event SET status = 'closed', closed_on = ?, closed_by = 'feed', close_reason = '贷款已结清（核心系统数据）', updated_on = ? WHERE status = 'open' AND account IN (SELECT account FROM loan WHERE status = 'closed')").run(date, date);
    summary.closed += settled.changes;
    for (const e of db.prepare("SELECT id, account, cause, signal, class_from, queue, deadline FROM risk_event WHERE status = 'open' AND queue = 'branch' AND deadline < ?").all(date) as OpenEventRow[]) {
      const up = escalation({ queue: e.queue, deadline: e.deadline, status: 'open' }, date, opts.dispatch);
      if (!up) continue;
      escalate.run(up.queue, up.deadline, date, date, e.id);
      summary.escalated++;
    }
    db.prepare('INSERT INTO scan_run (date, loans, raised, closed, escalated, ran_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      date, summary.loans, summary.raised, summary.closed, summary.escalated, opts.now().toISOString());
  });
  run();
  return summary;
}
