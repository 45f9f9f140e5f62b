import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { addDays } from '../../domain/credit/dates';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { DEFAULT_VALUE_RULES as RULES } from '../../domain/value/value-rules';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { accrueMonth, expireVouchers, issueVoucher, payMallOrder, redeemVoucher, statementOf, trialBalance } from './points-ledger';
import { pointsFlows } from './points-flows';

/**
 * A branch's points flows over a real ledger: November's deposits through the feed import, the month-end accrual,
 * vouchers and a mall order through the ledger's own functions. HM01's customers and HM02's are told apart by
 * where their deposit accounts are; a customer with accounts at both counts at both.
 */
const rng = mulberry32(41);
const A = residentIdFor(rng, 1); // HM01
const B = residentIdFor(rng, 2); // HM02
const BOTH = residentIdFor(rng, 3); // HM01 and HM02
const by = 'hq-value';
let dir: string;
let db: Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'points-flows-'));
  db = openLedger(dir);
  for (let i = 0; i < 30; i++) {
    const date = addDays('2026-11-01', i);
    const lines = [
      `600000000000001,${A},HM01,demand,${(100_000 + i).toFixed(2)}`,
      `600000000000002,${B},HM02,demand,50000.00`,
      `600000000000003,${BOTH},HM01,demand,20000.00`,
      `600000000000004,${BOTH},HM02,demand,10000.00`,
    ];
    importFeed(db, { kind: 'deposits', date, bytes: new TextEncoder().encode([headerLine('deposits'), ...lines].join('\n') + '\n'), now: () => new Date(`${date}T20:00:00Z`) });
  }
  accrueMonth(db, { month: '2026-11', rules: RULES, now: new Date('2026-12-01T02:00:00Z'), by });
  const v = issueVoucher(db, { idNo: A, points: 300, partner: 'SHOP01', branch: 'HM01', rules: RULES, now: new Date('2026-12-02T03:00:00Z'), by });
  redeemVoucher(db, { code: v.code, partner: 'SHOP01', now: new Date('2026-12-03T03:00:00Z'), by: 'SHOP01' });
  issueVoucher(db, { idNo: BOTH, points: 50, partner: 'SHOP02', branch: 'HM01', rules: RULES, now: new Date('2026-12-02T04:00:00Z'), by });
  payMallOrder(db, { idNo: B, points: 120, order: 'M-1', now: new Date('2026-12-04T05:00:00Z'), by: 'mall' });
  // The unredeemed voucher lapses and gives its 50 points back.
  expireVouchers(db, { date: addDays('2026-12-02', RULES.voucherValidDays + 1), now: new Date('2026-12-31T12:00:00Z'), by });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('points flows per branch (the T+1 summary head office publishes)', () => {
  it('counts each branch\'s customers, and the bank as a whole', () => {
    expect(trialBalance(db)).toMatchObject({ unbalanced: [], balanceMismatches: [] });
    const hm01 = pointsFlows(db, { branch: 'HM01' });
    const hm02 = pointsFlows(db, { branch: 'HM02' });
    const issued = (a: typeof hm01) => a.find((m) => m.month === '2026-11')!.issued;
    // What the accrual gave each customer (their statement): the flows put each where their accounts are.
    const [a, b, both] = [A, B, BOTH].map((id) => statementOf(db, id).find((l) => l.kind === 'accrual')!.points) as [number, number, number];
    expect(a).toBeGreaterThan(0);
    expect(issued(hm01)).toBe(a + both);
    expect(issued(hm02)).toBe(b + both);
    expect(hm01.find((m) => m.month === '2026-12')).toEqual({ month: '2026-12', issued: 0, redeemed: 300 + 50, expired: 0, returned: 50, vouchersRedeemed: 1 });
    expect(hm02.find((m) => m.month === '2026-12')).toEqual({ month: '2026-12', issued: 0, redeemed: 120 + 50, expired: 0, returned: 50, vouchersRedeemed: 0 });
    const bank = pointsFlows(db);
    expect(bank).toEqual([
      { month: '2026-11', issued: a + b + both, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 },
      { month: '2026-12', issued: 0, redeemed: 300 + 50 + 120, expired: 0, returned: 50, vouchersRedeemed: 1 },
    ]);
    expect(pointsFlows(db, { branch: 'HM09' })).toEqual([]);
  });

  it('leaves out what happened after the day counted (T+1)', () => {
    const hm01November = pointsFlows(db, { branch: 'HM01' })[0]!;
    expect(pointsFlows(db, { branch: 'HM01', through: '2026-12-02' })).toEqual([
      hm01November,
      { month: '2026-12', issued: 0, redeemed: 350, expired: 0, returned: 0, vouchersRedeemed: 0 },
    ]);
    expect(pointsFlows(db, { branch: 'HM01', through: '2026-11-30' })).toEqual([]);
  });

  it('puts a movement in the bank\'s (Beijing\'s) month and day, not UTC\'s', () => {
    // 2026-12-31T17:00Z is 2027-01-01 01:00 in Beijing: January's, and after the day 2026-12-31.
    payMallOrder(db, { idNo: B, points: 10, order: 'M-2', now: new Date('2026-12-31T17:00:00Z'), by: 'mall' });
    const hm02 = pointsFlows(db, { branch: 'HM02' });
    expect(hm02.find((m) => m.month === '2027-01')).toMatchObject({ redeemed: 10 });
    expect(hm02.find((m) => m.month === '2026-12')).toMatchObject({ redeemed: 120 + 50 });
    expect(pointsFlows(db, { branch: 'HM02', through: '2026-12-31' }).map((m) => m.month)).toEqual(['2026-11', '2026-12']);
  });
});
