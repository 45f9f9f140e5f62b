import { describe, expect, it } from 'vitest';
import { dominantAngle, minAreaRect, missedBy, rectQuad, type Point } from './geometry';

const deg = Math.PI / 180;

/** The corners and edge points of a w × h rectangle centred at (cx, cy), turned by `a`. */
function turnedRect(cx: number, cy: number, w: number, h: number, a: number): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i <= 10; i++) {
    for (const [u, v] of [[i / 10 - 0.5, -0.5], [i / 10 - 0.5, 0.5], [-0.5, i / 10 - 0.5], [0.5, i / 10 - 0.5]] as const) {
      pts.push({ x: cx + u * w * Math.cos(a) - v * h * Math.sin(a), y: cy + u * w * Math.sin(a) + v * h * Math.cos(a) });
    }
  }
  return pts;
}

describe('text box geometry', () => {
  it('finds the minimum-area rectangle of a turned box, long side first', () => {
    for (const a of [-30, -5, 0, 12, 80]) {
      const r = minAreaRect(turnedRect(200, 100, 120, 30, a * deg));
      expect(r.cx).toBeCloseTo(200, 6);
      expect(r.cy).toBeCloseTo(100, 6);
      expect(r.w).toBeCloseTo(120, 6);
      expect(r.h).toBeCloseTo(30, 6);
      // Folded into (-90°, 90°]: 80° stays 80°, the others as given.
      expect(r.angle / deg).toBeCloseTo(a, 6);
    }
  });

  it('cuts every box out the same way round, along the page direction', () => {
    const r = minAreaRect(turnedRect(0, 0, 100, 20, 3 * deg));
    const [tl, tr, , bl] = rectQuad(r, 0);
    expect(tl.x).toBeLessThan(tr.x);
    expect(tl.y).toBeLessThan(bl.y);
    expect(Math.hypot(tr.x - tl.x, tr.y - tl.y)).toBeCloseTo(100, 6);
    // Read upside down (direction 180°) the top-left corner is the other end.
    const flipped = rectQuad(r, Math.PI);
    expect(flipped[0].x).toBeGreaterThan(flipped[1].x);
    // A one-character box (square) still takes the page's direction, not its own.
    const square = rectQuad(minAreaRect(turnedRect(0, 0, 30, 30, 98 * deg)), 5 * deg);
    expect(Math.atan2(square[1].y - square[0].y, square[1].x - square[0].x) / deg).toBeCloseTo(8, 6);
  });

  it('takes the reading direction from the long boxes, whichever way their angle was folded', () => {
    const rects = [minAreaRect(turnedRect(0, 0, 300, 30, 89 * deg)), minAreaRect(turnedRect(0, 50, 200, 30, -89 * deg)), minAreaRect(turnedRect(0, 0, 30, 28, 40 * deg))];
    expect(Math.abs(Math.cos(dominantAngle(rects)))).toBeLessThan(Math.sin(2 * deg));
  });
});

describe('boxes one detection pass found and another missed', () => {
  const box = (cx: number, cy: number, w: number, h: number) => ({ cx, cy, w, h, angle: 0 });
  it('keeps only the boxes that overlap nothing the other pass found', () => {
    // A spaced label (住  所) found as two characters on the first pass, missed on the closer one; the value beside
    // it found on both.
    const first = [box(136, 285, 18, 18), box(174, 285, 18, 17), box(325, 288, 193, 20)];
    const closer = [box(330, 290, 200, 22)];
    expect(missedBy(first, closer)).toEqual([first[0], first[1]]);
    expect(missedBy(first, [])).toEqual(first);
    expect(missedBy([], closer)).toEqual([]);
  });
});
