import { Tensor } from 'onnxruntime-node';
import { ctcDecode, type CtcChar } from './ctc';
import { lineTensor, type RgbImage } from './line-image';
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

/** Reads straightened lines one after the other, in order. */
export async function recogniseLines(m: RecogniserModel, lines: readonly RgbImage[], minWidth: number): Promise<CtcChar[][]> {
  const chars: CtcChar[][] = [];
  for (const line of lines) chars.push(await recogniseLine(m, line, minWidth));
  return chars;
}
