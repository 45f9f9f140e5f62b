import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from './fen';

describe('fen', () => {
  it('formats fen as yuan with separators', () => {
    expect(formatYuan(853099)).toBe('8,530.99');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(0)).toBe('0.00');
  });

  it('parses typed amounts exactly, never through floating point', () => {
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('￥1,234.5')).toBe(123450);
    expect(parseYuan('100000')).toBe(10000000);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });

  it('refuses non-integer fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });
});
