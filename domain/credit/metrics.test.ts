import { describe, expect, it } from 'vitest';
import { countCredit, creditDashboard, formatLargeAmount, formatRatio, formatWan, formatYi, type ApplicationRecord, type HouseholdCreditRecord } from './metrics';

const YUAN = 100;

describe('the published figures (DOMAIN.md)', () => {
  const d = creditDashboard({
    applications: 5_786,
    passedToManual: 4_785,
    rejected: 1_001,
    grantedHouseholds: 3_114,
    grantedAmountFen: 374_000_000 * YUAN,
    signedHouseholds: 3_001,
    signedAmountFen: 359_000_000 * YUAN,
    drawnHouseholds: 1_046,
    drawnAmountFen: 75_406_700 * YUAN,
    processingMsTotal: 0,
    processedCount: 0,
  });

  it('prints exactly 34.86%, 21.00%, 11.96万 and 17.3%', () => {
    expect(d.householdUsageRate.text).toBe('34.86%');
    expect(d.amountUsageRate.text).toBe('21.00%');
    expect(d.averageSignedLimit.text).toBe('11.96万');
    expect(d.rejectionRate.text).toBe('17.3%');
  });

  it('keeps the exact fractions behind the text', () => {
    expect([d.householdUsageRate.num, d.householdUsageRate.den]).toEqual([1_046, 3_001]);
    expect(d.grantedAmount.text).toBe('3.74亿');
    expect(d.signedAmount.text).toBe('3.59亿');
    expect(d.drawnAmount.text).toBe('7,540.67万');
    expect(d.applications.text).toBe('5,786笔');
    expect(d.averageProcessingTime.text).toBe('—');
  });
});

describe('formatting rounds half-up in integers', () => {
  it('rounds the half up and never shows float noise', () => {
    expect(formatRatio(1, 8, 2)).toBe('12.50%');
    expect(formatRatio(1, 800, 2)).toBe('0.13%'); // 0.125 → 0.13
    expect(formatRatio(1, 3, 2)).toBe('33.33%');
    expect(formatRatio(2, 3, 2)).toBe('66.67%');
    expect(formatRatio(5, 0, 2)).toBe('—');
    expect(formatWan(5_000)).toBe('0.01万'); // 0.005万 → 0.01
    expect(formatWan(4_999)).toBe('0.00万');
    expect(formatYi(123_456_789_012_345)).toBe('12,345.68亿');
  });
});

describe('countCredit', () => {
  it('counts each household once per stage, summing its loans', () => {
    const apps: ApplicationRecord[] = [
      { outcome: 'approve', openedAt: '2025-06-01T01:00:00Z', decidedAt: '2025-06-01T01:12:00Z' },
      { outcome: 'refer', openedAt: '2025-06-01T02:00:00Z', decidedAt: '2025-06-01T02:18:00Z' },
      { outcome: 'reject', openedAt: '2025-06-01T03:00:00Z', decidedAt: '2025-06-01T03:01:00Z' },
      { outcome: 'pending', openedAt: '2025-06-01T04:00:00Z' },
    ];
    const hh: HouseholdCreditRecord[] = [
      { householdId: 'h1', grantedFen: 100_000, signedFen: 100_000, drawnFen: 30_000 },
      { householdId: 'h1', grantedFen: 50_000, signedFen: 0, drawnFen: 0 },
      { householdId: 'h2', grantedFen: 200_000, signedFen: 200_000, drawnFen: 0 },
      { householdId: 'h3', grantedFen: 80_000, signedFen: 0, drawnFen: 0 },
    ];
    const c = countCredit(apps, hh);
    expect(c).toMatchObject({
      applications: 4,
      passedToManual: 2,
      rejected: 1,
      grantedHouseholds: 3,
      grantedAmountFen: 430_000,
      signedHouseholds: 2,
      signedAmountFen: 300_000,
      drawnHouseholds: 1,
      drawnAmountFen: 30_000,
      processedCount: 3,
    });
    const d = creditDashboard(c);
    expect(d.householdUsageRate.text).toBe('50.00%');
    expect(d.amountUsageRate.text).toBe('10.00%');
    expect(d.averageProcessingTime.text).toBe('10.3分钟'); // (12 + 18 + 1) / 3
    expect(d.rejectionRate.text).toBe('25.0%');
  });

  it('shows amounts under one 亿 in 万, so a small branch reads 93.00万 and not 0.01亿', () => {
    expect(formatLargeAmount(93_000_000)).toBe('93.00万');
    expect(formatLargeAmount(37_400_000_000)).toBe('3.74亿');
    expect(formatLargeAmount(10_000_000_000)).toBe('1.00亿');
  });
});
