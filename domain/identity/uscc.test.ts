import { describe, expect, it } from 'vitest';
import { usccCheckChar, validateUscc } from './uscc';

describe('validateUscc', () => {
  it('accepts the GB 32100 example without warnings', () => {
    expect(validateUscc('91350100M000100Y43')).toMatchObject({ ok: true, warnings: [], regionCode: '350100' });
  });

  it('warns but accepts a code whose check character is wrong (early pilot codes)', () => {
    expect(validateUscc('91350100M000100Y44')).toMatchObject({ ok: true, warnings: ['checkDigit'] });
  });

  it('maps a weighted sum divisible by 31 to check character 0, not 31', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = (body: string) => [...body].reduce((s, ch, i) => s + alphabet.indexOf(ch) * weights[i]!, 0);
    const body = [...alphabet].map((last) => `9135010000000000${last}`).find((b) => sum(b) % 31 === 0)!;
    expect(body).toBeDefined();
    expect(usccCheckChar(body)).toBe('0');
    expect(validateUscc(`${body}0`)).toMatchObject({ ok: true, warnings: [] });
  });

  it.each([
    ['', 'required'],
    ['91350100M000100Y4', 'length'],
    ['91350100M000100I43', 'charset'],
    ['91AB0100M000100Y43', 'region'],
  ])('%s fails rule %s', (code, rule) => {
    const r = validateUscc(code);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rule).toBe(rule);
  });
});
