import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETS } from '../credit/rules';
import { scanBranchLoans, type PublishedLoan } from './branch-scan';

const loan = (account: string, over: Partial<PublishedLoan> = {}): PublishedLoan => ({
  account, name: '王建国', manager: 'M001', product: 'farmer', balanceFen: 5_000_000, overdueFen: 0, overdueSince: null, classification: 'normal',
  warningLevel: 'none', signals: [], maturityDate: '2027-06-30', status: 'active', ...over,
});
const rules = (p: PublishedLoan['product']) => DEFAULT_RULE_SETS[p];

describe('the branch scan of its own loans (offline, on the published states)', () => {
  it('sees a loan cross 90 days overdue as 次级 while head office has not published since', () => {
    // Published on 03-02 with 88 days overdue (first day 2025-12-05); four days later it is 92 days.
    const late = loan('6200000000000001', { overdueSince: '2025-12-05', overdueFen: 230_000, classification: 'special-mention', signals: ['overdue-short'] });
    const s = scanBranchLoans([late], '2026-03-06', rules);
    expect(s.changes).toHaveLength(1);
    expect(s.changes[0]).toMatchObject({ account: '6200000000000001', overdueDays: 92, published: 'special-mention', classification: 'substandard' });
    expect(s.changes[0]!.raised.map((r) => [r.cause, r.from, r.to])).toContainEqual(['downgrade', 'special-mention', 'substandard']);
    // The day before it crossed, nothing to show.
    expect(scanBranchLoans([late], '2026-03-04', rules).changes).toEqual([]);
  });

  it('never raises a new overdue (only a feed can show a missed payment) nor lowers what head office published', () => {
    const current = loan('6200000000000002');
    const flagged = loan('6200000000000003', { classification: 'special-mention', warningLevel: 'high', signals: ['lawsuit'] });
    const s = scanBranchLoans([current, flagged], '2026-03-06', rules);
    expect(s.changes).toEqual([]);
    expect(s.byClass.normal).toEqual({ loans: 1, balanceFen: 5_000_000 });
    expect(s.byClass['special-mention']).toEqual({ loans: 1, balanceFen: 5_000_000 });
  });

  it('counts only live loans, by class and balance', () => {
    const s = scanBranchLoans(
      [loan('1', { balanceFen: 100 }), loan('2', { status: 'closed' }), loan('3', { overdueSince: '2025-01-01', overdueFen: 1, classification: 'loss', balanceFen: 7 })],
      '2026-03-06',
      rules,
    );
    expect(s.loans).toBe(2);
    expect(s.byClass.normal.loans + s.byClass.loss.loans).toBe(2);
    expect(s.byClass.loss.balanceFen).toBe(7);
  });
});
