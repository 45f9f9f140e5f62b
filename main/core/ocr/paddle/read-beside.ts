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

/**
 * The picture's boxes with the part of `box` past its character `index` read as one more box, from `gap` box
 * heights past that character's middle and `length` heights on, and `box` cut short where that reading starts;
 * undefined when nothing was read there. The detector sometimes grows a label's box over a value beside it that
 * the recogniser, reading the label and the value as one line, leaves out (民族 boxed over 傣, read 民族): read on
 * its own, the value is read (傣 at 80 %).
 */
export async function withReadingAfterChar(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], box: TextBox, index: number, gap: number, length: number): Promise<TextBox[] | undefined> {
  const long = boxLength(box);
  const from = box.chars[index]!.at * long + gap;
  const read = await readAt(rec, img, quadStretched(box.quad, -from, from + length - long), box.score);
  if (!read) return undefined;
  const cutQuad = quadStretched(box.quad, 0, from - long);
  const cut: TextBox = { ...box, quad: cutQuad, rect: minAreaRect(cutQuad), chars: box.chars.slice(0, index + 1).map((c) => ({ ...c, at: (c.at * long) / from })) };
  return [...boxes.filter((b) => b !== box && !centreInside(b, read.quad)), cut, read];
}

/** How far the box's ink runs past the middle of its last character, in box heights. */
export function unreadAfterLast(box: TextBox): number {
  const last = box.chars[box.chars.length - 1];
  return last ? (1 - last.at) * boxLength(box) : 0;
}

/** The box's length along its line, in its own heights (the unit of quadStretched). */
function boxLength(box: TextBox): number {
  const [q0, q1] = box.quad;
  return Math.hypot(q1.x - q0.x, q1.y - q0.y) / Math.max(1, quadHeight(box.quad));
}

/** The boxes with `quad` read as one more, in place of every box whose centre lies in it except those `keep` says. */
async function withReadingAt(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], quad: Quad, score: number, keep: (b: TextBox) => boolean): Promise<TextBox[] | undefined> {
  const box = await readAt(rec, img, quad, score);
  return box ? [...boxes.filter((b) => keep(b) || !centreInside(b, quad)), box] : undefined;
}

/** `quad` read as a box of its own; undefined when nothing was read there. */
async function readAt(rec: Recogniser, img: RgbImage, quad: Quad, score: number): Promise<TextBox | undefined> {
  const [chars] = await rec.recognise([lineImage(img, quad)], READ_TEXT_DEFAULTS.recMinWidth, 'plain');
  return chars && chars.length > 0 ? { quad, rect: minAreaRect(quad), score, chars } : undefined;
}
