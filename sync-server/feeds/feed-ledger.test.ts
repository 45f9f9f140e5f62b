import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { createPortfolio, nextDay, residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { FeedRefusal, importFeed, openLedger } from './feed-ledger';

const enc = (s: string) => new TextEncoder().encode(s);
const now = () => new Date('2026-03-03T01:00:00Z');
const ID = residentIdFor(mulberry32(7), 1);

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'feed-ledger-'));
  db = openLedger(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything the ledger holds, to show a refusal changed nothing. */
const snapshot = () =>
  ['feed_file', 'loan', 'repayment', 'deposit_account', 'deposit_balance', 'external_event'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());

const loanLine = (account: string, over: Partial<Record<string, string>> = {}) => {
  const v = {
    loan_account: account, branch: 'HM01', id_no: ID, customer_name: '王建国', product: 'farmer', principal: '100000.00', balance: '80000.00',
    overdue_principal: '0.00', overdue_interest: '0.00', overdue_days: '0', next_due_date: '2026-03-20', maturity_date: '2027-03-20',
    rate: '4.35', manager: 'M001', disbursed_on: '2025-03-20', ...over,
  };
  return Object.values(v).join(',');
};
const file = (kind: Parameters<typeof headerLine>[0], lines: string[]) => enc([headerLine(kind), ...lines].join('\n') + '\n');

function refusal(fn: () => unknown): FeedRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof FeedRefusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('feed import', () => {
  it('applies a generated day of files, all four kinds', () => {
    const p = createPortfolio({ seed: 3, loans: 200, branches: [{ code: 'HM01', managers: ['M001'] }], startDate: '2026-03-02' });
    const day = nextDay(p, '2026-03-02');
    for (const kind of ['loans', 'deposits', 'events', 'repayments'] as const) {
      const done = importFeed(db, { kind, date: '2026-03-02', bytes: enc(day.files[kind]), now });
      expect(done.lines).toBe(day.files[kind].trimEnd().split('\n').length - 1);
    }
    expect(db.prepare("SELECT count(*) AS n FROM loan WHERE status = 'active'").get()).toEqual({ n: 200 });
  });

  it('reports every bad line with its number, field and rule in Chinese, and applies nothing', () => {
    importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: file('loans', [loanLine('6200000000000001')]), now });
    const before = snapshot();
    const bad = file('loans', [
      loanLine('6200000000000001'),
      loanLine('6200000000000002', { balance: '8000.123' }),
      loanLine('6200000000000003', { id_no: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1') }),
      loanLine('6200000000000004', { overdue_days: '12' }),
      '6200000000000005,HM01',
      loanLine('6200000000000001'),
      loanLine('6200000000000006', { next_due_date: '2026-02-30' }),
    ]);
    const r = refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: bad, now }));
    expect(r.problems.map((p) => p.messageZh)).toEqual([
      '第3行 字段「贷款余额(balance)」：应为不带千分位的元金额，最多两位小数（如 12345.67），实际为“8000.123”',
      '第4行 字段「证件号码(id_no)」：校验位不正确，实际为“' + ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1') + '”',
      '第5行 字段「逾期天数(overdue_days)」：逾期天数与逾期本金、欠息不一致（有逾期金额才有逾期天数）',
      '第6行：应有15列，实际2列',
      '第7行 字段「贷款账号(loan_account)」：与第2行重复（6200000000000001）',
      '第8行 字段「下次还款日(next_due_date)」：应为有效日期 YYYY-MM-DD，实际为“2026-02-30”',
    ]);
    expect(r.messageZh).toContain('整个文件未导入');
    expect(snapshot()).toEqual(before);
    // The loan indexes, dropped while a loans file is applied, are back after a refusal as after an import.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'loan' AND sql IS NOT NULL ORDER BY name").all()).toEqual([
      { name: 'loan_branch' },
      { name: 'loan_id_no' },
    ]);
  });

  it('refuses a truncated file (no line feed at the end) as a whole', () => {
    const text = new TextDecoder().decode(file('loans', [loanLine('6200000000000001'), loanLine('6200000000000002')]));
    const r = refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: enc(text.slice(0, -30)), now }));
    expect(r.messageZh).toMatch(/文件不完整：第3行（最后一行）没有换行符.*截断/);
    expect(snapshot().every((t) => t.length === 0)).toBe(true);
  });

  it('refuses the same file twice (by digest) and the same kind and date twice', () => {
    const bytes = file('loans', [loanLine('6200000000000001')]);
    importFeed(db, { kind: 'loans', date: '2026-03-02', bytes, now });
    const before = snapshot();
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes, now })).messageZh).toMatch(/已导入过（相同摘要，贷款台账 2026-03-02）/);
    const other = file('loans', [loanLine('6200000000000001', { balance: '70000.00' })]);
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: other, now })).messageZh).toMatch(/贷款台账 2026-03-02 的文件已导入过/);
    expect(snapshot()).toEqual(before);
  });

  it('takes a day with nothing to report: header-only files on two dates are two days, not one file twice', () => {
    importFeed(db, { kind: 'events', date: '2026-03-02', bytes: file('events', []), now });
    expect(importFeed(db, { kind: 'events', date: '2026-03-03', bytes: file('events', []), now }).lines).toBe(0);
    expect(db.prepare("SELECT date, lines FROM feed_file WHERE kind = 'events' ORDER BY date").all()).toEqual([
      { date: '2026-03-02', lines: 0 },
      { date: '2026-03-03', lines: 0 },
    ]);
    // The same kind and date twice is still refused.
    expect(refusal(() => importFeed(db, { kind: 'events', date: '2026-03-03', bytes: file('events', []), now })).messageZh).toMatch(/外部事件 2026-03-03 的文件已导入过/);
  });

  it('opens a ledger made before header-only files could repeat, keeping its files', () => {
    importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: file('loans', [loanLine('6200000000000001')]), now });
    importFeed(db, { kind: 'events', date: '2026-03-02', bytes: file('events', []), now });
    db.exec(`CREATE TABLE old_file AS SELECT * FROM feed_file; DROP TABLE feed_file;
      CREATE TABLE feed_file (kind TEXT NOT NULL, date TEXT NOT NULL, digest TEXT NOT NULL UNIQUE, lines INTEGER NOT NULL,
        encoding TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (kind, date)) WITHOUT ROWID;
      INSERT INTO feed_file SELECT * FROM old_file; DROP TABLE old_file;`);
    const before = db.prepare('SELECT * FROM feed_file ORDER BY kind').all();
    db.close();
    db = openLedger(dir);
    expect(db.prepare('SELECT * FROM feed_file ORDER BY kind').all()).toEqual(before);
    expect(importFeed(db, { kind: 'events', date: '2026-03-03', bytes: file('events', []), now }).lines).toBe(0);
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: file('loans', [loanLine('6200000000000001')]), now })).messageZh).toMatch(/相同摘要/);
  });

  it('refuses a date before the last applied one of its kind', () => {
    importFeed(db, { kind: 'loans', date: '2026-03-05', bytes: file('loans', [loanLine('6200000000000001')]), now });
    const before = snapshot();
    const r = refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-04', bytes: file('loans', [loanLine('6200000000000002')]), now }));
    expect(r.messageZh).toContain('日期顺序错误：贷款台账 已导入到 2026-03-05，不能再导入更早的 2026-03-04');
    expect(snapshot()).toEqual(before);
  });

  it('reads GB18030 files and refuses wrong encodings and a wrong header', () => {
    const gb = new Uint8Array([...enc(headerLine('loans') + '\n'), ...gb18030(loanLine('6200000000000001') + '\n')]);
    expect(importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: gb, now }).encoding).toBe('gb18030');
    expect(db.prepare('SELECT name FROM loan').get()).toEqual({ name: '王建国' });
    const utf16 = new Uint8Array(Buffer.from('\uFEFF' + headerLine('loans') + '\n' + loanLine('6200000000000002') + '\n', 'utf16le'));
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: utf16, now })).messageZh).toMatch(/文件编码不正确：第1行起含有空字节/);
    // A line of bytes that are neither UTF-8 nor GB18030 (0xFF never starts a character in either).
    const garbled = new Uint8Array([...file('loans', [loanLine('6200000000000002')]), ...enc('6200000000000003,HM01,'), 0xff, 0xff, 0x0a]);
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: garbled, now })).messageZh).toMatch(/文件编码不正确：第3行既不是 UTF-8 也不是 GB18030/);
    // A GB18030 line pasted into a UTF-8 file.
    const mixed = new Uint8Array([...file('loans', [loanLine('6200000000000002')]), ...gb18030(loanLine('6200000000000003') + '\n')]);
    expect(refusal(() => importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: mixed, now })).messageZh).toMatch(/文件编码不正确：同一文件中编码不一致（第2行是 UTF-8，第3行是 GB18030）/);
    expect(db.prepare('SELECT count(*) AS n FROM loan').get()).toEqual({ n: 1 });
    expect(refusal(() => importFeed(db, { kind: 'repayments', date: '2026-03-03', bytes: file('loans', [loanLine('6200000000000002')]), now })).messageZh).toMatch(
      /表头不符：repayments 文件第1行应为「txn_id,loan_account/,
    );
  });

  it('refuses repayments of loans the ledger does not know, and a transaction seen in an earlier file', () => {
    importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: file('loans', [loanLine('6200000000000001')]), now });
    const pay = (txn: string, account: string) => `${txn},${account},2026-03-03,100.00,20.00,0.00,counter`;
    importFeed(db, { kind: 'repayments', date: '2026-03-03', bytes: file('repayments', [pay('T1', '6200000000000001')]), now });
    const before = snapshot();
    const r = refusal(() =>
      importFeed(db, {
        kind: 'repayments',
        date: '2026-03-04',
        bytes: file('repayments', [pay('T1', '6200000000000001'), pay('T2', '6200000000000009'), pay('T3', '6200000000000001'), pay('T3', '6200000000000001')].map((l) => l.replace('03-03', '03-04'))),
        now,
      }),
    );
    expect(r.problems.map((p) => p.messageZh)).toEqual([
      '第2行 字段「交易流水号(txn_id)」：交易 T1 已在 2026-03-03 的文件中导入',
      '第3行 字段「贷款账号(loan_account)」：贷款台账中没有该账号 6200000000000009（请先导入贷款台账）',
      '第5行 字段「交易流水号(txn_id)」：本文件中已有交易 T3（重复的行）',
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("records the last instalment's repayment when the same day's loans file, imported first, no longer lists the loan", () => {
    importFeed(db, { kind: 'loans', date: '2026-03-02', bytes: file('loans', [loanLine('6200000000000001'), loanLine('6200000000000002')]), now });
    importFeed(db, { kind: 'loans', date: '2026-03-03', bytes: file('loans', [loanLine('6200000000000002', { balance: '70000.00' })]), now });
    importFeed(db, { kind: 'repayments', date: '2026-03-03', bytes: file('repayments', ['T9,6200000000000001,2026-03-03,80000.00,290.00,0.00,counter']), now });
    expect(db.prepare('SELECT status, balance FROM loan WHERE account = ?').get('6200000000000001')).toEqual({ status: 'closed', balance: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM repayment').get()).toEqual({ n: 1 });
  });
});

/** The few characters these tests use, in GB18030 (Node has no GB18030 encoder). */
function gb18030(s: string): number[] {
  const table: Record<string, number[]> = { 王: [0xcd, 0xf5], 建: [0xbd, 0xa8], 国: [0xb9, 0xfa] };
  return [...s].flatMap((ch) => table[ch] ?? [ch.charCodeAt(0)]);
}
