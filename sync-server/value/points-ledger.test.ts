import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { addDays } from '../../domain/credit/dates';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { DEFAULT_VALUE_RULES as RULES } from '../../domain/value/value-rules';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { customerValueOf } from './customer-value';
import {
  accrueMonth, expirePoints, expireVouchers, issueVoucher, payMallOrder, pointsOf, redeemVoucher, reverseTxn, statementOf, trialBalance, ValueRefusal,
} from './points-ledger';

const rng = mulberry32(17);
const RICH = residentIdFor(rng, 1);
const SMALL = residentIdFor(rng, 2);
const OTHER = residentIdFor(rng, 3);
const at = (iso: string) => new Date(iso);
const by = 'hq-value';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'points-'));
  db = openLedger(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One deposits file a day through the feed import, as core banking sends them. */
function importDeposits(from: string, days: number, balances: (date: string) => [account: string, idNo: string, kind: 'demand' | 'time', yuan: number][]) {
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    // Core banking's files differ every day (the ledger refuses a file seen before): a small account of someone else changes daily.
    const lines = [...balances(date), [`69${date.replaceAll('-', '')}00001`, OTHER, 'demand', 0.01] as const].map(([a, id, kind, yuan]) => `${a},${id},HM01,${kind},${yuan.toFixed(2)}`);
    importFeed(db, { kind: 'deposits', date, bytes: new TextEncoder().encode([headerLine('deposits'), ...lines].join('\n') + '\n'), now: () => at(`${date}T20:00:00Z`) });
  }
}

const novemberFeeds = () =>
  importDeposits('2026-11-01', 30, () => [
    ['600000000000001', RICH, 'demand', 300_000], // 30万 demand → gold tier (×1.2): 30万/100 × 1.2 = 3,600 points
    ['600000000000002', RICH, 'time', 100_000],
    ['600000000000003', SMALL, 'demand', 1_234.56], // 12 points (standard ×1)
  ]);

const refused = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValueRefusal) return e.messageZh;
    throw e;
  }
  throw new Error('not refused');
};

const everything = () => ['points_txn', 'points_entry', 'points_balance', 'voucher'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());

describe('points ledger', () => {
  it('accrues a month from the average daily demand balance at the tier rate, once, balanced', () => {
    novemberFeeds();
    const r = accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-01T02:00:00Z'), by });
    expect(r).toMatchObject({ customers: 2, points: 3_600 + 12, rulesVersion: 1 });
    expect(pointsOf(db, RICH)).toBe(3_600);
    expect(pointsOf(db, SMALL)).toBe(12);
    expect(trialBalance(db)).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 3_612 });
    const before = everything();
    expect(refused(() => accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-02T02:00:00Z'), by }))).toMatch(/已于 2026-12-01 计提，不能重复计提/);
    expect(everything()).toEqual(before);
  });

  it('refuses a month that has not ended or whose daily files are incomplete', () => {
    importDeposits('2026-11-01', 29, () => [['600000000000001', RICH, 'demand', 1000]]);
    expect(refused(() => accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-11-30T02:00:00Z'), by }))).toMatch(/尚未结束/);
    expect(refused(() => accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-05T02:00:00Z'), by }))).toMatch(/缺 1 天（2026-11-30）/);
    expect(refused(() => accrueMonth(db, { month: '2026-13', rules: RULES, now: at('2026-12-05T02:00:00Z'), by }))).toMatch(/月份应为/);
    expect(trialBalance(db).txns).toBe(0);
  });

  it('a partner shop redeems a voucher once; replay, wrong shop and bad amounts are refused with nothing written', () => {
    novemberFeeds();
    accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-01T02:00:00Z'), by });
    const v = issueVoucher(db, { idNo: RICH, points: 1_000, partner: 'P0001', branch: 'HM01', rules: RULES, now: at('2026-12-02T03:00:00Z'), by: 'mall' });
    expect(v.remaining).toBe(2_600);
    expect(v.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const before = everything();
    expect(refused(() => redeemVoucher(db, { code: v.code, partner: 'P0002', now: at('2026-12-03T03:00:00Z'), by: 'P0002' }))).toMatch(/不是本商户/);
    expect(everything()).toEqual(before);

    expect(redeemVoucher(db, { code: v.code.toLowerCase(), partner: 'P0001', now: at('2026-12-03T03:00:00Z'), by: 'P0001' })).toEqual({ code: v.code, points: 1_000 });
    const afterOnce = everything();
    expect(refused(() => redeemVoucher(db, { code: v.code, partner: 'P0001', now: at('2026-12-03T04:00:00Z'), by: 'P0001' }))).toMatch(/已于 2026-12-03 11:00 核销，不能重复核销/);
    expect(refused(() => redeemVoucher(db, { code: 'AAAA-BBBB-CCCC', partner: 'P0001', now: at('2026-12-03T04:00:00Z'), by: 'P0001' }))).toMatch(/不存在/);
    for (const points of [-5, 2.5, 0, '10']) {
      expect(refused(() => issueVoucher(db, { idNo: RICH, points, partner: 'P0001', branch: 'HM01', rules: RULES, now: at('2026-12-03T05:00:00Z'), by: 'mall' }))).toMatch(/兑换积分不正确/);
    }
    expect(refused(() => issueVoucher(db, { idNo: SMALL, points: 13, partner: 'P0001', branch: 'HM01', rules: RULES, now: at('2026-12-03T05:00:00Z'), by: 'mall' }))).toMatch(/积分不足：可用 12 分/);
    expect(refused(() => payMallOrder(db, { idNo: SMALL, points: 0.5, order: 'M1', now: at('2026-12-03T05:00:00Z'), by: 'mall' }))).toMatch(/不能有小数/);
    expect(everything()).toEqual(afterOnce);

    const tb = trialBalance(db);
    expect(tb).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 2_612 });
    expect(db.prepare(`SELECT balance FROM points_balance WHERE account = 'payable:partner:P0001'`).get()).toEqual({ balance: -1_000 });
  });

  it('keeps a statement with running balance; expired vouchers come back, old points expire first-in first-out, reversals mirror', () => {
    novemberFeeds();
    accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-01T02:00:00Z'), by });
    const v = issueVoucher(db, { idNo: RICH, points: 600, partner: 'P0001', branch: 'HM01', rules: RULES, now: at('2026-12-02T03:00:00Z'), by: 'mall' });
    payMallOrder(db, { idNo: RICH, points: 1_000, order: 'MALL-1', now: at('2026-12-02T04:00:00Z'), by: 'mall' });
    expect(refused(() => payMallOrder(db, { idNo: RICH, points: 1, order: 'MALL-1', now: at('2026-12-02T05:00:00Z'), by: 'mall' }))).toMatch(/已记账，不能重复记账/);

    expect(expireVouchers(db, { date: addDays(v.expiresOn, 1), now: at('2027-03-05T00:00:00Z'), by })).toEqual({ vouchers: 1, points: 600 });
    expect(pointsOf(db, RICH)).toBe(2_600);
    expect(refused(() => redeemVoucher(db, { code: v.code, partner: 'P0001', now: at('2027-03-06T03:00:00Z'), by: 'P0001' }))).toMatch(/已过期/);

    // 24 months after November 2026, what is left of November's points expires (1,000 went to the mall first).
    expect(expirePoints(db, { month: '2028-11', rules: RULES, now: at('2028-12-01T00:00:00Z'), by })).toEqual({ customers: 2, points: 2_600 + 12 });
    expect(pointsOf(db, RICH)).toBe(0);
    expect(statementOf(db, RICH).map((l) => [l.kind, l.points, l.balance])).toEqual([
      ['accrual', 3_600, 3_600],
      ['voucher', -600, 3_000],
      ['mall', -1_000, 2_000],
      ['reversal', 600, 2_600],
      ['expiry', -2_600, 0],
    ]);
    expect(trialBalance(db)).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 0 });
  });

  it('reverses an accrual with mirror entries unless its points were spent; entries cannot be changed in place', () => {
    novemberFeeds();
    accrueMonth(db, { month: '2026-11', rules: RULES, now: at('2026-12-01T02:00:00Z'), by });
    payMallOrder(db, { idNo: SMALL, points: 5, order: 'M-2', now: at('2026-12-02T04:00:00Z'), by: 'mall' });
    expect(refused(() => reverseTxn(db, { ref: 'accrual:2026-11', reason: '存款文件更正', now: at('2026-12-03T00:00:00Z'), by }))).toMatch(/已部分使用/);
    reverseTxn(db, { ref: 'mall:M-2', reason: '订单取消', now: at('2026-12-03T00:00:00Z'), by });
    reverseTxn(db, { ref: 'accrual:2026-11', reason: '存款文件更正', now: at('2026-12-03T00:00:00Z'), by });
    expect(trialBalance(db)).toMatchObject({ unbalanced: [], balanceMismatches: [], customerPoints: 0 });
    expect(() => db.prepare('UPDATE points_entry SET amount = amount * 2').run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM points_txn').run()).toThrow(/never deleted/);
  });

  it('a larger deposit moves the customer to a higher tier over the rule window', () => {
    importDeposits('2026-11-01', 10, () => [['600000000000003', SMALL, 'demand', 10_000]]);
    expect(customerValueOf(db, SMALL, '2026-11-10', RULES)).toMatchObject({ tier: 'standard', averageFen: 1_000_000, rights: [] });
    importDeposits('2026-11-11', 1, () => [['600000000000003', SMALL, 'demand', 3_000_000]]);
    expect(customerValueOf(db, SMALL, '2026-11-11', RULES)).toMatchObject({ tier: 'gold', tierName: '金卡客户', averageFen: 28_181_818 });
    expect(customerValueOf(db, SMALL, '2026-11-11', RULES)!.rights).toContain('vip-queue');
    expect(customerValueOf(db, RICH, '2026-11-11', RULES)).toBeNull();
  });
});
