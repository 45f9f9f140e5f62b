import { describe, expect, it } from 'vitest';
import { dbBoxes, withFaintBoxes } from './db-postprocess';

/** A probability map with the shrunk cores of text lines painted in, as the DB detector outputs them. */
function map(w: number, h: number, cores: Array<{ cx: number; cy: number; len: number; thick: number; angle: number }>): Float32Array {
  const out = new Float32Array(w * h).fill(0.02);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (const c of cores) {
        const u = (x - c.cx) * Math.cos(c.angle) + (y - c.cy) * Math.sin(c.angle);
        const v = -(x - c.cx) * Math.sin(c.angle) + (y - c.cy) * Math.cos(c.angle);
        if (Math.abs(u) <= c.len / 2 && Math.abs(v) <= c.thick / 2) out[y * w + x] = 0.9;
      }
    }
  }
  return out;
}

describe('DB post-processing', () => {
  it('boxes each text line, grown back from its core, at its own angle; specks are dropped', () => {
    const prob = map(200, 120, [
      { cx: 60, cy: 30, len: 80, thick: 10, angle: 0 },
      { cx: 120, cy: 80, len: 100, thick: 12, angle: 0.2 },
      { cx: 180, cy: 10, len: 1, thick: 1, angle: 0 },
    ]);
    const boxes = dbBoxes(prob, 200, 120).sort((a, b) => a.rect.cy - b.rect.cy);
    expect(boxes).toHaveLength(2);
    const [a, b] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
    // Within a pixel: the 2 × 2 dilation grows the core by one pixel right and down.
    expect(Math.abs(a.rect.cx - 60)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.rect.cy - 30)).toBeLessThanOrEqual(1);
    expect(a.score).toBeGreaterThan(0.8);
    // Grown by area × 1.6 / perimeter on each side: about 7 px for an 80 × 10 core (79 × 10 between pixel centres).
    expect(a.rect.w).toBeGreaterThan(90);
    expect(a.rect.h).toBeGreaterThan(20);
    expect(b.rect.angle).toBeCloseTo(0.2, 1);
  });
});

describe('faint boxes', () => {
  /** A sure line, a faint line on its own, and a faint stretch touching the sure line's box. */
  function picture(): Float32Array {
    const prob = map(240, 160, [{ cx: 70, cy: 30, len: 100, thick: 10, angle: 0 }]);
    const faint = map(240, 160, [
      { cx: 120, cy: 110, len: 120, thick: 8, angle: 0 },
      { cx: 110, cy: 46, len: 30, thick: 4, angle: 0 },
    ]);
    // Faint cores: above the pixel threshold (0.3), their mean below the box threshold (0.5).
    for (let i = 0; i < prob.length; i++) if (faint[i]! > 0.5) prob[i] = 0.4;
    return prob;
  }

  it('keeps a faint line where no sure box lies, marked faint, and never one overlapping a sure box', () => {
    const boxes = withFaintBoxes(picture(), 240, 160);
    expect(boxes).toHaveLength(2);
    const [sure, faint] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
    expect(sure.faint).toBeUndefined();
    expect(Math.abs(sure.rect.cy - 30)).toBeLessThanOrEqual(1);
    expect(faint.faint).toBe(true);
    expect(Math.abs(faint.rect.cy - 110)).toBeLessThanOrEqual(1);
    expect(faint.score).toBeGreaterThan(0.3);
    expect(faint.score).toBeLessThan(0.5);
  });

  it('finds the same sure boxes as dbBoxes', () => {
    const prob = picture();
    expect(withFaintBoxes(prob, 240, 160).filter((b) => !b.faint)).toEqual(dbBoxes(prob, 240, 160));
    expect(dbBoxes(prob, 240, 160)).toHaveLength(1);
  });
});
