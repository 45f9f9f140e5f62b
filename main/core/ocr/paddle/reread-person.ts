import { isCjk } from '../../../../domain/ocr/glyphs';
import { COMMON_SURNAMES, COMPOUND_SURNAMES } from '../../../../domain/ocr/surnames';
import type { CtcChar } from './ctc';
import { minAreaRect, type Point, type Quad, quadHeight, quadWidth } from './geometry';
import type { RgbImage } from './line-image';
import { deblurredRegion, type MotionBlur } from './motion-blur';
import { lineImage, READ_TEXT_DEFAULTS, type TextBox } from './read-text';
import { DOUBTFUL_BELOW, surer } from './recognise';
import type { Recogniser } from './recogniser-client';

const textOf = (cs: readonly CtcChar[]): string => cs.map((c) => c.ch).join('');

/** The stretch of a box's line from `f0` to `f1` of its width (beyond 0 or 1: the line continued), as tall as the box. */
export function quadSpan(q: Quad, f0: number, f1: number): Quad {
  const on = (a: Point, b: Point, f: number): Point => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
  return [on(q[0], q[1], f0), on(q[0], q[1], f1), on(q[3], q[2], f1), on(q[3], q[2], f0)];
}

/** Where the 法定代表人 (or 经营者) label of a licence ends in a box: the index after its last character. */
function labelEnd(cs: readonly CtcChar[]): number | undefined {
  const t = textOf(cs);
  const m = /(法定)?代表人|表人|经营者/.exec(t);
  if (m) return m.index + m[0].length;
  // Two of its five characters misread (济定代民人): three in their places, 代 and 人 among them.
  for (let i = 0; i + LABEL.length <= t.length; i++) {
    const same = [...LABEL].filter((ch, k) => t[i + k] === ch).length;
    if (same >= 3 && t[i + 2] === '代' && t[i + 4] === '人') return i + LABEL.length;
  }
  return undefined;
}

const LABEL = '法定代表人';

/** Position of a point along a box's reading direction, in box widths from its left edge. */
function along(q: Quad, p: Point): number {
  const ux = q[1].x - q[0].x, uy = q[1].y - q[0].y;
  return ((p.x - q[0].x) * ux + (p.y - q[0].y) * uy) / (ux * ux + uy * uy);
}

/** Distance of a point across the line of box `q` (in pixels, signed: down the page is positive). */
function across(q: Quad, p: Point): number {
  const ux = q[1].x - q[0].x, uy = q[1].y - q[0].y;
  const len = Math.hypot(ux, uy) || 1;
  const mid = { x: (q[0].x + q[3].x) / 2, y: (q[0].y + q[3].y) / 2 };
  return ((p.x - mid.x) * -uy + (p.y - mid.y) * ux) / len;
}

const isSurnameStart = (t: string): boolean => COMMON_SURNAMES.has(t[0] ?? '') || COMPOUND_SURNAMES.has(t.slice(0, 2));

/** A name's characters added by a second reading are taken only this sure (0–1), or as a lost surname. */
const ADDED_AT_LEAST = 0.6;
/** How far (box heights) the name's stretch of line is read beyond the box the detector drew round it. */
const REACH = 1.3;
/** A person's name on a licence has at most this many characters (a compound surname and two more). */
const LONGEST_NAME = 4;
/** How far a box runs on beyond its end character's centre when all of it was read (box heights). */
const HALF_CHARACTER = 0.55;

/** The same character, or one the other reading ranked as its runner-up. */
const near = (x: CtcChar, y: CtcChar): boolean => x.ch === y.ch || !!x.alts?.some((a) => a.ch === y.ch) || !!y.alts?.some((a) => a.ch === x.ch);

/**
 * Whether a second reading of a name is better than the first: it has as many characters, each the same or the
 * other's runner-up, and is surer of them (see `surer`); or it has more, keeps the first reading's in order, and what it adds in front is the surname the
 * first reading lacked (a name starts with one), and what it adds is read surely.
 */
export function betterNameReading(first: readonly CtcChar[], second: readonly CtcChar[]): boolean {
  const a = first.filter((c) => isCjk(c.ch));
  const b = second.filter((c) => isCjk(c.ch));
  const [ta, tb] = [textOf(a), textOf(b)];
  if (b.length === a.length) return b.length >= 2 && b.every((c, i) => near(c, a[i]!)) && surer(b, a);
  if (b.length < Math.max(2, a.length + 1) || b.length > LONGEST_NAME) return false;
  // Where the first reading's characters lie in the second, in order.
  const kept: number[] = [];
  b.forEach((c, i) => {
    if (kept.length < ta.length && c.ch === ta[kept.length]) kept.push(i);
  });
  if (kept.length < ta.length) return false;
  const front = kept[0] ?? b.length;
  if (front > 0 && !(isSurnameStart(tb) && (!isSurnameStart(ta) || COMPOUND_SURNAMES.has(tb.slice(0, 2))))) return false;
  return b.every((c, i) => kept.includes(i) || c.prob >= ADDED_AT_LEAST);
}

/**
 * A name read as a name, in a box of its own, each character surely: nothing to look for beyond it (a scan's
 * names mostly), so it is not read again.
 */
function readSurely(name: readonly CtcChar[]): boolean {
  return name.length >= 2 && name.every((c) => isCjk(c.ch) && c.prob >= DOUBTFUL_BELOW) && isSurnameStart(textOf(name));
}

/**
 * Beyond its last character's centre a box runs on about half its height; more, and it holds ink the recogniser
 * read nothing from (a clean scan's 刘金垚 read as 刘金): the name's stretch is read again even when read surely.
 * The same measure as the field extraction's (unreadBeside), in box heights.
 */
const UNREAD_AFTER = 0.95;
const unreadAfter = (box: TextBox): boolean => (1 - (box.chars.at(-1)?.at ?? 1)) * quadWidth(box.quad) > UNREAD_AFTER * quadHeight(box.quad);

/**
 * The stretch `from`–`to` of the label's line (in its box widths) cut to what the reading `chars` of it covers, and
 * at least the stretch `keep`: the name's box as the detector would have drawn it round them, so that the field
 * extraction does not take the wider stretch read for ink left unread (see unreadBeside). `half`: half a character
 * in box widths.
 */
function nameBox(label: TextBox, from: number, to: number, chars: readonly CtcChar[], keep: readonly [number, number], half: number): TextBox {
  const at = (c: CtcChar): number => from + c.at * (to - from);
  const a = Math.max(from, Math.min(keep[0], at(chars[0]!) - half));
  const b = Math.min(to, Math.max(keep[1], at(chars.at(-1)!) + half));
  const quad = quadSpan(label.quad, a, b);
  return { quad, rect: minAreaRect(quad), score: label.score, chars: chars.map((c) => ({ ...c, at: (at(c) - a) / (b - a) })) };
}

/**
 * The legal representative's stretch of line read again a little wider: the detector draws the box of a short
 * name round what it sees most surely, and on a shaken or small photo that can leave the surname (or the last
 * character) outside it (袁建军 boxed as 建军); read together with its label, the name can lose a character next
 * to it (法定代表人邱秀玉 read as 法定代表人秀主). The name is read alone, from just past the label to REACH box
 * heights beyond its box (never into the next box on its row), and that reading replaces the first when it reads
 * the name better (see betterNameReading). Undefined when there is no such label, no name beside it, or nothing
 * more was read. A name read surely in a box of its own is left as it is (see readSurely).
 */
export async function withPersonReadAgain(rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], blur?: MotionBlur): Promise<TextBox[] | undefined> {
  for (const label of boxes) {
    const end = labelEnd(label.chars);
    if (end === undefined) continue;
    const w = quadWidth(label.quad), h = quadHeight(label.quad);
    const reach = (REACH * h) / w;
    // Where the label's last character ends, in the label box's widths.
    const labelStop = label.chars[end - 1]!.at + (0.55 * h) / w;
    const inBox = label.chars.slice(end).filter((c) => isCjk(c.ch));
    // Boxes to the right on the label's row, nearest first.
    const right = boxes
      .filter((b) => b !== label && Math.abs(across(label.quad, { x: b.rect.cx, y: b.rect.cy })) < 0.5 * h)
      .map((b) => ({ b, from: along(label.quad, b.quad[0]), to: along(label.quad, b.quad[1]) }))
      .filter((x) => x.from > labelStop - 0.1 && x.from < 1 + (8 * h) / w)
      .sort((x, y) => x.from - y.from);
    let first: CtcChar[];
    let from: number, to: number;
    // The stretch the first reading's box covered.
    let keep: [number, number];
    let value: TextBox | undefined;
    if (inBox.length > 0) {
      first = label.chars.slice(end);
      [from, to] = [labelStop, Math.min(1 + reach, right[0] ? right[0].from - (0.2 * h) / w : Infinity)];
      keep = [labelStop, 1];
    } else {
      const v = right[0];
      if (!v || v.from > 1 + (6 * h) / w) return undefined;
      value = v.b;
      first = v.b.chars;
      if (readSurely(first) && !unreadAfter(v.b)) return undefined;
      const next = right[1];
      [from, to] = [Math.max(labelStop + (0.2 * h) / w, v.from - reach), Math.min(v.to + reach, next ? next.from - (0.2 * h) / w : Infinity)];
      keep = [v.from, v.to];
    }
    if (to - from < (1.5 * h) / w) return undefined;
    const quad = quadSpan(label.quad, from, to);
    // A shaken picture's lines were read with the shake taken out (rereadDoubtful): so is this one, beside as taken.
    const lines = [lineImage(img, quad), ...(blur ? [deblurredRegion(img, quad, blur)].map((r) => lineImage(r.img, r.quad)) : [])];
    const readings = (await rec.recognise(lines, READ_TEXT_DEFAULTS.recMinWidth, 'plain')).filter((r) => betterNameReading(first, r));
    const again = readings.reduce<CtcChar[] | undefined>((best, r) => (!best || surer(r, best) ? r : best), undefined);
    if (!again) return undefined;
    const name = nameBox(label, from, to, again, keep, HALF_CHARACTER * h / w);
    if (value) return [...boxes.filter((b) => b !== value), name];
    // The label keeps its own stretch of the box, its characters placed along that stretch.
    const cut = label.chars[end - 1]!.at + (0.5 * (label.chars[end]!.at - label.chars[end - 1]!.at));
    const labelOnly: TextBox = {
      ...label,
      quad: quadSpan(label.quad, 0, cut),
      rect: minAreaRect(quadSpan(label.quad, 0, cut)),
      chars: label.chars.slice(0, end).map((c) => ({ ...c, at: c.at / cut })),
    };
    return [...boxes.map((b) => (b === label ? labelOnly : b)), name];
  }
  return undefined;
}
