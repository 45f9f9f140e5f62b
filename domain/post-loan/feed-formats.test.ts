import { describe, expect, it } from 'vitest';
import { FieldError, parseYuan } from './feed-formats';

/** The rule as docs/feeds.md states it, kept here as the reference the hand-written reader must agree with. */
const MONEY = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

describe('parseYuan (feed amounts → fen)', () => {
  it('reads yuan with up to two decimals as integer fen', () => {
    expect(parseYuan('0')).toBe(0);
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan('0.5')).toBe(50);
    expect(parseYuan('12345.67')).toBe(1234567);
    expect(parseYuan('9999999999999.99')).toBe(999999999999999);
  });

  it('refuses what the documented rule refuses, and accepts what it accepts', () => {
    const samples = ['', '.', '.5', '5.', '01', '00', '0.123', '1,000', '-1', '+1', ' 1', '1 ', '1e3', '１', '12345678901234', '1234567890123', '0.0', '10.10', 'abc', '1.2.3', '1..2'];
    for (const raw of samples) {
      if (MONEY.test(raw)) expect(parseYuan(raw), raw).toBeTypeOf('number');
      else expect(() => parseYuan(raw), raw).toThrow(FieldError);
    }
  });
});
