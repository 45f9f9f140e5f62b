import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/sqlite';
import { addDays, daysInMonth, nextMonthKey } from '../../domain/credit/dates';
import { monthlyPoints, pointsAmountSchema, tierFor, type ValueRules } from '../../domain/value/value-rules';
import { branchDay, DEFAULT_TIME_ZONE, formatDate, formatDateTime } from '../../domain/time/branch-time';

/**
 * 精微甄选 points — a double-entry ledger at head office, beside the feed ledger it accrues from (same SQLite file,
 * head office's own disk). Every movement is one transaction whose entries sum to zero; entries are never changed
 * or deleted (triggers refuse it), a mistake is undone by a reversal transaction. Amounts are whole points;
 * a debit is positive, a credit negative. Accounts:
 *   customer:<id_no>         what the bank owes the customer (credit balance = points the customer holds)
 *   expense:accrual          the bank's cost of points granted
 *   voucher:<code>           points held by an issued, not yet redeemed voucher
 *   payable:partner:<code>   what the bank owes a partner shop for vouchers it redeemed
 *   payable:mall             what the bank's mall is owed for orders paid in points
 *   income:expired           points that expired unspent
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS points_txn (id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, kind TEXT NOT NULL
    CHECK (kind IN ('accrual', 'voucher', 'redemption', 'mall', 'expiry', 'reversal')),
  period TEXT, at TEXT NOT NULL, by TEXT NOT NULL, memo TEXT NOT NULL, rules_version INTEGER, reverses INTEGER REFERENCES points_txn (id));
CREATE TABLE IF NOT EXISTS points_entry (txn INTEGER NOT NULL REFERENCES points_txn (id), account TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount <> 0 AND amount = CAST(amount AS INTEGER)), PRIMARY KEY (account, txn)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS points_entry_txn ON points_entry (txn);
CREATE TABLE IF NOT EXISTS points_balance (account TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS voucher (code TEXT PRIMARY KEY, id_no TEXT NOT NULL, partner TEXT NOT NULL, branch TEXT NOT NULL, points INTEGER NOT NULL,
  issued_at TEXT NOT NULL, expires_on TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('issued', 'redeemed', 'expired')),
  redeemed_at TEXT, redeemed_by TEXT, issue_txn INTEGER NOT NULL, close_txn INTEGER) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS points_entry_no_update BEFORE UPDATE ON points_entry BEGIN SELECT RAISE(ABORT, 'points entries are never changed'); END;
CREATE TRIGGER IF NOT EXISTS points_entry_no_delete BEFORE DELETE ON points_entry BEGIN SELECT RAISE(ABORT, 'points entries are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS points_txn_no_update BEFORE UPDATE ON points_txn BEGIN SELECT RAISE(ABORT, 'points transactions are never changed'); END;
CREATE TRIGGER IF NOT EXISTS points_txn_no_delete BEFORE DELETE ON points_txn BEGIN SELECT RAISE(ABORT, 'points transactions are never deleted'); END;
`;

export const customerAccount = (idNo: string) => `customer:${idNo}`;
const ACCRUAL_EXPENSE = 'expense:accrual';
const EXPIRED_INCOME = 'income:expired';
const MALL_PAYABLE = 'payable:mall';

/** Refused: nothing was written. The message is Chinese, for the screen or the console. */
export class ValueRefusal extends Error {
  constructor(readonly messageZh: string) {
    super(messageZh);
  }
}

export function ensureValueTables(db: Database): void {
  db.exec(SCHEMA);
}

interface Posting {
  ref: string;
  kind: 'accrual' | 'voucher' | 'redemption' | 'mall' | 'expiry' | 'reversal';
  period?: string | null;
  at: string;
  by: string;
  memo: string;
  rulesVersion?: number | null;
  reverses?: number | null;
  entries: Iterable<readonly [account: string, amount: number]>;
}

/**
 * Writes one balanced transaction. Must run inside the caller's SQLite transaction: a refusal thrown here (or
 * after) rolls back everything the caller wrote with it.
 */
function post(db: Database, p: Posting): number {
  if (db.prepare('SELECT 1 FROM points_txn WHERE ref = ?').get(p.ref)) throw new ValueRefusal(`业务 ${p.ref} 已记账，不能重复记账`);
  const txn = Number(
    db
      .prepare('INSERT INTO points_txn (ref, kind, period, at, by, memo, rules_version, reverses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.ref, p.kind, p.period ?? null, p.at, p.by, p.memo, p.rulesVersion ?? null, p.reverses ?? null).lastInsertRowid,
  );
  // The entries go to SQLite as one JSON array: a month's accrual is 200,000 of them, and one statement per entry
  // (twice: entry and balance) cost more in calls between JS and SQLite than in writing.
  const rows: [string, number][] = [];
  let sum = 0;
  for (const [account, amount] of p.entries) {
    if (!Number.isSafeInteger(amount) || amount === 0) throw new ValueRefusal(`记账金额应为非零整数积分（${account}: ${amount}）`);
    rows.push([account, amount]);
    sum += amount;
  }
  if (rows.length < 2 || sum !== 0) throw new ValueRefusal(`借贷不平（${p.ref}：${rows.length} 条分录，合计 ${sum}），未记账`);
  const json = JSON.stringify(rows);
  db.prepare('INSERT INTO points_entry (txn, account, amount) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)').run(txn, json);
  db.prepare(`INSERT INTO points_balance (account, balance) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
    ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance`).run(json);
  return txn;
}

/** Points a customer holds now (the credit balance of their account). */
export function pointsOf(db: Database, idNo: string): number {
  const row = db.prepare('SELECT balance FROM points_balance WHERE account = ?').get(customerAccount(idNo)) as { balance: number } | undefined;
  return row ? 0 - row.balance : 0;
}

const monthRange = (month: string) => {
  const days = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}`, days };
};

export interface AccrualResult {
  month: string;
  customers: number;
  points: number;
  txn: number;
  rulesVersion: number;
}

/**
 * Month-end accrual: each customer's points from the month's average daily demand-deposit balance (sum of the
 * daily balances over the month's calendar days — so the month must be complete in the ledger), at the rate of
 * the tier the month's average daily balance of all deposits reaches. One transaction for the whole month: a
 * credit per customer and one debit to the accrual expense.
 */
export function accrueMonth(db: Database, input: { month: string; rules: ValueRules; now: Date; by: string }): AccrualResult {
  ensureValueTables(db);
  const { month, rules } = input;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ValueRefusal(`月份应为 YYYY-MM（实际为“${month}”）`);
  const { first, last, days } = monthRange(month);
  if (last >= branchDay(input.now, DEFAULT_TIME_ZONE)) throw new ValueRefusal(`${month} 尚未结束，月末之后才能计提积分`);
  const have = new Set(
    (db.prepare("SELECT date FROM feed_file WHERE kind = 'deposits' AND date BETWEEN ? AND ?").all(first, last) as { date: string }[]).map((r) => r.date),
  );
  const missing: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) if (!have.has(d)) missing.push(d);
  if (missing.length > 0) {
    throw new ValueRefusal(`${month} 的存款日终余额文件不全，缺 ${missing.length} 天（${missing.slice(0, 5).join('、')}${missing.length > 5 ? '……' : ''}），不能计提积分`);
  }
  const ref = `accrual:${month}`;
  const done = db.prepare('SELECT at FROM points_txn WHERE ref = ?').get(ref) as { at: string } | undefined;
  if (done) throw new ValueRefusal(`${month} 的积分已于 ${formatDate(done.at, DEFAULT_TIME_ZONE)} 计提，不能重复计提`);

  const rows = db
    .prepare(
      `SELECT a.id_no AS idNo, sum(CASE WHEN a.kind = 'demand' THEN m.total ELSE 0 END) AS demand, sum(m.total) AS total
       FROM deposit_month m JOIN deposit_account a ON a.account_no = m.account_no WHERE m.month = ? GROUP BY a.id_no`,
    )
    .raw()
    .all(month) as [string, number, number][];
  let customers = 0;
  let points = 0;
  const entries = function* () {
    for (const [idNo, demand, total] of rows) {
      const p = monthlyPoints(rules, Math.floor(demand / days), tierFor(rules, Math.floor(total / days)));
      if (p === 0) continue;
      customers++;
      points += p;
      yield [customerAccount(idNo), -p] as const;
    }
    if (points > 0) yield [ACCRUAL_EXPENSE, points] as const;
  };
  let txn = 0;
  db.transaction(() => {
    txn = post(db, { ref, kind: 'accrual', period: month, at: input.now.toISOString(), by: input.by, memo: `${month} 月度积分计提（按月日均活期存款）`, rulesVersion: rules.version, entries: entries() });
    assertBalanced(db);
  })();
  return { month, customers, points, txn, rulesVersion: rules.version };
}

/** Crockford base32 without I, L, O, U: read aloud or typed at a shop's till without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function voucherCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export interface IssuedVoucher {
  code: string;
  points: number;
  partner: string;
  expiresOn: string;
  remaining: number;
}

/** A customer spends points on a voucher for one partner shop: the points move to the voucher until it is redeemed. */
export function issueVoucher(
  db: Database,
  input: { idNo: string; points: unknown; partner: string; branch: string; rules: ValueRules; now: Date; by: string },
): IssuedVoucher {
  ensureValueTables(db);
  const amount = pointsAmountSchema.safeParse(input.points);
  if (!amount.success) throw new ValueRefusal(`兑换积分不正确：${amount.error.issues[0]!.message}`);
  const points = amount.data;
  const code = voucherCode();
  const at = input.now.toISOString();
  const expiresOn = addDays(branchDay(input.now, DEFAULT_TIME_ZONE), input.rules.voucherValidDays);
  db.transaction(() => {
    const held = pointsOf(db, input.idNo);
    if (held < points) throw new ValueRefusal(`积分不足：可用 ${held} 分，兑换需要 ${points} 分`);
    const txn = post(db, {
      ref: `voucher:${code}`, kind: 'voucher', at, by: input.by, memo: `兑换商户券 ${code}（合作商户 ${input.partner}）`, rulesVersion: input.rules.version,
      entries: [[customerAccount(input.idNo), points], [`voucher:${code}`, -points]],
    });
    db.prepare(`INSERT INTO voucher (code, id_no, partner, branch, points, issued_at, expires_on, status, issue_txn) VALUES (?, ?, ?, ?, ?, ?, ?, 'issued', ?)`).run(
      code, input.idNo, input.partner, input.branch, points, at, expiresOn, txn);
  })();
  return { code, points, partner: input.partner, expiresOn, remaining: pointsOf(db, input.idNo) };
}

interface VoucherRow {
  code: string; id_no: string; partner: string; branch: string; points: number; expires_on: string; status: 'issued' | 'redeemed' | 'expired';
  redeemed_at: string | null; redeemed_by: string | null;
}

/**
 * A partner shop redeems a voucher, once: the points become what the bank owes the shop. A replayed code, a code
 * of another shop, an expired one — each refused with what happened to it, nothing written.
 */
export function redeemVoucher(db: Database, input: { code: string; partner: string; now: Date; by: string }): { code: string; points: number } {
  ensureValueTables(db);
  const code = input.code.trim().toUpperCase();
  const at = input.now.toISOString();
  let points = 0;
  db.transaction(() => {
    const v = db.prepare('SELECT * FROM voucher WHERE code = ?').get(code) as VoucherRow | undefined;
    if (!v) throw new ValueRefusal(`券码 ${code} 不存在，请核对后再输入`);
    if (v.status === 'redeemed') throw new ValueRefusal(`券码 ${code} 已于 ${formatDateTime(v.redeemed_at, DEFAULT_TIME_ZONE)} 核销，不能重复核销`);
    if (v.status === 'expired') throw new ValueRefusal(`券码 ${code} 已过期（有效期至 ${v.expires_on}），积分已退回客户`);
    if (v.partner !== input.partner) throw new ValueRefusal(`券码 ${code} 不是本商户（${input.partner}）的券，不能核销`);
    if (branchDay(input.now, DEFAULT_TIME_ZONE) > v.expires_on) throw new ValueRefusal(`券码 ${code} 已过期（有效期至 ${v.expires_on}）`);
    const txn = post(db, {
      ref: `redeem:${code}`, kind: 'redemption', at, by: input.by, memo: `商户 ${v.partner} 核销券 ${code}`,
      entries: [[`voucher:${code}`, v.points], [`payable:partner:${v.partner}`, -v.points]],
    });
    db.prepare(`UPDATE voucher SET status = 'redeemed', redeemed_at = ?, redeemed_by = ?, close_txn = ? WHERE code = ?`).run(at, input.by, txn, code);
    points = v.points;
  })();
  return { code, points };
}

/** Vouchers past their date give their points back to the customer (a reversal of the voucher's issue). */
export function expireVouchers(db: Database, input: { date: string; now: Date; by: string }): { vouchers: number; points: number } {
  ensureValueTables(db);
  const due = db.prepare(`SELECT code, id_no, points, issue_txn FROM voucher WHERE status = 'issued' AND expires_on < ?`).all(input.date) as
    { code: string; id_no: string; points: number; issue_txn: number }[];
  let points = 0;
  db.transaction(() => {
    const close = db.prepare(`UPDATE voucher SET status = 'expired', close_txn = ? WHERE code = ?`);
    for (const v of due) {
      const txn = post(db, {
        ref: `voucher-expired:${v.code}`, kind: 'reversal', at: input.now.toISOString(), by: input.by, memo: `券 ${v.code} 过期未核销，积分退回`,
        reverses: v.issue_txn, entries: [[`voucher:${v.code}`, v.points], [customerAccount(v.id_no), -v.points]],
      });
      close.run(txn, v.code);
      points += v.points;
    }
  })();
  return { vouchers: due.length, points };
}

/** An order in the bank's mall paid in points. `order` is the mall's order number: the same order is paid once. */
export function payMallOrder(db: Database, input: { idNo: string; points: unknown; order: string; now: Date; by: string }): { points: number; remaining: number } {
  ensureValueTables(db);
  const amount = pointsAmountSchema.safeParse(input.points);
  if (!amount.success) throw new ValueRefusal(`支付积分不正确：${amount.error.issues[0]!.message}`);
  if (!/^[0-9A-Za-z_-]{1,40}$/.test(input.order)) throw new ValueRefusal('商城订单号应为 1–40 位字母、数字、- 或 _');
  db.transaction(() => {
    const held = pointsOf(db, input.idNo);
    if (held < amount.data) throw new ValueRefusal(`积分不足：可用 ${held} 分，订单需要 ${amount.data} 分`);
    post(db, {
      ref: `mall:${input.order}`, kind: 'mall', at: input.now.toISOString(), by: input.by, memo: `积分商城订单 ${input.order}`,
      entries: [[customerAccount(input.idNo), amount.data], [MALL_PAYABLE, -amount.data]],
    });
  })();
  return { points: amount.data, remaining: pointsOf(db, input.idNo) };
}

/**
 * Points expire FIFO: what a customer was granted for months up to `expiryMonths` before `month` and has not used
 * since (every debit to the customer — vouchers, mall, earlier expiries — uses the oldest points first) expires.
 */
export function expirePoints(db: Database, input: { month: string; rules: ValueRules; now: Date; by: string }): { customers: number; points: number } {
  ensureValueTables(db);
  const cutoff = nextMonthKey(input.month, -input.rules.expiryMonths);
  const rows = db
    .prepare(
      // Points given back (an expired voucher, a cancelled order) count as never spent.
      `SELECT e.account, min(-sum(e.amount), sum(CASE WHEN e.amount < 0 AND t.kind = 'accrual' AND t.period <= ? THEN -e.amount ELSE 0 END)
         - sum(CASE WHEN e.amount > 0 THEN e.amount ELSE 0 END) + sum(CASE WHEN e.amount < 0 AND t.kind = 'reversal' THEN -e.amount ELSE 0 END)) AS due
       FROM points_entry e JOIN points_txn t ON t.id = e.txn WHERE e.account LIKE 'customer:%' GROUP BY e.account HAVING due > 0`,
    )
    .raw()
    .all(cutoff) as [string, number][];
  let points = 0;
  db.transaction(() => {
    if (rows.length === 0) return;
    for (const [, due] of rows) points += due;
    post(db, {
      ref: `expiry:${input.month}`, kind: 'expiry', period: input.month, at: input.now.toISOString(), by: input.by,
      memo: `${cutoff} 及以前计提、未使用的积分到期`, rulesVersion: input.rules.version,
      entries: [...rows.map(([account, due]) => [account, due] as const), [EXPIRED_INCOME, -points] as const],
    });
  })();
  return { customers: rows.length, points };
}

/** Undoes one transaction (a feed corrected after accrual, a mall order cancelled): the mirror entries. */
export function reverseTxn(db: Database, input: { ref: string; reason: string; now: Date; by: string }): { txn: number } {
  ensureValueTables(db);
  const reason = input.reason.trim();
  if (reason.length < 2) throw new ValueRefusal('请填写冲正原因');
  let txn = 0;
  db.transaction(() => {
    const t = db.prepare('SELECT id, kind FROM points_txn WHERE ref = ?').get(input.ref) as { id: number; kind: string } | undefined;
    if (!t) throw new ValueRefusal(`没有业务 ${input.ref}`);
    if (t.kind === 'voucher' || t.kind === 'redemption') throw new ValueRefusal('券的兑换与核销不能直接冲正（过期的券自动退回积分）');
    const entries = db.prepare('SELECT account, amount FROM points_entry WHERE txn = ?').raw().all(t.id) as [string, number][];
    for (const [account, amount] of entries) {
      if (account.startsWith('customer:') && amount < 0 && pointsOf(db, account.slice('customer:'.length)) < -amount) {
        throw new ValueRefusal(`客户 ${account.slice('customer:'.length, 'customer:'.length + 6)}…… 的积分已部分使用，不能整笔冲正`);
      }
    }
    txn = post(db, {
      ref: `reversal:${input.ref}`, kind: 'reversal', at: input.now.toISOString(), by: input.by, memo: `冲正 ${input.ref}：${reason}`,
      reverses: t.id, entries: entries.map(([account, amount]) => [account, -amount] as const),
    });
  })();
  return { txn };
}

export interface TrialBalance {
  txns: number;
  entries: number;
  /** Transactions whose entries do not sum to zero (must be none). */
  unbalanced: string[];
  /** Accounts whose kept balance differs from the sum of their entries (must be none). */
  balanceMismatches: string[];
  /** Points customers hold in total = accrued − spent − expired ± reversals. */
  customerPoints: number;
}

export function trialBalance(db: Database): TrialBalance {
  ensureValueTables(db);
  const counts = db.prepare('SELECT (SELECT count(*) FROM points_txn) AS txns, (SELECT count(*) FROM points_entry) AS entries').get() as { txns: number; entries: number };
  const unbalanced = (db.prepare('SELECT t.ref FROM points_txn t JOIN points_entry e ON e.txn = t.id GROUP BY t.id HAVING sum(e.amount) <> 0 LIMIT 20').all() as { ref: string }[]).map((r) => r.ref);
  const balanceMismatches = (
    db.prepare(`SELECT b.account FROM points_balance b LEFT JOIN (SELECT account, sum(amount) AS s FROM points_entry GROUP BY account) e ON e.account = b.account
      WHERE b.balance <> coalesce(e.s, 0) LIMIT 20`).all() as { account: string }[]
  ).map((r) => r.account);
  const held = db.prepare("SELECT coalesce(-sum(balance), 0) AS p FROM points_balance WHERE account LIKE 'customer:%'").get() as { p: number };
  return { ...counts, unbalanced, balanceMismatches, customerPoints: held.p };
}

/** The whole ledger sums to zero, or the caller's transaction is rolled back. */
function assertBalanced(db: Database): void {
  const total = db.prepare('SELECT coalesce(sum(balance), 0) AS s FROM points_balance').get() as { s: number };
  if (total.s !== 0) throw new ValueRefusal(`积分总账不平（合计 ${total.s}），未记账`);
}

export interface StatementLine {
  at: string;
  kind: string;
  memo: string;
  /** Points in (+) or out (−) for the customer. */
  points: number;
  balance: number;
}

/** A customer's points statement, oldest first, with the running balance. */
export function statementOf(db: Database, idNo: string): StatementLine[] {
  ensureValueTables(db);
  const rows = db
    .prepare('SELECT t.at, t.kind, t.memo, e.amount FROM points_entry e JOIN points_txn t ON t.id = e.txn WHERE e.account = ? ORDER BY e.txn')
    .all(customerAccount(idNo)) as { at: string; kind: string; memo: string; amount: number }[];
  let balance = 0;
  return rows.map((r) => {
    balance -= r.amount;
    return { at: r.at, kind: r.kind, memo: r.memo, points: -r.amount, balance };
  });
}
