import type { OcrLine, OcrPage, OcrWord } from '../../../../domain/ocr/types';
import { type Point, quadHeight } from './geometry';
import type { TextBox } from './read-text';

/** A box seen in the page's own frame: x along the reading direction, y down the page; `h` its own height across its text. */
interface Placed { box: TextBox; x0: number; x1: number; y0: number; y1: number; cy: number; cx: number; h: number; slope: number; reliableSlope: boolean }

/**
 * Lays the recognised boxes out as rows of a page, in a frame turned so the text runs left to right: boxes
 * whose centres lie on one another's text line (extended along that box's own slant, which follows the
 * perspective of a photographed card) form one row; rows are ordered top to bottom, boxes left to right.
 * Characters keep their positions along the box, so a label read together with its value ("姓名吴军") can be
 * cut off where the value starts.
 */
export function pageFromBoxes(boxes: readonly TextBox[], direction: number, imageWidth: number, imageHeight: number): OcrPage {
  const cos = Math.cos(direction);
  const sin = Math.sin(direction);
  const turn = (p: Point): Point => ({ x: p.x * cos + p.y * sin, y: -p.x * sin + p.y * cos });
  const corners = [{ x: 0, y: 0 }, { x: imageWidth, y: 0 }, { x: 0, y: imageHeight }, { x: imageWidth, y: imageHeight }].map(turn);
  const ox = Math.min(...corners.map((p) => p.x));
  const oy = Math.min(...corners.map((p) => p.y));
  const placed: Placed[] = boxes.map((box) => {
    const q = box.quad.map(turn).map((p) => ({ x: p.x - ox, y: p.y - oy }));
    const xs = q.map((p) => p.x);
    const ys = q.map((p) => p.y);
    // Top edge from its left to its right corner: the box's own slant relative to the page's direction.
    const slope = (q[1]!.y - q[0]!.y) / Math.max(1e-6, q[1]!.x - q[0]!.x);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    return { box, x0, x1, y0, y1, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, h: quadHeight(box.quad), slope, reliableSlope: box.rect.w >= 2.5 * box.rect.h };
  });

  // Union-find over "same row" pairs, the best-aligned first. Rows chain through their neighbours (a slanted
  // box in one column can line up with the row above on the other side), so two rows are never joined when a box
  // of one lies over a box of the other: one row of text has no two lines in a column.
  const parent = placed.map((_, i) => i);
  const members = placed.map((_, i) => [i]);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const pairs: Array<{ i: number; j: number; off: number }> = [];
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const off = rowOffset(placed[i]!, placed[j]!);
      if (off !== undefined) pairs.push({ i, j, off });
    }
  }
  for (const { i, j } of pairs.sort((a, b) => a.off - b.off)) {
    const [ri, rj] = [find(i), find(j)];
    if (ri === rj || members[ri]!.some((a) => members[rj]!.some((b) => stacked(placed[a]!, placed[b]!)))) continue;
    parent[ri] = rj;
    members[rj] = [...members[rj]!, ...members[ri]!];
  }
  const groups = new Map<number, Placed[]>();
  placed.forEach((p, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), p]));
  const rows = [...groups.values()].map((g) => g.sort((a, b) => a.x0 - b.x0)).sort((a, b) => mean(a.map((p) => p.cy)) - mean(b.map((p) => p.cy)));

  const lines: OcrLine[] = rows.map((row) => {
    const words = row.flatMap(wordsOf);
    return {
      text: words.map((w) => w.text).join(' '),
      confidence: Math.min(...words.map((w) => w.confidence)),
      bbox: { x0: Math.min(...row.map((p) => p.x0)), y0: Math.min(...row.map((p) => p.y0)), x1: Math.max(...row.map((p) => p.x1)), y1: Math.max(...row.map((p) => p.y1)) },
      words,
    };
  }).filter((l) => l.words.length > 0);
  const width = Math.max(...corners.map((p) => p.x)) - ox;
  const height = Math.max(...corners.map((p) => p.y)) - oy;
  return { width, height, lines, croppedToCard: false };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/**
 * One box lies over the other: they overlap along the line by more than 30 % of the shorter, and their middles
 * are at least half the shorter box's height apart across it (its own height, across its own line: a box's extent
 * down the page grows with its slant), or one is under half the other's height. A box side by side with another on
 * one row is not stacked on it because the detector grew the first into the second (民族 boxed past its end over a
 * one-character value, 白, on a small blurred card: the value had been put on a row of its own and lost). A small
 * box on a line's box is a speck of it, not a word beside it (a faint mark 0.4 of the line high on a name's first
 * character, read 店 in front of it: 店吕泽). A one-character box is about 0.7 of a long box's height.
 */
function stacked(a: Placed, b: Placed): boolean {
  if (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) <= 0.3 * Math.min(a.x1 - a.x0, b.x1 - b.x0)) return false;
  return acrossLine(a, b) >= 0.5 * Math.min(a.h, b.h) || Math.min(a.h, b.h) < 0.5 * Math.max(a.h, b.h);
}

/**
 * How far one box's middle lies from the other's text line, extended along the longer box's slant: the better
 * measure of the row's (a one-character box has none worth trusting).
 */
function acrossLine(a: Placed, b: Placed): number {
  const ref = a.x1 - a.x0 >= b.x1 - b.x0 ? a : b;
  const other = ref === a ? b : a;
  return Math.abs(other.cy - (ref.cy + (ref.reliableSlope ? ref.slope : 0) * (other.cx - ref.cx)));
}

/**
 * Two boxes share a row when each centre lies within half a line height of the other's extended text line: how
 * far off it lies, in those half heights (below 1), or undefined when they do not.
 */
function rowOffset(a: Placed, b: Placed): number | undefined {
  if (stacked(a, b)) return undefined;
  const off = acrossLine(a, b) / (0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0));
  return off < 1 ? off : undefined;
}

/**
 * The words of one box: split where the recogniser put a space, each character given the stretch of the box
 * around the point where it was read.
 */
function wordsOf(p: Placed): OcrWord[] {
  const chars = p.box.chars;
  const width = p.x1 - p.x0;
  const centres = chars.map((c) => p.x0 + c.at * width);
  // A character is as wide as the box's usual pitch (the median distance between neighbouring centres), never
  // wider than halfway to its neighbours: a label and its value read as one box ("姓名  吴军") keep the gap between
  // them, which is what tells where the value starts when the label itself was misread.
  const pitches = centres.slice(1).map((c, i) => c - centres[i]!).sort((a, b) => a - b);
  const pitch = pitches.length > 0 ? pitches[pitches.length >> 1]! : width;
  const spans = centres.map((c, i) => [
    Math.max(i === 0 ? p.x0 : (centres[i - 1]! + c) / 2, c - pitch / 2),
    Math.min(i === centres.length - 1 ? p.x1 : (c + centres[i + 1]!) / 2, c + pitch / 2),
  ] as [number, number]);
  const words: OcrWord[] = [];
  let cur: number[] = [];
  // The box beyond its first and last characters: ink the recogniser read no character from shows as more of it.
  const readChars = chars.flatMap((c, i) => (/\s/.test(c.ch) ? [] : [i]));
  const unread = (i: number): Partial<OcrWord> => ({
    ...(i === readChars[0] ? { unreadBefore: centres[i]! - p.x0 } : {}),
    ...(i === readChars.at(-1) ? { unreadAfter: p.x1 - centres[i]! } : {}),
  });
  const flush = (): void => {
    if (cur.length === 0) return;
    const conf = cur.map((i) => Math.round(chars[i]!.prob * 1000) / 10);
    words.push({
      text: cur.map((i) => chars[i]!.ch).join(''),
      confidence: Math.min(...conf),
      bbox: { x0: spans[cur[0]!]![0], y0: p.y0, x1: spans[cur[cur.length - 1]!]![1], y1: p.y1 },
      charConfidences: conf,
      charSpans: cur.map((i) => spans[i]!),
      ...(cur.some((i) => chars[i]!.alts) ? { charAlternatives: cur.map((i) => (chars[i]!.alts ?? []).map((a) => ({ ch: a.ch, conf: Math.round(a.prob * 1000) / 10 }))) } : {}),
      ...unread(cur[0]!),
      ...unread(cur[cur.length - 1]!),
    });
    cur = [];
  };
  chars.forEach((c, i) => {
    if (/\s/.test(c.ch)) flush();
    else cur.push(i);
  });
  flush();
  return words;
}
