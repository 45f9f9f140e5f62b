import { describe, expect, it } from 'vitest';
import { centreFilterSchema, centreRows, filterCentre, type CentreEvent, type CentreLoan } from './risk-centre';

const TODAY = '2026-06-30';
const ev = (branch: string, account: string, over: Partial<CentreEvent> = {}): CentreEvent => ({
  _id: `risk-event:${branch}:${account}:2026-06-20:overdue`, branch, account, name: `客户${account.slice(-2)}`, manager: 'M001', cause: 'overdue',
  message: '贷款逾期', raisedOn: '2026-06-20', queue: 'branch', deadline: '2026-06-27', status: 'open', ...over,
});
const loan = (account: string, overdueSince: string | null, balanceFen: number, classification: CentreLoan['classification']): CentreLoan => ({ account, overdueSince, balanceFen, classification });

const rows = centreRows(
  [
    ev('HM01', '6200000000000001'),
    ev('HM01', '6200000000000002', { manager: 'M002', deadline: '2026-07-03', raisedOn: '2026-06-01' }),
    ev('HM02', '6200000000000003', { queue: 'risk', cause: 'downgrade', deadline: '2026-07-10' }),
    ev('HM02', '6200000000000004', { status: 'closed' }),
  ],
  [
    loan('6200000000000001', '2026-06-20', 500_000, 'special-mention'), // 11 days overdue on the 30th (first day counts)
    loan('6200000000000002', '2026-03-01', 900_000, 'substandard'), // 122 days
    loan('6200000000000003', null, 100_000, 'normal'),
  ],
  TODAY,
);
const f = (q: Record<string, string>) => centreFilterSchema.parse(q);
const ids = (r: { account: string }[]) => r.map((x) => x.account.slice(-1));

describe('risk department centre', () => {
  it('joins each event to its loan: overdue days today, stage, class, age, past deadline', () => {
    const r1 = rows.find((r) => r.account === '6200000000000001')!;
    expect([r1.overdueDays, r1.stage, r1.classification, r1.age, r1.pastDeadline]).toEqual([11, 'early', 'special-mention', 10, true]);
    const r2 = rows.find((r) => r.account === '6200000000000002')!;
    expect([r2.overdueDays, r2.stage, r2.age, r2.pastDeadline]).toEqual([122, 'late', 29, false]);
    expect(rows.find((r) => r.account === '6200000000000004')!.classification).toBeNull();
  });

  it('filters by branch, class, stage, handler, age and overdue ranges, open by default', () => {
    expect(ids(filterCentre(rows, f({})))).toEqual(['1', '2', '3']);
    expect(ids(filterCentre(rows, f({ status: 'all' })))).toEqual(['1', '4', '2', '3']);
    expect(ids(filterCentre(rows, f({ branch: 'hm01' })))).toEqual(['1', '2']);
    expect(ids(filterCentre(rows, f({ classification: 'substandard' })))).toEqual(['2']);
    expect(ids(filterCentre(rows, f({ stage: 'late' })))).toEqual(['2']);
    expect(ids(filterCentre(rows, f({ handler: 'm002' })))).toEqual(['2']);
    expect(ids(filterCentre(rows, f({ minAge: '11' })))).toEqual(['2']);
    expect(ids(filterCentre(rows, f({ minOverdue: '11', maxOverdue: '90' })))).toEqual(['1']);
    expect(ids(filterCentre(rows, f({ queue: 'risk', cause: 'downgrade' })))).toEqual(['3']);
    expect(ids(filterCentre(rows, f({ pastDeadline: 'on' })))).toEqual(['1']);
  });

  it('sorts by deadline, age, overdue days or balance', () => {
    expect(ids(filterCentre(rows, f({ sort: 'overdue' })))).toEqual(['2', '1', '3']);
    expect(ids(filterCentre(rows, f({ sort: 'balance' })))).toEqual(['2', '1', '3']);
    expect(ids(filterCentre(rows, f({ sort: 'age' })))).toEqual(['2', '1', '3']);
  });

  it('refuses a filter that is not one: a negative or non-numeric range, an unknown class', () => {
    expect(centreFilterSchema.safeParse({ minAge: '-1' }).success).toBe(false);
    expect(centreFilterSchema.safeParse({ maxOverdue: 'abc' }).success).toBe(false);
    expect(centreFilterSchema.safeParse({ classification: 'bad' }).success).toBe(false);
  });
});
