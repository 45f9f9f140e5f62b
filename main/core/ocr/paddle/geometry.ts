/** Plane geometry for text boxes: convex hulls, minimum-area rectangles, quadrilaterals. Pure, no I/O. */

export interface Point { x: number; y: number }

/** A rectangle turned by `angle` radians: `w` runs along the angle, `h` across it. */
export interface RotatedRect { cx: number; cy: number; w: number; h: number; angle: number }

/** Four corners in reading order: top-left, top-right, bottom-right, bottom-left of the text they frame. */
export type Quad = readonly [Point, Point, Point, Point];

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Andrew's monotone chain; returns the hull counter-clockwise (in y-down image coordinates: clockwise on screen). */
export function convexHull(points: readonly Point[]): Point[] {
  const ps = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (ps.length < 3) return ps;
  const lower: Point[] = [];
  for (const p of ps) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = ps.length - 1; i >= 0; i--) {
    const p = ps[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * The smallest rectangle holding the points (rotating calipers: one side of it lies on a hull edge). `w` is the
 * longer side, so `angle` is the direction of the box's long axis, in (-π/2, π/2].
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, w: 0, h: 0, angle: 0 };
  if (hull.length === 1) return { cx: hull[0]!.x, cy: hull[0]!.y, w: 0, h: 0, angle: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len === 0) continue;
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const p of hull) {
      const u = p.x * ux + p.y * uy;
      const v = -p.x * uy + p.y * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, w: maxU - minU, h: maxV - minV, angle: Math.atan2(uy, ux) };
    }
  }
  return normaliseRect(best!);
}

/** The same rectangle described with `w` ≥ `h` and the angle folded into (-π/2, π/2]. */
export function normaliseRect(r: RotatedRect): RotatedRect {
  let { w, h, angle } = r;
  if (h > w) {
    [w, h] = [h, w];
    angle += Math.PI / 2;
  }
  while (angle > Math.PI / 2) angle -= Math.PI;
  while (angle <= -Math.PI / 2) angle += Math.PI;
  return { cx: r.cx, cy: r.cy, w, h, angle };
}

/**
 * Corners of a rectangle as it reads along `direction` (radians): the side nearest that direction becomes the
 * top edge, left to right. Every box of a document is cut out the same way round, whatever its own shape.
 */
export function rectQuad(r: RotatedRect, direction: number): Quad {
  // Of the four ways to walk the rectangle, take the one whose "rightward" edge is closest to the direction.
  const options = [0, 1, 2, 3].map((k) => r.angle + (k * Math.PI) / 2);
  const diff = (a: number): number => Math.abs(Math.atan2(Math.sin(a - direction), Math.cos(a - direction)));
  const along = options.reduce((best, a) => (diff(a) < diff(best) ? a : best));
  const k = Math.round((along - r.angle) / (Math.PI / 2));
  const [len, thick] = k % 2 === 0 ? [r.w, r.h] : [r.h, r.w];
  const ux = Math.cos(along), uy = Math.sin(along);
  // Across the text, "down" is a quarter turn clockwise from "along" in image coordinates (y grows downwards).
  const vx = -uy, vy = ux;
  const at = (s: number, t: number): Point => ({ x: r.cx + s * ux * (len / 2) + t * vx * (thick / 2), y: r.cy + s * uy * (len / 2) + t * vy * (thick / 2) });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

export function quadWidth(q: Quad): number {
  return Math.max(Math.hypot(q[1].x - q[0].x, q[1].y - q[0].y), Math.hypot(q[2].x - q[3].x, q[2].y - q[3].y));
}

export function quadHeight(q: Quad): number {
  return Math.max(Math.hypot(q[3].x - q[0].x, q[3].y - q[0].y), Math.hypot(q[2].x - q[1].x, q[2].y - q[1].y));
}

/** Direction of the text lines of a page: the length-weighted mean of long boxes' axes, modulo a half turn. */
export function dominantAngle(rects: readonly RotatedRect[]): number {
  // Doubling the angle makes θ and θ+π the same vector, so opposite readings of one axis do not cancel out.
  let sx = 0, sy = 0;
  for (const r of rects) {
    if (r.w < 1.5 * r.h) continue;
    sx += r.w * Math.cos(2 * r.angle);
    sy += r.w * Math.sin(2 * r.angle);
  }
  if (sx === 0 && sy === 0) return 0;
  return Math.atan2(sy, sx) / 2;
}

/** The upright rectangle round a turned one: [left, top, right, bottom]. */
function extent(r: RotatedRect): [number, number, number, number] {
  const q = rectQuad(r, r.angle);
  const xs = q.map((p) => p.x), ys = q.map((p) => p.y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The rectangles of `found` that cover no part of any rectangle of `others`: what `others` missed. */
export function missedBy<R extends RotatedRect>(found: readonly R[], others: readonly RotatedRect[]): R[] {
  const boxes = others.map(extent);
  return found.filter((r) => {
    const [l, t, rt, b] = extent(r);
    return boxes.every(([l2, t2, r2, b2]) => Math.min(rt, r2) <= Math.max(l, l2) || Math.min(b, b2) <= Math.max(t, t2));
  });
}
