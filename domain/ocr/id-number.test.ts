import { describe, expect, it } from 'vitest';
import { residentIdCheckChar, validateResidentId } from '../identity/resident-id';
import type { Glyph } from './glyphs';
import { findIdRun, readIdNumber } from './id-number';

const today = new Date('2026-06-01T00:00:00Z');
const glyphs = (s: string, confs?: number[]): Glyph[] => [...s].map((ch, i) => ({ ch, conf: confs?.[i] ?? 90, x0: i * 20, x1: i * 20 + 18, y0: 0, y1: 30 }));
const VALID = '11010519491231002X';

describe('readIdNumber', () => {
  it('accepts a clean number as valid without correction', () => {
    const r = readIdNumber(glyphs(VALID), { today });
    expect(r).toMatchObject({ value: VALID, valid: true });
    expect(r.correction).toBeUndefined();
  });

  it('replaces letters that look like digits and says so', () => {
    const r = readIdNumber(glyphs('11O1O519491231OO2x'), { today });
    expect(r.value).toBe(VALID);
    expect(r.valid).toBe(true);
    expect(r.correction).toEqual({ from: '11O1O519491231OO2x', reason: 'confusable-chars' });
  });

  it('repairs the birth-date digits from the 出生 line when that makes the check character fit', () => {
    const misread = '110105194812310O2X'.replace('O', '0');
    expect(validateResidentId(misread, today).ok).toBe(false);
    const r = readIdNumber(glyphs(misread), { today, birthDigits: '19491231' });
    expect(r).toMatchObject({ value: VALID, valid: true, correction: { reason: 'id-birth-date' } });
  });

  it('repairs the region code from the address', () => {
    const first17 = '14108119800101001';
    const id = first17 + residentIdCheckChar(first17);
    const misread = '14I0B1' + id.slice(6);
    const r = readIdNumber(glyphs(misread.replace('I', '7').replace('B', '3')), { today, address: '山西省临汾市侯马市浍滨街道' });
    expect(r.value).toBe(id);
    expect(r.valid).toBe(true);
  });

  it('fixes one weak digit when only one substitution fits', () => {
    const first17 = '44030619850312461';
    const id = first17 + residentIdCheckChar(first17);
    const confs = Array<number>(18).fill(95);
    confs[15] = 30;
    const wrong = id.slice(0, 15) + (id[15] === '8' ? '3' : '8') + id.slice(16);
    const r = readIdNumber(glyphs(wrong, confs), { today, birthDigits: '19850312', sex: '男' });
    expect(r.value).toBe(id);
    expect(r.correction?.reason).toBe('id-check-digit');
  });

  it('leaves a number alone and invalid when no single reading stands out', () => {
    const wrong = '110105194912310029';
    const r = readIdNumber(glyphs(wrong), { today });
    expect(r.valid).toBe(false);
    expect(r.value).toBe(wrong);
  });

  it('cuts the valid 18-character window out of a run with stray marks', () => {
    const r = readIdNumber(glyphs('65' + VALID), { today });
    expect(r.value).toBe(VALID);
    expect(r.valid).toBe(true);
  });
});

describe('findIdRun', () => {
  it('finds the number after the label', () => {
    expect(findIdRun(glyphs('公民身份号码' + VALID)).map((g) => g.ch).join('')).toBe(VALID);
  });

  it('reads a character inside the number as the digit runner-up the recogniser gave it', () => {
    const gs = glyphs('公民身份号码' + VALID.slice(0, 9) + '品' + VALID.slice(10));
    expect(findIdRun(gs).length).toBe(9);
    gs[15] = { ...gs[15]!, conf: 40, alts: [{ ch: '口', conf: 20 }, { ch: VALID[9]!, conf: 15 }] };
    expect(findIdRun(gs).map((g) => g.ch).join('')).toBe(VALID);
  });
});

describe('readIdNumber with runners-up', () => {
  it("picks the repair the recogniser ranked next among digits that fit the check character equally", () => {
    const first17 = '44030619850312461';
    const id = first17 + residentIdCheckChar(first17);
    const confs = Array<number>(18).fill(95);
    // Two weak digits of the sequence number, either could be the misread one; the runner-up says which.
    confs[14] = 50;
    confs[15] = 50;
    const wrong = id.slice(0, 15) + '2' + id.slice(16);
    const without = readIdNumber(glyphs(wrong, confs), { today });
    const gs = glyphs(wrong, confs);
    gs[15] = { ...gs[15]!, alts: [{ ch: id[15]!, conf: 40 }] };
    const withAlts = readIdNumber(gs, { today });
    expect(withAlts).toMatchObject({ value: id, valid: true, correction: { reason: 'id-check-digit' } });
    expect(without.value === id && without.valid).toBe(false);
  });
});
