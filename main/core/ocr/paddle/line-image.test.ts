import { describe, expect, it } from 'vitest';
import { type RgbImage, sharpened } from './line-image';

/** A grey ramp from dark (left) to light (right) over `blur` columns: a smeared stroke edge. */
function smearedEdge(width: number, height: number, blur: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, (x - (width - blur) / 2) / blur));
      data.fill(Math.round(40 + 180 * t), (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

describe('sharpened', () => {
  it('steepens a smeared edge and leaves flat ink and paper as they were', () => {
    const line = smearedEdge(40, 12, 8);
    const out = sharpened(line, 1.5, 1.2);
    const at = (img: RgbImage, x: number) => img.data[(6 * img.width + x) * 3]!;
    expect([out.width, out.height]).toEqual([40, 12]);
    expect(at(out, 2)).toBe(at(line, 2));
    expect(at(out, 37)).toBe(at(line, 37));
    // Just inside the ramp the dark side gets darker and the light side lighter.
    expect(at(out, 17)).toBeLessThan(at(line, 17));
    expect(at(out, 22)).toBeGreaterThan(at(line, 22));
  });
});
