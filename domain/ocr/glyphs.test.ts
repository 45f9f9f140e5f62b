import { describe, expect, it } from 'vitest';
import { type Glyph, stripLabel, text } from './glyphs';

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
