import { describe, expect, it } from 'vitest';
import {
  accrueRevolving,
  buildSchedule,
  exactLevelPayment,
  RevolvingError,
  type AmortizingMethod,
  type ScheduleRequest,
} from './schedule';
import { rat, roundHalfUp, toNumber } from './rational';

const domainCase = (method: AmortizingMethod): ScheduleRequest => ({
  method,
  principalFen: 10_000_000,
  annualRateBp: 435,
  months: 12,
  startDate: '2025-03-15',
});

describe('等额本息 equal instalments', () => {
  it('matches DOMAIN.md: 100,000 yuan, 4.35%, 12 months → 8,530.99 a month, 2,371.88 interest', () => {
    const s = buildSchedule(domainCase('equal-installment'));
    expect(s.instalments).toHaveLength(12);
    for (const i of s.instalments) expect(i.paymentFen).toBe(853_099);
    expect(s.totals).toEqual({ paymentFen: 10_237_188, principalFen: 10_000_000, interestFen: 237_188 });
    expect(s.instalments[0]!.interestFen).toBe(36_250);
    expect(s.instalments.at(-1)!.remainingFen).toBe(0);
  });

  it('each row is consistent: payment = principal + interest, remaining falls by the principal', () => {
    const s = buildSchedule({ method: 'equal-installment', principalFen: 37_654_321, annualRateBp: 398, months: 36, startDate: '2024-05-31' });
    let remaining = 37_654_321;
    for (const i of s.instalments) {
      expect(i.paymentFen).toBe(i.principalFen + i.interestFen);
      remaining -= i.principalFen;
      expect(i.remainingFen).toBe(remaining);
    }
    expect(remaining).toBe(0);
    const level = Number(roundHalfUp(exactLevelPayment(37_654_321, 398, 36)));
    for (const i of s.instalments.slice(0, -1)) expect(i.paymentFen).toBe(level);
    // The last instalment absorbs the remainder, so it differs from the level payment by a few fen at most.
    expect(Math.abs(s.instalments.at(-1)!.paymentFen - level)).toBeLessThanOrEqual(36);
  });

  it('the exact level payment agrees with the textbook formula', () => {
    const r = 0.0435 / 12;
    const float = (10_000_000 * r * (1 + r) ** 12) / ((1 + r) ** 12 - 1);
    expect(toNumber(exactLevelPayment(10_000_000, 435, 12))).toBeCloseTo(float, 6);
  });
});

describe('等额本金 equal principal', () => {
  it('matches DOMAIN.md: 8,695.83 falling to 8,363.54, 2,356.25 interest', () => {
    const s = buildSchedule(domainCase('equal-principal'));
    expect(s.instalments[0]!.paymentFen).toBe(869_583);
    expect(s.instalments.at(-1)!.paymentFen).toBe(836_354);
    expect(s.totals.interestFen).toBe(235_625);
    expect(s.totals.principalFen).toBe(10_000_000);
    for (let k = 1; k < s.instalments.length; k++) {
      expect(s.instalments[k]!.paymentFen).toBeLessThan(s.instalments[k - 1]!.paymentFen);
    }
  });

  it('spreads the fen of P/n: every principal is within one fen of P/n', () => {
    const s = buildSchedule({ method: 'equal-principal', principalFen: 1_000_003, annualRateBp: 500, months: 7, startDate: '2025-01-01' });
    for (const i of s.instalments) expect(Math.abs(i.principalFen * 7 - 1_000_003)).toBeLessThan(7);
    expect(s.totals.principalFen).toBe(1_000_003);
  });

  it('total interest is the rounded exact total (residues are carried, not lost)', () => {
    const P = 12_345_679;
    const n = 24;
    const s = buildSchedule({ method: 'equal-principal', principalFen: P, annualRateBp: 465, months: n, startDate: '2025-01-10' });
    const balances = s.instalments.map((i) => i.remainingFen + i.principalFen);
    const exact = rat(BigInt(balances.reduce((a, b) => a + b, 0)) * 465n, 120_000n);
    expect(s.totals.interestFen).toBe(Number(roundHalfUp(exact)));
  });
});

describe('按月付息到期还本 interest-only', () => {
  it('charges the same interest each month and the principal at maturity', () => {
    const s = buildSchedule(domainCase('interest-only'));
    for (const i of s.instalments.slice(0, -1)) {
      expect(i).toMatchObject({ principalFen: 0, interestFen: 36_250, remainingFen: 10_000_000 });
    }
    expect(s.instalments.at(-1)).toMatchObject({ principalFen: 10_000_000, interestFen: 36_250, paymentFen: 10_036_250, remainingFen: 0 });
    expect(s.totals.interestFen).toBe(435_000);
  });

  it('carries residues: 1 fen-fraction interest still adds up over the year', () => {
    // 1,000 fen at 6%/yr accrues exactly 5 fen a month; 1,001 fen accrues 5.005 — the year must total round(60.06) = 60.
    const s = buildSchedule({ method: 'interest-only', principalFen: 1_001, annualRateBp: 600, months: 12, startDate: '2025-01-01' });
    expect(s.totals.interestFen).toBe(60);
  });
});

describe('edge cases', () => {
  it('one-month loan: every method is principal + one month of interest', () => {
    for (const method of ['equal-installment', 'equal-principal', 'interest-only'] as const) {
      const s = buildSchedule({ method, principalFen: 1_000_000, annualRateBp: 435, months: 1, startDate: '2025-06-30' });
      expect(s.instalments).toEqual([
        { n: 1, dueDate: '2025-07-30', dayOffset: 30, paymentFen: 1_003_625, principalFen: 1_000_000, interestFen: 3_625, remainingFen: 0 },
      ]);
    }
  });

  it('zero-rate promotional loan: no interest, principal split to the fen', () => {
    const ei = buildSchedule({ method: 'equal-installment', principalFen: 100, annualRateBp: 0, months: 3, startDate: '2025-01-01' });
    expect(ei.instalments.map((i) => i.paymentFen)).toEqual([33, 33, 34]);
    expect(ei.totals.interestFen).toBe(0);
    const ep = buildSchedule({ method: 'equal-principal', principalFen: 100, annualRateBp: 0, months: 3, startDate: '2025-01-01' });
    expect(ep.instalments.map((i) => i.principalFen)).toEqual([33, 34, 33]);
    const io = buildSchedule({ method: 'interest-only', principalFen: 100, annualRateBp: 0, months: 3, startDate: '2025-01-01' });
    expect(io.instalments.map((i) => i.paymentFen)).toEqual([0, 0, 100]);
  });

  it('month-end due dates: Jan 31 → Feb 29 in a leap year, Feb 28 otherwise, and back to the 31st', () => {
    const leap = buildSchedule({ method: 'equal-installment', principalFen: 300_000, annualRateBp: 435, months: 3, startDate: '2024-01-31' });
    expect(leap.instalments.map((i) => [i.dueDate, i.dayOffset])).toEqual([
      ['2024-02-29', 29],
      ['2024-03-31', 60],
      ['2024-04-30', 90],
    ]);
    const plain = buildSchedule({ method: 'equal-installment', principalFen: 300_000, annualRateBp: 435, months: 2, startDate: '2023-01-31' });
    expect(plain.instalments.map((i) => [i.dueDate, i.dayOffset])).toEqual([
      ['2023-02-28', 28],
      ['2023-03-31', 59],
    ]);
  });

  it('rejects nonsense input', () => {
    expect(() => buildSchedule({ ...domainCase('equal-installment'), months: 0 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...domainCase('equal-installment'), principalFen: 1.5 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...domainCase('equal-installment'), annualRateBp: -1 })).toThrow(RangeError);
    expect(() => buildSchedule({ ...domainCase('equal-installment'), startDate: '2025-02-30' })).toThrow(RangeError);
  });

  it('long loans stay exact (360 months)', () => {
    const s = buildSchedule({ method: 'equal-installment', principalFen: 100_000_000, annualRateBp: 350, months: 360, startDate: '2025-05-20' });
    expect(s.totals.principalFen).toBe(100_000_000);
    expect(s.instalments.at(-1)!.remainingFen).toBe(0);
    expect(s.instalments.at(-1)!.dueDate).toBe('2055-05-20');
  });
});

describe('随借随还 revolving', () => {
  const base = { annualRateBp: 435, limitFen: 20_000_000, settlementDay: 21 } as const;

  it('charges the draw day but not the repayment day, actual/360, across a leap February', () => {
    const r = accrueRevolving({
      ...base,
      dayCount: 'act/360',
      until: '2024-03-10',
      events: [
        { date: '2024-02-01', kind: 'draw', amountFen: 10_000_000 },
        { date: '2024-03-01', kind: 'repay', amountFen: 10_000_000 },
      ],
    });
    expect(r.segments).toEqual([
      { from: '2024-02-01', to: '2024-02-21', days: 20, balanceFen: 10_000_000 },
      { from: '2024-02-21', to: '2024-03-01', days: 9, balanceFen: 10_000_000 },
    ]);
    // 29 days × 10,000,000 × 4.35% / 360 = 35,041.67 → 35,042; first period 24,166.67 → 24,167
    expect(r.periods).toEqual([
      { from: '2024-02-01', to: '2024-02-21', interestFen: 24_167 },
      { from: '2024-02-21', to: '2024-03-10', interestFen: 10_875 },
    ]);
    expect(r.totalInterestFen).toBe(35_042);
    expect(r.closingBalanceFen).toBe(0);
  });

  it('the same loan in a non-leap year has one day fewer', () => {
    const r = accrueRevolving({
      ...base,
      dayCount: 'act/360',
      until: '2023-03-10',
      events: [
        { date: '2023-02-01', kind: 'draw', amountFen: 10_000_000 },
        { date: '2023-03-01', kind: 'repay', amountFen: 10_000_000 },
      ],
    });
    expect(r.segments.reduce((s, g) => s + g.days, 0)).toBe(28);
    expect(r.totalInterestFen).toBe(33_833); // 28 × 10,000,000 × 435 / 3,600,000 = 33,833.33
  });

  it('actual/365 in a leap year charges 366/365 of the annual rate', () => {
    const run = (from: string, until: string) =>
      accrueRevolving({ ...base, annualRateBp: 1_000, dayCount: 'act/365', until, events: [{ date: from, kind: 'draw', amountFen: 3_650_000 }] });
    expect(run('2024-01-01', '2025-01-01').totalInterestFen).toBe(366_000);
    expect(run('2023-01-01', '2024-01-01').totalInterestFen).toBe(365_000);
  });

  it('partial repayments lower the daily balance', () => {
    const r = accrueRevolving({
      ...base,
      dayCount: 'act/360',
      settlementDay: 31,
      until: '2025-01-31',
      events: [
        { date: '2025-01-01', kind: 'draw', amountFen: 3_600_000 },
        { date: '2025-01-11', kind: 'repay', amountFen: 1_800_000 },
        { date: '2025-01-21', kind: 'draw', amountFen: 1_800_000 },
      ],
    });
    expect(r.segments.map((s) => [s.days, s.balanceFen])).toEqual([
      [10, 3_600_000],
      [10, 1_800_000],
      [10, 3_600_000],
    ]);
    // 3,600,000 × 435 / 3,600,000 = 435 fen a day at full balance: 10×435 + 10×217.5 + 10×435
    expect(r.totalInterestFen).toBe(10_875);
  });

  it('zero rate accrues nothing; over-limit draws and over-repayments are refused', () => {
    expect(
      accrueRevolving({ ...base, annualRateBp: 0, dayCount: 'act/360', until: '2025-03-01', events: [{ date: '2025-01-01', kind: 'draw', amountFen: 5 }] })
        .totalInterestFen,
    ).toBe(0);
    expect(() =>
      accrueRevolving({ ...base, dayCount: 'act/360', until: '2025-03-01', events: [{ date: '2025-01-01', kind: 'draw', amountFen: 20_000_001 }] }),
    ).toThrow(RevolvingError);
    expect(() =>
      accrueRevolving({
        ...base,
        dayCount: 'act/360',
        until: '2025-03-01',
        events: [
          { date: '2025-01-01', kind: 'draw', amountFen: 100 },
          { date: '2025-01-02', kind: 'repay', amountFen: 101 },
        ],
      }),
    ).toThrow(/over-repay/);
  });
});
