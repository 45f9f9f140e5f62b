import { minAreaRect, type Point, type Quad, quadHeight } from './geometry';
import type { RgbImage } from './line-image';
import { lineImage, READ_TEXT_DEFAULTS, type TextBox } from './read-text';
import type { Recogniser } from './recogniser-client';

/**
 * The stretch of the text line right after a box, along the box's own reading direction: starting `gap` box
 * heights past its end and running `length` box heights on, as tall as the box.
 */
export function quadBeside(q: Quad, gap: number, length: number): Quad {
  const s = quadStretched(q, 0, gap + length);
  const t = quadStretched(q, 0, gap);
  return [t[1], s[1], s[2], t[2]];
}

/** The box's own line stretched `before` box heights before its start and `after` past its end, as tall as the box. */
export function quadStretched(q: Quad, before: number, after: number): Quad {
  const h = quadHeight(q);
  const top = { x: q[1].x - q[0].x, y: q[1].y - q[0].y };
  const len = Math.hypot(top.x, top.y) || 1;
  const u = { x: top.x / len, y: top.y / len };
  const along = (p: Point, k: number): Point => ({ x: p.x + u.x * k * h, y: p.y + u.y * k * h });
  return [along(q[0], -before), along(q[1], after), along(q[2], after), along(q[3], -before)];
}

/** Whether the centre of box `b` lies inside the convex quadrilateral `q`. */
function centreInside(b: TextBox, q: Quad): boolean {
  const c = { x: b.rect.cx, y: b.rect.cy };
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const n = q[(i + 1) % 4]!;
    const s = Math.sign((n.x - a.x) * (c.y - a.y) - (n.y - a.y) * (c.x - a.x));
    if (s !== 0 && sign !== 0 && s !== sign) return false;
    if (s !== 0) sign = s;
  }
  return true;
}

/**
 * The picture's boxes with the stretch of line beside `anchor` (see quadBeside) read as one more box, in place
 * of any box whose centre lies in it; undefined when nothing was read there. The detector leaves a character
 * standing alone unboxed now and then (汉 right of 民族 on a photo): read where the layout says it must be.
 */
export async function withReadingBeside(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], anchor: TextBox, gap: number, length: number): Promise<TextBox[] | undefined> {
  return withReadingAt(rec, img, boxes, quadBeside(anchor.quad, gap, length), anchor.score, (b) => b === anchor);
}

/**
 * The picture's boxes with `box` read again stretched along its line (see quadStretched), in place of it and of
 * any box whose centre lies in the stretch; undefined when nothing was read there. A photo's blur can fade a
 * line's end into the card's edge and shadow: the detector then boxes it short (an ID number losing five digits).
 */
export async function withBoxStretched(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], box: TextBox, before: number, after: number): Promise<TextBox[] | undefined> {
  return withReadingAt(rec, img, boxes, quadStretched(box.quad, before, after), box.score, () => false);
}

/** The boxes with `quad` read as one more, in place of every box whose centre lies in it except those `keep` says. */
async function withReadingAt(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], quad: Quad, score: number, keep: (b: TextBox) => boolean): Promise<TextBox[] | undefined> {
  const [chars] = await rec.recognise([lineImage(img, quad)], READ_TEXT_DEFAULTS.recMinWidth, 'plain');
  if (!chars || chars.length === 0) return undefined;
  const box: TextBox = { quad, rect: minAreaRect(quad), score, chars };
  return [...boxes.filter((b) => keep(b) || !centreInside(b, quad)), box];
}
