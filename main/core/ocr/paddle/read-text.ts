import { Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { ctcDecode, type CtcChar } from './ctc';
import { DB_DEFAULTS, dbBoxes } from './db-postprocess';
import { dominantAngle, minAreaRect, type Quad, rectQuad, type RotatedRect } from './geometry';
import { lineTensor, type RgbImage } from './line-image';
import type { PaddleModels } from './models';

/** One line of text as the detector boxed it and the recogniser read it, in the picture's pixels. */
export interface TextBox {
  quad: Quad;
  rect: RotatedRect;
  /** Mean detection probability inside the box. */
  score: number;
  chars: CtcChar[];
}

export interface ReadTextOptions {
  /** The longer side of the picture is scaled to this (a multiple of 32) for detection. */
  detMaxSide: number;
  /** Lines narrower than this are padded (PaddleOCR pads every line to at least 320 at height 48). */
  recMinWidth: number;
}

export const READ_TEXT_DEFAULTS: ReadTextOptions = { detMaxSide: 960, recMinWidth: 320 };

const REC_HEIGHT = 48;
const REC_MAX_WIDTH = REC_HEIGHT * 40;
const CLS_WIDTH = 192;
// ImageNet statistics the detector was trained with, per channel in B, G, R order (OpenCV's order in PaddleOCR).
const MEAN = [0.406, 0.456, 0.485];
const STD = [0.225, 0.224, 0.229];

/** The picture scaled for the detector: both sides multiples of 32 (the network halves them five times). */
async function detectorInput(img: RgbImage, maxSide: number): Promise<{ tensor: Tensor; w: number; h: number }> {
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const w = Math.max(32, Math.round((img.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((img.height * scale) / 32) * 32);
  const raw = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) data[c * plane + i] = (raw[i * 3 + (2 - c)]! / 255 - MEAN[c]!) / STD[c]!;
  }
  return { tensor: new Tensor('float32', data, [1, 3, h, w]), w, h };
}

async function detect(m: PaddleModels, img: RgbImage, maxSide: number): Promise<Array<{ rect: RotatedRect; score: number }>> {
  const input = await detectorInput(img, maxSide);
  const out = await m.det.run({ [m.det.inputNames[0]!]: input.tensor });
  const prob = out[m.det.outputNames[0]!]!.data as Float32Array;
  const sx = img.width / input.w;
  const sy = img.height / input.h;
  return dbBoxes(prob, input.w, input.h, DB_DEFAULTS).map(({ rect, score }) => {
    // Scaled corner by corner: x and y scale slightly differently after rounding to multiples of 32.
    const corners = rectQuad(rect, rect.angle).map((p) => ({ x: p.x * sx, y: p.y * sy }));
    return { rect: minAreaRect(corners), score };
  });
}

/**
 * Whether the page reads upside down along `direction`: the orientation classifier's vote over the widest
 * lines (a single short box says little).
 */
async function upsideDown(m: PaddleModels, img: RgbImage, rects: readonly RotatedRect[], direction: number): Promise<boolean> {
  const widest = [...rects].sort((a, b) => b.w - a.w).slice(0, 3);
  if (widest.length === 0) return false;
  let votes = 0;
  for (const r of widest) {
    const t = lineTensor(img, rectQuad(r, direction), REC_HEIGHT, { minWidth: CLS_WIDTH, maxWidth: CLS_WIDTH });
    const out = await m.cls.run({ [m.cls.inputNames[0]!]: new Tensor('float32', t.data, [1, 3, REC_HEIGHT, t.width]) });
    const p = out[m.cls.outputNames[0]!]!.data as Float32Array;
    votes += p[1]! > p[0]! ? 1 : -1;
  }
  return votes > 0;
}

async function recognise(m: PaddleModels, img: RgbImage, quad: Quad, minWidth: number): Promise<CtcChar[]> {
  const t = lineTensor(img, quad, REC_HEIGHT, { minWidth, maxWidth: REC_MAX_WIDTH });
  const out = await m.rec.run({ [m.rec.inputNames[0]!]: new Tensor('float32', t.data, [1, 3, REC_HEIGHT, t.width]) });
  const o = out[m.rec.outputNames[0]!]!;
  const [, steps, classes] = o.dims as [number, number, number];
  return ctcDecode(o.data as Float32Array, steps, classes, m.dict, (steps * t.contentWidth) / t.width);
}

/**
 * Finds and reads every line of text in the picture, wherever the document lies in it and however it is turned:
 * lines are boxed on a scaled copy, each box is cut from the full picture straightened along the page's reading
 * direction, and read at its own width. Returns the boxes and that direction (radians).
 */
export async function readText(m: PaddleModels, img: RgbImage, opts: ReadTextOptions = READ_TEXT_DEFAULTS): Promise<{ boxes: TextBox[]; direction: number }> {
  const found = await detect(m, img, opts.detMaxSide);
  let direction = dominantAngle(found.map((f) => f.rect));
  if (await upsideDown(m, img, found.map((f) => f.rect), direction)) direction += Math.PI;
  const boxes: TextBox[] = [];
  for (const f of found) {
    const quad = rectQuad(f.rect, direction);
    const chars = await recognise(m, img, quad, opts.recMinWidth);
    if (chars.length > 0) boxes.push({ quad, rect: f.rect, score: f.score, chars });
  }
  return { boxes, direction };
}
