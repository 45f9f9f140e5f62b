import { describe, expect, it } from 'vitest';
import { creditVillageStatus } from './credit-village';

const base = { households: 100, creditHouseholds: 70, borrowers: 20, defaultingBorrowers: 3, balanceFen: 10_000_000, nplBalanceFen: 499_000 };
const ok = (c: typeof base) => creditVillageStatus(c).checks.map((x) => x.ok);

describe('信用村 criteria', () => {
  it('names a village that meets all three at the thresholds', () => {
    const s = creditVillageStatus(base);
    expect(s.met).toBe(true);
    expect(s.checks.map((c) => c.valueBp)).toEqual([7_000, 8_500, 499]);
    expect(s.checks[0]!.textZh).toBe('授信户占比 70.00%（70/100户），标准不低于70.00%');
  });

  it('flags each criterion just below its threshold (shares rounded against the village)', () => {
    expect(ok({ ...base, households: 10_001, creditHouseholds: 7_000 })).toEqual([false, true, true]); // 69.99%
    expect(ok({ ...base, defaultingBorrowers: 4 })).toEqual([true, false, true]);
    expect(ok({ ...base, nplBalanceFen: 499_001 })).toEqual([true, true, false]); // 4.99001% rounds up to 5.00%, not below 5%
    expect(creditVillageStatus({ ...base, nplBalanceFen: 500_000 }).met).toBe(false);
  });

  it('a village with no borrowers yet holds the borrower criteria; one with no households is not named', () => {
    const s = creditVillageStatus({ households: 3, creditHouseholds: 3, borrowers: 0, defaultingBorrowers: 0, balanceFen: 0, nplBalanceFen: 0 });
    expect(s.met).toBe(true);
    expect(s.checks[1]!.textZh).toContain('尚无借款户');
    expect(creditVillageStatus({ households: 0, creditHouseholds: 0, borrowers: 0, defaultingBorrowers: 0, balanceFen: 0, nplBalanceFen: 0 }).met).toBe(false);
  });
});
