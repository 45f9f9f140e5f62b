import { describe, expect, it } from 'vitest';
import { constrained, type Glyph, stripLabel, text } from './glyphs';

/** Characters 30 px wide side by side, a gap of `gapAfter[i]` px after the i-th; boxes `height` tall. */
function row(chars: string, gapAfter: Record<number, number>, height: number): Glyph[] {
  let x = 0;
  return [...chars].map((ch, i) => {
    const g = { ch, conf: 90, x0: x, x1: x + 30, y0: 0, y1: height };
    x += 30 + (gapAfter[i] ?? 0);
    return g;
  });
}

describe('stripLabel', () => {
  it('cuts a misread label at the gap before the value, also in the tall box of a slanting photographed line', () => {
    expect(text(stripLabel(row('答发机美团风县公安局', { 3: 60 }, 32), '签发机关'))).toBe('团风县公安局');
    expect(text(stripLabel(row('答发机美团风县公安局', { 3: 60 }, 90), '签发机关'))).toBe('团风县公安局');
    expect(text(stripLabel(row('签发机美伊春市公安局', { 3: 60 }, 90), '签发机关'))).toBe('伊春市公安局');
  });

  it('keeps the value whole when there is no gap to cut at', () => {
    expect(text(stripLabel(row('团风县公安局', {}, 90), '签发机关'))).toBe('团风县公安局');
  });
});

describe('constrained', () => {
  const digit = (c: string): boolean => /^\d$/.test(c);
  const g = (ch: string, conf: number, alts: Array<[string, number]> = []): Glyph => ({ ch, conf, x0: 0, x1: 30, y0: 0, y1: 32, alts: alts.map(([c, p]) => ({ ch: c, conf: p })) });

  it("takes the most probable runner-up that can stand, sure only as its share of what is left", () => {
    const [a, b, c] = constrained([g('7', 99), g('/', 60, [['年', 25], ['1', 12], ['7', 2]]), g('日', 50)], digit);
    expect(a!.ch).toBe('7');
    // 1 holds 12 of the 12 + 2 + (100 − 60 − 39) = 15 left once / and 年 are out.
    expect(b!.ch).toBe('1');
    expect(b!.conf).toBeCloseTo(80, 5);
    // No runner-up that can stand: left as read.
    expect(c!.ch).toBe('日');
  });

  it('leaves a character alone when its runners-up are all too faint to be a reading', () => {
    expect(constrained([g('/', 98, [['1', 0.5]])], digit)[0]!.ch).toBe('/');
  });
});
