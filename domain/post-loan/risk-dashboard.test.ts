import { describe, expect, it } from 'vitest';
import { ratioBp, riskDashboard, type DashboardEvent, type DashboardLoan } from './risk-dashboard';

const loan = (over: Partial<DashboardLoan>): DashboardLoan => ({
  status: 'active', balanceFen: 0, overdueFen: 0, overdueSince: null, classification: 'normal', history: [], ...over,
});
const event = (raisedOn: string, deadline: string, queue: 'branch' | 'risk' = 'branch', status: 'open' | 'closed' = 'open'): DashboardEvent => ({ raisedOn, deadline, queue, status });

describe('ratioBp', () => {
  it('rounds half up, exactly, beyond 2^53 once multiplied', () => {
    expect(ratioBp(1, 3)).toBe(3333); // 3333.33…
    expect(ratioBp(2, 3)).toBe(6667); // 6666.67
    expect(ratioBp(1, 20_000)).toBe(1); // 0.5 bp → 1
    expect(ratioBp(1, 20_001)).toBe(0);
    expect(ratioBp(0, 0)).toBe(0);
    // 1,234,567,890,123 / 9,876,543,210,987 = 0.12499999… → 1250 bp; × 10,000 is far past 2^53.
    expect(ratioBp(1_234_567_890_123, 9_876_543_210_987)).toBe(1250);
    expect(ratioBp(4_503_599_627_370_497, 9_007_199_254_740_992)).toBe(5000);
  });
});

describe('riskDashboard', () => {
  // Three loans, hand-checked: balances 600,000 / 300,000 / 100,000 fen today (total 1,000,000).
  const loans: DashboardLoan[] = [
    loan({ balanceFen: 600_000, history: [{ m: '2026-01', c: 'normal', b: 700_000 }, { m: '2026-02', c: 'normal', b: 650_000 }] }),
    loan({
      balanceFen: 300_000, overdueFen: 12_345, overdueSince: '2026-01-20', classification: 'substandard',
      history: [{ m: '2026-01', c: 'normal', b: 300_000 }, { m: '2026-02', c: 'special-mention', b: 300_000 }],
    }),
    loan({ balanceFen: 100_000, overdueFen: 5_000, overdueSince: '2026-03-01', classification: 'special-mention', history: [{ m: '2026-02', c: 'normal', b: 100_000 }] }),
    // Settled in February: in January's and February's figures, not today's.
    loan({ status: 'closed', balanceFen: 0, history: [{ m: '2026-01', c: 'doubtful', b: 50_000 }, { m: '2026-02', c: 'loss', b: 40_000 }] }),
  ];
  const d = riskDashboard(loans, [], '2026-03-15');

  it('overdue rate = balance of loans with any overdue / balance (400,000 / 1,000,000 = 4,000 bp)', () => {
    expect(d.loans).toBe(3);
    expect(d.balanceFen).toBe(1_000_000);
    expect(d.overdueLoans).toBe(2);
    expect(d.overdueBalanceFen).toBe(400_000);
    expect(d.arrearsFen).toBe(17_345);
    expect(d.overdueBp).toBe(4000);
  });

  it('NPL ratio = 次级+可疑+损失 over balance, month by month', () => {
    expect(d.nplFen).toBe(300_000);
    expect(d.nplBp).toBe(3000);
    expect(d.months.map((m) => [m.month, m.loans, m.balanceFen, m.nplFen, m.nplBp])).toEqual([
      ['2026-01', 3, 1_050_000, 50_000, 476], // 50,000 / 1,050,000 = 476.19 bp
      ['2026-02', 4, 1_090_000, 40_000, 367], // 40,000 / 1,090,000 = 366.97 bp
      ['2026-03', 3, 1_000_000, 300_000, 3000],
    ]);
    expect(d.months[2]!.byClass['special-mention']).toEqual({ loans: 1, balanceFen: 100_000 });
  });

  it('migration matrix: loans present in both months, from class → to class', () => {
    const [janFeb, febMar] = d.migrations;
    expect(janFeb!.from).toBe('2026-01');
    expect(janFeb!.cells.normal.normal.loans).toBe(1);
    expect(janFeb!.cells.normal['special-mention']).toEqual({ loans: 1, balanceFen: 300_000 });
    expect(janFeb!.cells.doubtful.loss.loans).toBe(1);
    expect([janFeb!.downgraded, janFeb!.upgraded]).toEqual([2, 0]);
    expect(febMar!.to).toBe('2026-03');
    expect(febMar!.cells['special-mention'].substandard).toEqual({ loans: 1, balanceFen: 300_000 });
    expect(febMar!.cells.normal['special-mention'].loans).toBe(1);
    expect(febMar!.cells.normal.normal.loans).toBe(1);
    // The loan settled in February has no March: it leaves the matrix.
    const total = Object.values(febMar!.cells).flatMap((row) => Object.values(row)).reduce((s, c) => s + c.loans, 0);
    expect(total).toBe(3);
    expect([febMar!.downgraded, febMar!.upgraded]).toEqual([2, 0]);
  });

  it('open events by age since raised (7/8, 30/31, 90/91 days) and past their deadline', () => {
    const today = '2026-06-30';
    const e = riskDashboard([], [
      event('2026-06-23', '2026-06-30'), // 7 days, due today: not past
      event('2026-06-22', '2026-06-29', 'risk'), // 8 days, past
      event('2026-05-31', '2026-07-10'), // 30
      event('2026-05-30', '2026-07-10', 'risk'), // 31
      event('2026-04-01', '2026-07-10'), // 90
      event('2026-03-31', '2026-04-10', 'risk'), // 91, past
      event('2026-01-01', '2026-01-10', 'branch', 'closed'),
    ], today).events;
    expect(e.open).toBe(6);
    expect(e.pastDeadline).toBe(2);
    expect(e.byAge).toEqual([
      { bucket: '0-7', branch: 1, risk: 0, pastDeadline: 0 },
      { bucket: '8-30', branch: 1, risk: 1, pastDeadline: 1 },
      { bucket: '31-60', branch: 0, risk: 1, pastDeadline: 0 },
      { bucket: '61-90', branch: 1, risk: 0, pastDeadline: 0 },
      { bucket: '90+', branch: 0, risk: 1, pastDeadline: 1 },
    ]);
  });

  it('no loans: zero ratios, one month', () => {
    const empty = riskDashboard([], [], '2026-03-15');
    expect([empty.overdueBp, empty.nplBp, empty.months.length, empty.migrations.length]).toEqual([0, 0, 1, 0]);
  });
});
