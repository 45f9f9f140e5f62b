import { describe, expect, it } from 'vitest';
import { residentIdCheckChar, validateResidentId } from './resident-id';

const today = new Date('2026-11-30T00:00:00Z');

describe('validateResidentId', () => {
  it('accepts the GB 11643 example and reads birth date, sex and region', () => {
    const r = validateResidentId('11010519491231002X', today);
    expect(r).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female', regionCode: '110105' });
    if (r.ok) expect(r.region).toEqual(['北京市', '市辖区', '朝阳区']);
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(validateResidentId(' 11010519491231002x ', today).ok).toBe(true);
  });

  it('accepts full-width digits and spaces pasted from a form or an IME', () => {
    expect(validateResidentId('１１０１０５ １９４９１２３１ ００２Ｘ', today)).toMatchObject({ ok: true, id: '11010519491231002X' });
    expect(validateResidentId('110105\u300019491231002x', today).ok).toBe(true);
  });

  it('says a birth date after today is in the future, not merely invalid', () => {
    expect(validateResidentId('110105209912310021', today)).toMatchObject({ ok: false, rule: 'birthDate', futureBirthDate: '2099-12-31' });
    expect(validateResidentId('110105194902300027', today)).not.toHaveProperty('futureBirthDate');
  });

  it('names the check-digit rule and the expected character', () => {
    expect(validateResidentId('110105194912310021', today)).toEqual({ ok: false, rule: 'checkDigit', expected: 'X' });
  });

  it.each([
    ['', 'required'],
    ['1101051949123100', 'length'],
    ['11010519491231002Y', 'charset'],
    ['99010519491231002X', 'region'],
    ['110105194902300027', 'birthDate'],
    ['110105209912310021', 'birthDate'],
  ])('%s fails rule %s', (id, rule) => {
    const r = validateResidentId(id, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });

  it('reads an odd sequence digit as male (a 侯马 number)', () => {
    const first17 = '14108119850612001';
    const r = validateResidentId(first17 + residentIdCheckChar(first17), today);
    expect(r).toMatchObject({ ok: true, sex: 'male', region: ['山西省', '临汾市', '侯马市'] });
  });

  it('knows the calendar: 29 February only in leap years (2000 yes, 1900 no), no 31 April, no month 13, no day 0', () => {
    const withDate = (yyyymmdd: string) => { const first17 = `141081${yyyymmdd}001`; return validateResidentId(first17 + residentIdCheckChar(first17), today); };
    expect(withDate('20000229')).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(withDate('19960229')).toMatchObject({ ok: true });
    expect(withDate('19991231')).toMatchObject({ ok: true });
    for (const bad of ['19000229', '19990229', '19990431', '19991301', '19990100', '19990001', '19990632']) expect(withDate(bad)).toMatchObject({ ok: false, rule: 'birthDate' });
  });

  it('judges each ID against its own today (the same Date object moved, or another one)', () => {
    const moving = new Date('2026-11-30T00:00:00Z');
    const first17 = '14108120261201001';
    const id = first17 + residentIdCheckChar(first17);
    expect(validateResidentId(id, moving)).toMatchObject({ ok: false, futureBirthDate: '2026-12-01' });
    moving.setUTCDate(2);
    expect(validateResidentId(id, moving)).toMatchObject({ ok: false, rule: 'birthDate' });
    moving.setUTCMonth(11, 2);
    expect(validateResidentId(id, moving)).toMatchObject({ ok: true });
    expect(validateResidentId(id, today)).toMatchObject({ ok: false, futureBirthDate: '2026-12-01' });
  });
});
