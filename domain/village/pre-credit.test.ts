import { describe, expect, it } from 'vitest';
import { ageOn, preCredit } from './pre-credit';

const adults = [{ birthDate: '1975-06-01', relation: 'head' }, { birthDate: '1977-03-01', relation: 'spouse' }];

describe('pre-credit limit model (预授信)', () => {
  it('ages in whole years on the day', () => {
    expect(ageOn('1966-03-02', '2026-03-01')).toBe(59);
    expect(ageOn('1966-03-02', '2026-03-02')).toBe(60);
  });

  it('prices a household from the list alone by its labourers, naming what is not filled yet', () => {
    const p = preCredit({ members: [...adults, { birthDate: '2012-01-01', relation: 'child' }] }, '2026-03-02');
    expect(p.limitFen).toBe(6_000_000);
    expect(p.reasons.map((r) => r.textZh)).toEqual(['劳动力2人 × 3万元', '尚未填写：耕地面积、家庭年收入、负债情况（未计入额度）']);
    expect(p.missing).toEqual(['耕地面积', '家庭年收入', '负债情况']);
  });

  it('adds land, livestock, machinery and income, subtracts debts, rounds down to a thousand yuan', () => {
    const p = preCredit(
      { members: adults, landTenthMu: 125, livestock: { cattle: 2, pigs: 10 }, machineryValueFen: 5_000_000, annualIncomeFen: 8_000_000, debtsFen: 1_234_500 },
      '2026-03-02',
    );
    // 60,000 + 12,500 + 12,000 + 8,000 + 15,000 + 40,000 − 12,345 = 135,155 → 135,000
    expect(p.limitFen).toBe(13_500_000);
    expect(p.missing).toEqual([]);
    expect(p.reasons.map((r) => [r.code, r.amountFen])).toEqual([
      ['labour', 6_000_000], ['land', 1_250_000], ['livestock', 1_200_000], ['livestock', 800_000], ['machinery', 1_500_000], ['income', 4_000_000], ['debts', -1_234_500],
    ]);
  });

  it('caps seniors and the product limit, and grants nothing without a labourer', () => {
    const senior = preCredit({ members: [{ birthDate: '1955-01-01', relation: 'head' }, { birthDate: '1985-01-01', relation: 'child' }], annualIncomeFen: 20_000_000, landTenthMu: 0, debtsFen: 0 }, '2026-03-02');
    expect(senior.limitFen).toBe(5_000_000);
    expect(senior.reasons.at(-1)!.textZh).toBe('户主年满65岁，额度以5万元为限');
    const rich = preCredit({ members: adults, annualIncomeFen: 100_000_000, landTenthMu: 0, debtsFen: 0 }, '2026-03-02');
    expect(rich.limitFen).toBe(30_000_000);
    const none = preCredit({ members: [{ birthDate: '1950-01-01', relation: 'head' }] }, '2026-03-02');
    expect(none).toMatchObject({ limitFen: 0, reasons: [{ code: 'no-labour' }] });
  });
});
