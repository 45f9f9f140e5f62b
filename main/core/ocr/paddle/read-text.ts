import { Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { ctcDecode, type CtcChar } from './ctc';
import { DB_DEFAULTS, dbBoxes } from './db-postprocess';
import { dominantAngle, minAreaRect, type Quad, rectQuad, type RotatedRect } from './geometry';
import { lineTensor, type RgbImage, straighten } from './line-image';
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

export const READ_TEXT_DEFAULTS: ReadTextOptions = { detMaxSide: Number(process.env.OCR_DET ?? 736), recMinWidth: Number(process.env.OCR_RECMIN ?? 32) };

export const REC_HEIGHT = 48;
const REC_MAX_WIDTH = REC_HEIGHT * 40;
const CLS_WIDTH = 192;
// ImageNet statistics the detector was trained with, per channel in B, G, R order (OpenCV's order in PaddleOCR).
const MEAN = [0.406, 0.456, 0.485];
const STD = [0.225, 0.224, 0.229];

interface Region { left: number; top: number; width: number; height: number }

/** Part of the picture scaled for the detector: both sides multiples of 32 (the network halves them five times). */
async function detectorInput(img: RgbImage, region: Region, scale: number): Promise<{ tensor: Tensor; w: number; h: number }> {
  const w = Math.max(32, Math.round((region.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((region.height * scale) / 32) * 32);
  const raw = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).extract(region).resize(w, h, { fit: 'fill' }).raw().toBuffer();
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const k = 1 / (255 * STD[c]!);
    const shift = MEAN[c]! / STD[c]!;
    const src = 2 - c;
    const base = c * plane;
    for (let i = 0; i < plane; i++) data[base + i] = raw[i * 3 + src]! * k - shift;
  }
  return { tensor: new Tensor('float32', data, [1, 3, h, w]), w, h };
}

/** Text boxes found in a region of the picture scaled by `scale`, in the picture's pixels. */
async function detect(m: PaddleModels, img: RgbImage, region: Region, scale: number): Promise<Array<{ rect: RotatedRect; score: number }>> {
  const input = await detectorInput(img, region, scale);
  const out = await m.det.run({ [m.det.inputNames[0]!]: input.tensor });
  const prob = out[m.det.outputNames[0]!]!.data as Float32Array;
  const sx = region.width / input.w;
  const sy = region.height / input.h;
  return dbBoxes(prob, input.w, input.h, DB_DEFAULTS).map(({ rect, score }) => {
    // Scaled corner by corner: x and y scale slightly differently after rounding to multiples of 32.
    const corners = rectQuad(rect, rect.angle).map((p) => ({ x: region.left + p.x * sx, y: region.top + p.y * sy }));
    return { rect: minAreaRect(corners), score };
  });
}

/**
 * Boxes as the detector sees them best. The whole picture is scaled to `detMaxSide` first; when the text comes
 * out smaller than SMALL_TEXT there (a licence, a card photographed from further off), the part of the picture
 * holding text is cut out and detected again at a scale that makes its lines TARGET_TEXT tall, within
 * MAX_DET_PIXELS: a spaced-out label character is otherwise lost.
 */
async function findLines(m: PaddleModels, img: RgbImage, maxSide: number): Promise<Array<{ rect: RotatedRect; score: number }>> {
  const whole = { left: 0, top: 0, width: img.width, height: img.height };
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const first = await detect(m, img, whole, scale);
  if (first.length === 0) return first;
  const heights = first.map((f) => f.rect.h).sort((a, b) => a - b);
  const lineHeight = heights[heights.length >> 1]!;
  if (lineHeight * scale >= SMALL_TEXT) return first;
  const pad = 3 * lineHeight;
  const xs = first.flatMap((f) => rectQuad(f.rect, f.rect.angle).map((p) => p.x));
  const ys = first.flatMap((f) => rectQuad(f.rect, f.rect.angle).map((p) => p.y));
  const left = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const top = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const region = { left, top, width: Math.min(img.width, Math.ceil(Math.max(...xs) + pad)) - left, height: Math.min(img.height, Math.ceil(Math.max(...ys) + pad)) - top };
  const closer = Math.min(MAX_UPSCALE, TARGET_TEXT / lineHeight, Math.sqrt(MAX_DET_PIXELS / (region.width * region.height)));
  return closer > scale * 1.15 ? detect(m, img, region, closer) : first;
}

/** Median box height (detector pixels) below which the text is detected again closer. */
const SMALL_TEXT = 20;
const TARGET_TEXT = 28;
const MAX_DET_PIXELS = 1_300_000;
const MAX_UPSCALE = 1.5;

/**
 * Whether the page reads upside down along `direction`: the orientation classifier's vote over the widest
 * lines (a single short box says little).
 */
async function upsideDown(m: PaddleModels, img: RgbImage, rects: readonly RotatedRect[], direction: number): Promise<boolean> {
  const widest = [...rects].sort((a, b) => b.w - a.w).slice(0, 3);
  if (widest.length === 0) return false;
  let votes = 0;
  for (const r of widest) {
    const t = lineTensor(straighten(img, rectQuad(r, direction), REC_HEIGHT, CLS_WIDTH), CLS_WIDTH);
    const out = await m.cls.run({ [m.cls.inputNames[0]!]: new Tensor('float32', t.data, [1, 3, REC_HEIGHT, t.width]) });
    const p = out[m.cls.outputNames[0]!]!.data as Float32Array;
    votes += p[1]! > p[0]! ? 1 : -1;
  }
  return votes > 0;
}

/** Reads one straightened line (REC_HEIGHT rows tall). */
export async function recogniseLine(m: PaddleModels, line: RgbImage, minWidth: number): Promise<CtcChar[]> {
  const t = lineTensor(line, minWidth);
  const out = await m.rec.run({ [m.rec.inputNames[0]!]: new Tensor('float32', t.data, [1, 3, REC_HEIGHT, t.width]) });
  const o = out[m.rec.outputNames[0]!]!;
  const [, steps, classes] = o.dims as [number, number, number];
  return ctcDecode(o.data as Float32Array, steps, classes, m.dict, (steps * line.width) / t.width);
}

/** A box cut out and straightened along the reading direction, at the recogniser's height. */
export function lineImage(img: RgbImage, quad: Quad): RgbImage {
  return straighten(img, quad, REC_HEIGHT, REC_MAX_WIDTH);
}

/**
 * Finds and reads every line of text in the picture, wherever the document lies in it and however it is turned:
 * lines are boxed on a scaled copy, each box is cut from the full picture straightened along the page's reading
 * direction, and read at its own width. Returns the boxes and that direction (radians).
 */
export async function readText(m: PaddleModels, img: RgbImage, opts: ReadTextOptions = READ_TEXT_DEFAULTS): Promise<{ boxes: TextBox[]; direction: number }> {
  const found = await findLines(m, img, opts.detMaxSide);
  let direction = dominantAngle(found.map((f) => f.rect));
  if (await upsideDown(m, img, found.map((f) => f.rect), direction)) direction += Math.PI;
  const boxes: TextBox[] = [];
  for (const f of found) {
    const quad = rectQuad(f.rect, direction);
    const chars = await recogniseLine(m, lineImage(img, quad), opts.recMinWidth);
    if (chars.length > 0) boxes.push({ quad, rect: f.rect, score: f.score, chars });
  }
  return { boxes, direction };
}
