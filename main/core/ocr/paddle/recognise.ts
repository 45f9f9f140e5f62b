import { Tensor } from 'onnxruntime-node';
import { ctcDecode, type CtcChar } from './ctc';
import { lineTensor, type RgbImage, sharpened } from './line-image';
import type { RecogniserModel } from './models';

/** Lines are straightened to this height for the recogniser (PP-OCRv4's input height). */
export const REC_HEIGHT = 48;

/** Reads one straightened line (REC_HEIGHT rows tall), padded to at least `minWidth` columns. */
export async function recogniseLine(m: RecogniserModel, line: RgbImage, minWidth: number): Promise<CtcChar[]> {
  const t = lineTensor(line, minWidth);
  const out = await m.rec.run({ [m.rec.inputNames[0]!]: new Tensor('float32', t.data, [1, 3, REC_HEIGHT, t.width]) });
  const o = out[m.rec.outputNames[0]!]!;
  const [, steps, classes] = o.dims as [number, number, number];
  return ctcDecode(o.data as Float32Array, steps, classes, m.dict, (steps * line.width) / t.width);
}

/** A line read with a character weaker than this is read again sharpened (see `sharpened`). */
export const DOUBTFUL_BELOW = 0.9;
const SHARPEN = { sigma: 1.5, amount: 1.2 };

/** Mean log-probability of the characters: how sure the recogniser is of the reading as a whole. */
export const sureness = (cs: readonly CtcChar[]): number => (cs.length === 0 ? -Infinity : cs.reduce((s, c) => s + Math.log(Math.max(1e-6, c.prob)), 0) / cs.length);

/**
 * What a character missing from one of two readings of the same line is charged: a reading that drops a weak
 * character (冯桐雅 → 冯雅) is not thereby surer, it says less. A character the other reading holds at a
 * probability above this is worth more than its absence.
 */
const MISSING_CHAR_PROB = 0.1;

/**
 * Whether reading `b` of a line is surer than reading `a`. Of equal length, the higher mean log-probability (as
 * `sureness`); of different lengths, the readings are compared at the longer one's length, each character the
 * shorter lacks counted at MISSING_CHAR_PROB, so a dropped character is not taken for a surer reading.
 */
export function surer(b: readonly CtcChar[], a: readonly CtcChar[]): boolean {
  if (a.length === b.length) return sureness(b) > sureness(a);
  const n = Math.max(a.length, b.length);
  const total = (cs: readonly CtcChar[]): number => cs.reduce((s, c) => s + Math.log(Math.max(1e-6, c.prob)), 0) + (n - cs.length) * Math.log(MISSING_CHAR_PROB);
  return total(b) > total(a);
}

/**
 * How lines are read: `plain` as they are; `sharpened` only sharpened (see `sharpened`); `plain-then-sharpened`
 * as they are, and a line with a doubtful character (a blurred photo, rarely a scan) a second time sharpened,
 * the surer of the two readings kept.
 */
export type ReadMode = 'plain' | 'sharpened' | 'plain-then-sharpened';

/** Reads straightened lines one after the other, in order (see ReadMode). */
export async function recogniseLines(m: RecogniserModel, lines: readonly RgbImage[], minWidth: number, mode: ReadMode = 'plain-then-sharpened'): Promise<CtcChar[][]> {
  const chars: CtcChar[][] = [];
  for (const line of lines) {
    if (mode === 'sharpened') {
      chars.push(await recogniseLine(m, sharpened(line, SHARPEN.sigma, SHARPEN.amount), minWidth));
      continue;
    }
    let read = await recogniseLine(m, line, minWidth);
    if (mode === 'plain-then-sharpened' && read.some((c) => c.prob < DOUBTFUL_BELOW)) {
      const again = await recogniseLine(m, sharpened(line, SHARPEN.sigma, SHARPEN.amount), minWidth);
      if (surer(again, read)) read = again;
    }
    chars.push(read);
  }
  return chars;
}
