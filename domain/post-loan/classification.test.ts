import { describe, expect, it } from 'vitest';
import { classificationFloor, effectiveClassification } from '../credit/rules';

// DOMAIN.md: 2023 five-category rules — 关注 once overdue, 次级 > 90 days, 可疑 > 270, 损失 > 360.
describe('five-category floors at their boundaries', () => {
  it.each([
    [0, 'normal'],
    [1, 'special-mention'],
    [90, 'special-mention'],
    [91, 'substandard'],
    [270, 'substandard'],
    [271, 'doubtful'],
    [360, 'doubtful'],
    [361, 'loss'],
  ] as const)('%i days overdue → %s', (days, cls) => {
    expect(classificationFloor(days)).toBe(cls);
  });
  it('the floor only worsens what was reported, never improves it', () => {
    const loan = { loanId: 'l', asOf: '2026-03-01', balanceFen: 1, overdueDays: 10, overdueFen: 1, maturityDate: '2027-01-01' };
    expect(effectiveClassification({ ...loan, classification: 'normal' } as never)).toBe('special-mention');
    expect(effectiveClassification({ ...loan, classification: 'doubtful' } as never)).toBe('doubtful');
  });
});
