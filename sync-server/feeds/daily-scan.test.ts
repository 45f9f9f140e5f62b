import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { runDailyScan } from './daily-scan';
import { importFeed, openLedger } from './feed-ledger';

const enc = (s: string) => new TextEncoder().encode(s);
const now = () => new Date('2026-03-03T01:00:00Z');
const rng = mulberry32(11);
const ID1 = residentIdFor(rng, 1);
const ID2 = residentIdFor(rng, 2);

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daily-scan-'));
  db = openLedger(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const loan = (account: string, idNo: string, overdue: { principal: string; interest: string; days: number } | null) =>
  [account, 'HM01', idNo, '王建国', 'farmer', '100000.00', '80000.00', overdue?.principal ?? '0.00', overdue?.interest ?? '0.00', overdue?.days ?? 0,
    '2026-04-01', '2027-03-01', '4.35', 'M001', '2025-03-01'].join(',');
const put = (kind: Parameters<typeof headerLine>[0], date: string, lines: string[]) =>
  importFeed(db, { kind, date, bytes: enc([headerLine(kind), ...lines].join('\n') + '\n'), now });
const scan = (date: string) => runDailyScan(db, { date, dispatch: DEFAULT_DISPATCH_RULES, now });
const events = () =>
  db.prepare('SELECT account, cause, signal, queue, deadline, status, closed_by, escalated_on FROM risk_event ORDER BY account, cause').all() as Record<string, unknown>[];

describe('daily scan at head office', () => {
  it('raises events for a new overdue, dispatches them, closes them when the repayment file shows the payment, escalates missed deadlines', () => {
    // Monday 2 March: two loans fall overdue.
    put('loans', '2026-03-02', [loan('6200000000000001', ID1, { principal: '2000.00', interest: '300.00', days: 1 }), loan('6200000000000002', ID2, { principal: '1500.00', interest: '0.00', days: 1 })]);
    expect(scan('2026-03-02')).toMatchObject({ loans: 2, raised: 4, byCause: { overdue: 2, downgrade: 2, warning: 0 } });
    expect(events()).toEqual([
      { account: '6200000000000001', cause: 'downgrade', signal: null, queue: 'branch', deadline: '2026-03-09', status: 'open', closed_by: null, escalated_on: null },
      { account: '6200000000000001', cause: 'overdue', signal: null, queue: 'branch', deadline: '2026-03-09', status: 'open', closed_by: null, escalated_on: null },
      { account: '6200000000000002', cause: 'downgrade', signal: null, queue: 'branch', deadline: '2026-03-09', status: 'open', closed_by: null, escalated_on: null },
      { account: '6200000000000002', cause: 'overdue', signal: null, queue: 'branch', deadline: '2026-03-09', status: 'open', closed_by: null, escalated_on: null },
    ]);

    // Tuesday: only the repayment file arrives; loan 1 pays everything overdue.
    put('repayments', '2026-03-03', ['T1,6200000000000001,2026-03-03,2000.00,300.00,1.50,counter']);
    const tue = scan('2026-03-03');
    expect(tue).toMatchObject({ raised: 0, closed: 2, escalated: 0 });
    expect(events().filter((e) => e.account === '6200000000000001').map((e) => [e.cause, e.status, e.closed_by])).toEqual([
      ['downgrade', 'closed', 'feed'],
      ['overdue', 'closed', 'feed'],
    ]);
    expect(db.prepare("SELECT balance, overdue_days FROM loan WHERE account = '6200000000000001'").get()).toEqual({ balance: 7_800_000, overdue_days: 0 });

    // Loan 2 stays overdue past its deadline (Monday 9 March): on Tuesday 10 March it goes to the risk department.
    for (const d of ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09']) expect(scan(d).escalated).toBe(0);
    expect(scan('2026-03-10').escalated).toBe(2);
    expect(events().filter((e) => e.account === '6200000000000002').map((e) => [e.queue, e.deadline, e.escalated_on])).toEqual([
      ['risk', '2026-03-24', '2026-03-10'],
      ['risk', '2026-03-24', '2026-03-10'],
    ]);
  });

  it('sends loans more than 90 days overdue to the risk department directly', () => {
    put('loans', '2026-03-02', [loan('6200000000000003', ID1, { principal: '9000.00', interest: '800.00', days: 91 })]);
    scan('2026-03-02');
    expect(events().map((e) => [e.cause, e.queue, e.deadline])).toEqual([
      ['downgrade', 'risk', '2026-03-16'],
      ['overdue', 'risk', '2026-03-16'],
    ]);
    expect(db.prepare('SELECT class FROM scan_state').get()).toEqual({ class: 'substandard' });
  });

  it('raises a warning event from the external events feed (a lawsuit), classifies the current loan 关注', () => {
    put('loans', '2026-03-02', [loan('6200000000000004', ID2, null)]);
    put('events', '2026-03-02', [`E1,${ID2},court,lawsuit,high,2026-02-27,民间借贷纠纷被诉`]);
    expect(scan('2026-03-02').byCause).toEqual({ overdue: 0, warning: 1, downgrade: 1 });
    expect(events().map((e) => [e.cause, e.signal])).toEqual([
      ['downgrade', null],
      ['warning', 'lawsuit'],
    ]);
    expect(db.prepare('SELECT class, level FROM scan_state').get()).toEqual({ class: 'special-mention', level: 'high' });
  });

  it('refuses to scan a day twice or go back', () => {
    put('loans', '2026-03-02', [loan('6200000000000001', ID1, null)]);
    scan('2026-03-02');
    expect(() => scan('2026-03-02')).toThrow(/已做过/);
  });
});
