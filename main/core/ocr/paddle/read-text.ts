import { Tensor } from 'onnxruntime-node';
import type { CtcChar } from './ctc';
import { DB_DEFAULTS, type DetectedBox, withFaintBoxes } from './db-postprocess';
import { dominantAngle, minAreaRect, missedBy, type Quad, rectQuad, type RotatedRect } from './geometry';
import { lineTensor, type RgbImage, straighten } from './line-image';
import type { DetectorModels } from './models';
import { deblurredInTurn, deblurredPicture, estimateMotionBlur, type MotionBlur } from './motion-blur';
import { DOUBTFUL_BELOW, REC_HEIGHT, surer } from './recognise';
import type { Recogniser } from './recogniser-client';

/** One line of text as the detector boxed it and the recogniser read it, in the picture's pixels. */
export interface TextBox {
  quad: Quad;
  rect: RotatedRect;
  /** Mean detection probability inside the box. */
  score: number;
  chars: CtcChar[];
}

/** One picture as read: its lines, the page's reading direction, and the hand-shake streak found in it, if any. */
export interface ReadPicture {
  boxes: TextBox[];
  direction: number;
  /** Lines found and left unread (see LineChoice): they still count for the picture's line height. */
  unread?: RotatedRect[];
  /** Looked for only when a line was read with a doubtful character (see rereadDoubtful). */
  blur?: MotionBlur;
}

export interface ReadTextOptions {
  /** The longer side of the picture is scaled to this (a multiple of 32) for detection. */
  detMaxSide: number;
  /** Lines narrower than this are padded (PaddleOCR pads every line to at least 320 at height 48). */
  recMinWidth: number;
  /** Which doubtful lines are read a second time (see rereadDoubtful); all of them when not given. */
  worthReadingAgain?: RereadChoice;
  /** Which lines are read at all (see LineChoice); every one when not given. */
  linesToRead?: LineChoice;
}

/**
 * Lines read in two turns, for a document that knows where its fields lie: `first` picks from the boxes alone the
 * lines read first (its labels); `rest`, given the picture's lines with those read (the others with no
 * characters yet), which of the others are read at all. A line not read is left out of the picture's boxes.
 */
export interface LineChoice {
  first: (quads: readonly Quad[], direction: number) => (index: number) => boolean;
  rest: (first: readonly TextBox[], direction: number) => (index: number) => boolean;
}

/**
 * Given a picture's lines as first read (in detection order; a line read as nothing has no characters), which of
 * them are worth a second reading: a document that knows where its fields lie can spare the lines that hold none.
 * `settled`: the first reading already gives the whole document surely, so nothing is read again and the picture
 * is not searched for a shake either (how legible a picture is only matters to a reading it leaves unsure).
 */
export type RereadChoice = (first: readonly TextBox[], direction: number, img: RgbImage) => ((index: number) => boolean) | 'settled';

/**
 * 736 is RapidOCR's detection size; lines narrower than 32 columns are padded. Measured on the development set
 * (tests/fixtures/ocr): 960 and PaddleOCR's padding to 320 read no better and cost a third more.
 */
export const READ_TEXT_DEFAULTS: ReadTextOptions = { detMaxSide: 736, recMinWidth: 32 };

const REC_MAX_WIDTH = REC_HEIGHT * 40;
const CLS_WIDTH = 192;
// ImageNet statistics the detector was trained with, per channel in B, G, R order (OpenCV's order in PaddleOCR).
const MEAN = [0.406, 0.456, 0.485];
const STD = [0.225, 0.224, 0.229];

interface Region { left: number; top: number; width: number; height: number }

/**
 * Part of the picture scaled for the detector, both sides multiples of 32 (the network halves them five times):
 * bilinear, as PaddleOCR resizes with OpenCV, and normalised in the same pass.
 */
function detectorInput(img: RgbImage, region: Region, scale: number): { tensor: Tensor; w: number; h: number } {
  const w = Math.max(32, Math.round((region.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((region.height * scale) / 32) * 32);
  const { data: src, width: iw, height: ih } = img;
  const plane = w * h;
  const out = new Float32Array(3 * plane);
  // Per plane (B, G, R): the value over 255·std, less mean/std.
  const kB = 1 / (255 * STD[0]!), kG = 1 / (255 * STD[1]!), kR = 1 / (255 * STD[2]!);
  const sB = MEAN[0]! / STD[0]!, sG = MEAN[1]! / STD[1]!, sR = MEAN[2]! / STD[2]!;
  const fx = region.width / w;
  const fy = region.height / h;
  // Source columns and weights are the same on every row: worked out once (this loop runs over a million pixels).
  const col0 = new Int32Array(w), col1 = new Int32Array(w), colT = new Float64Array(w), colU = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const sx = Math.min(iw - 1, Math.max(0, region.left + (x + 0.5) * fx - 0.5));
    const x0 = sx | 0;
    col0[x] = x0 * 3;
    col1[x] = (x0 + 1 < iw ? x0 + 1 : x0) * 3;
    colT[x] = sx - x0;
    colU[x] = 1 - (sx - x0);
  }
  for (let y = 0; y < h; y++) {
    const sy = Math.min(ih - 1, Math.max(0, region.top + (y + 0.5) * fy - 0.5));
    const y0 = sy | 0;
    const y1 = y0 + 1 < ih ? y0 + 1 : y0;
    const ty = sy - y0, uy = 1 - ty;
    const row0 = y0 * iw * 3, row1 = y1 * iw * 3;
    // The three planes written in one pass, unrolled (twice as fast as a loop over channels; the same sums).
    for (let x = 0, o = y * w; x < w; x++, o++) {
      const tx = colT[x]!, ux = colU[x]!;
      const a = row0 + col0[x]!, b = row0 + col1[x]!, c = row1 + col0[x]!, d = row1 + col1[x]!;
      out[o] = ((src[a + 2]! * ux + src[b + 2]! * tx) * uy + (src[c + 2]! * ux + src[d + 2]! * tx) * ty) * kB - sB;
      out[plane + o] = ((src[a + 1]! * ux + src[b + 1]! * tx) * uy + (src[c + 1]! * ux + src[d + 1]! * tx) * ty) * kG - sG;
      out[2 * plane + o] = ((src[a]! * ux + src[b]! * tx) * uy + (src[c]! * ux + src[d]! * tx) * ty) * kR - sR;
    }
  }
  return { tensor: new Tensor('float32', out, [1, 3, h, w]), w, h };
}

/** Text boxes found in a region of the picture scaled by `scale`, in the picture's pixels, faint ones too (see withFaintBoxes). */
async function detect(m: DetectorModels, img: RgbImage, region: Region, scale: number): Promise<DetectedBox[]> {
  const input = detectorInput(img, region, scale);
  const out = await m.det.run({ [m.det.inputNames[0]!]: input.tensor });
  const prob = out[m.det.outputNames[0]!]!.data as Float32Array;
  const sx = region.width / input.w;
  const sy = region.height / input.h;
  return withFaintBoxes(prob, input.w, input.h, DB_DEFAULTS).map(({ rect, ...rest }) => {
    // Scaled corner by corner: x and y scale slightly differently after rounding to multiples of 32.
    const corners = rectQuad(rect, rect.angle).map((p) => ({ x: region.left + p.x * sx, y: region.top + p.y * sy }));
    return { ...rest, rect: minAreaRect(corners) };
  });
}

/**
 * Boxes as the detector sees them best. The whole picture is scaled to `detMaxSide` first; when the text comes
 * out smaller than SMALL_TEXT there (a licence, a card photographed from further off), the part of the picture
 * holding text is cut out and detected again at a scale that makes its lines TARGET_TEXT tall, within
 * MAX_DET_PIXELS: a spaced-out label character is otherwise lost. When the first look finds fewer than
 * FEW_LINES lines, only a document's largest print was seen (the two title rows of a card's back, its small
 * field rows lost to a blurred photo taken from afar): the picture round them is looked at again as closely as
 * MAX_UPSCALE and MAX_DET_PIXELS allow. Boxes of the first look that the closer one missed altogether are kept.
 * Whether and where to look closer is judged on the sure boxes only: faint ones are kept, never counted.
 */
async function findLines(m: DetectorModels, img: RgbImage, maxSide: number): Promise<DetectedBox[]> {
  const whole = { left: 0, top: 0, width: img.width, height: img.height };
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  const seen = await detect(m, img, whole, scale);
  const first = seen.filter((f) => !f.faint);
  if (first.length === 0) return seen;
  const heights = first.map((f) => f.rect.h).sort((a, b) => a - b);
  const lineHeight = heights[heights.length >> 1]!;
  const few = first.length < FEW_LINES;
  if (!few && lineHeight * scale >= SMALL_TEXT) return seen;
  // The rows missed lie within a few title heights of the titles (the back's field rows are below them).
  const pad = few ? FEW_LINES_PAD * heights[heights.length - 1]! : 3 * lineHeight;
  const xs = first.flatMap((f) => rectQuad(f.rect, f.rect.angle).map((p) => p.x));
  const ys = first.flatMap((f) => rectQuad(f.rect, f.rect.angle).map((p) => p.y));
  const left = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const top = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const region = { left, top, width: Math.min(img.width, Math.ceil(Math.max(...xs) + pad)) - left, height: Math.min(img.height, Math.ceil(Math.max(...ys) + pad)) - top };
  const closer = Math.min(MAX_UPSCALE, few ? Infinity : TARGET_TEXT / lineHeight, Math.sqrt(MAX_DET_PIXELS / (region.width * region.height)));
  if (closer <= scale * 1.15) return seen;
  // What the first look found and the closer one did not is kept: a label spaced out to two lone characters can
  // join into one box that scores below the threshold closer up (住  所 on a clean scan did).
  const near = await detect(m, img, region, closer);
  const missed = new Set(missedBy(seen.map((f) => f.rect), near.map((n) => n.rect)));
  return [...near, ...seen.filter((f) => missed.has(f.rect))];
}

/** Median box height (detector pixels) below which the text is detected again closer. */
const SMALL_TEXT = 20;
const TARGET_TEXT = 28;
const MAX_DET_PIXELS = 1_300_000;
const MAX_UPSCALE = 1.5;
/**
 * A card's back has six lines, its front seven or more, a licence many more: fewer than this at the first look
 * means some were not seen. The region looked at again reaches this many of the tallest line's heights round
 * what was found.
 */
const FEW_LINES = 4;
const FEW_LINES_PAD = 4;

/**
 * Whether the page reads upside down along `direction`: the orientation classifier's vote over the widest
 * lines (a single short box says little).
 */
async function upsideDown(m: DetectorModels, img: RgbImage, rects: readonly RotatedRect[], direction: number): Promise<boolean> {
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

/** A box cut out and straightened along the reading direction, at the recogniser's height. */
export function lineImage(img: RgbImage, quad: Quad): RgbImage {
  return straighten(img, quad, REC_HEIGHT, REC_MAX_WIDTH);
}

/**
 * Lines read again with the streak taken out: each pair is handed to the recogniser as soon as it is deconvolved,
 * so the recogniser (another thread) reads while the next pair is worked on here, instead of waiting for them all.
 */
async function readDeblurred(rec: Recogniser, img: RgbImage, quads: readonly Quad[], blur: MotionBlur, minWidth: number): Promise<CtcChar[][]> {
  const read = new Array<CtcChar[]>(quads.length);
  const pending: Array<Promise<void>> = [];
  for (const done of deblurredInTurn(img, quads, blur)) {
    const reading = rec.recognise(done.map((r) => lineImage(r.img, r.quad)), minWidth, 'plain').then((cs) => done.forEach((r, k) => (read[r.index] = cs[k]!)));
    // A failure is reported by Promise.all below, not as unhandled while the next pair is worked on.
    reading.catch(() => undefined);
    pending.push(reading);
    // Lets the recogniser's answers and requests through between transforms.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
  return read;
}

/**
 * Lines read with a doubtful character are read a second time, and the surer reading kept. A phone's shake
 * smears every stroke into a streak, and the recogniser then misreads characters it is unsure of: the picture
 * is searched for such a streak (only when a line was doubtful: a sharp scan never pays for it); if one is
 * found, those lines are read again with it taken out (Wiener deconvolution round each line), otherwise
 * sharpened (a soft focus). One second reading, not both: on a shaken photo the sharpened one rarely won and
 * cost a recogniser pass per doubtful line.
 */
async function rereadDoubtful(rec: Recogniser, img: RgbImage, quads: readonly Quad[], read: CtcChar[][], minWidth: number, choose?: () => ReturnType<RereadChoice>): Promise<{ read: CtcChar[][]; blur?: MotionBlur }> {
  const anyDoubtful = read.flatMap((cs, i) => (cs.some((c) => c.prob < DOUBTFUL_BELOW) ? [i] : []));
  if (anyDoubtful.length === 0) return { read };
  const worth = choose?.() ?? (() => true);
  if (worth === 'settled') return { read };
  // The shake is looked for whenever a line was doubtful, read again or not: how legible the picture is does not
  // depend on which lines are read again.
  const blur = estimateMotionBlur(img, quads);
  const doubtful = anyDoubtful.filter(worth);
  if (doubtful.length === 0) return { read, blur };
  const again = blur
    ? await readDeblurred(rec, img, doubtful.map((i) => quads[i]!), blur, minWidth)
    : await rec.recognise(doubtful.map((i) => lineImage(img, quads[i]!)), minWidth, 'sharpened');
  const out = [...read];
  doubtful.forEach((i, k) => {
    if (surer(again[k]!, read[i]!)) out[i] = again[k]!;
  });
  return { read: out, blur };
}

/**
 * A picture read again with a found shake taken out of all of it, not only round the lines found (see
 * rereadDoubtful): on the shaken picture the detector joins a label to its value, or cuts a line short where its
 * smear fades, and a line reread inside a wrong box stays wrong. The part of the picture holding `boxes` (with a
 * margin of two lines) is deconvolved once, and its lines are found, turned and read anew there; they are
 * given back in the picture's pixels. Costs a deconvolution, a detection and a reading: for a picture that
 * would otherwise be refused as too blurred.
 */
export async function readPictureDeblurred(m: DetectorModels, rec: Recogniser, img: RgbImage, boxes: readonly TextBox[], blur: MotionBlur, opts: ReadTextOptions = READ_TEXT_DEFAULTS): Promise<ReadPicture> {
  if (boxes.length === 0) return { boxes: [], direction: 0, blur };
  const xs = boxes.flatMap((b) => b.quad.map((p) => p.x)), ys = boxes.flatMap((b) => b.quad.map((p) => p.y));
  const heights = boxes.map((b) => b.rect.h).sort((a, b) => a - b);
  const pad = 2 * heights[heights.length >> 1]!;
  const left = Math.max(0, Math.floor(Math.min(...xs) - pad)), top = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const right = Math.min(img.width, Math.ceil(Math.max(...xs) + pad)), bottom = Math.min(img.height, Math.ceil(Math.max(...ys) + pad));
  const clear = deblurredPicture(img, [{ x: left, y: top }, { x: right, y: top }, { x: right, y: bottom }, { x: left, y: bottom }], blur);
  // The deconvolved region's own origin in the picture (its frame adds a margin for the streak).
  const dx = left - clear.quad[0].x, dy = top - clear.quad[0].y;
  const found = await findLines(m, clear.img, opts.detMaxSide);
  let direction = dominantAngle(found.map((f) => f.rect));
  if (await upsideDown(m, clear.img, found.map((f) => f.rect), direction)) direction += Math.PI;
  const quads = found.map((f) => rectQuad(f.rect, direction));
  const read = await rec.recognise(quads.map((q) => lineImage(clear.img, q)), opts.recMinWidth, 'plain');
  return {
    boxes: found.flatMap((f, i) => (read[i]!.length > 0
      ? [{ quad: quads[i]!.map((p) => ({ x: p.x + dx, y: p.y + dy })) as unknown as Quad, rect: { ...f.rect, cx: f.rect.cx + dx, cy: f.rect.cy + dy }, score: f.score, chars: read[i]! }]
      : [])),
    direction,
    blur,
  };
}

/** A picture's lines read in the two turns of `choice` (see LineChoice); those not read have no characters. */
async function readInTurns(rec: Recogniser, img: RgbImage, quads: readonly Quad[], direction: number, choice: LineChoice, minWidth: number, boxesOf: (read: CtcChar[][]) => TextBox[]): Promise<{ read: CtcChar[][]; unread: Set<number> }> {
  const isFirst = choice.first(quads, direction);
  const turn1 = quads.flatMap((_, i) => (isFirst(i) ? [i] : []));
  const read: CtcChar[][] = quads.map(() => []);
  (await rec.recognise(turn1.map((i) => lineImage(img, quads[i]!)), minWidth, 'plain')).forEach((cs, k) => (read[turn1[k]!] = cs));
  const wanted = choice.rest(boxesOf(read), direction);
  const others = quads.flatMap((_, i) => (isFirst(i) ? [] : [i]));
  const turn2 = others.filter(wanted);
  if (turn2.length > 0) (await rec.recognise(turn2.map((i) => lineImage(img, quads[i]!)), minWidth, 'plain')).forEach((cs, k) => (read[turn2[k]!] = cs));
  return { read, unread: new Set(others.filter((i) => !turn2.includes(i))) };
}

/**
 * Reads pictures as they were taken, wherever the document lies in them and however it is turned: lines are
 * boxed on a scaled copy, each box is cut from the full picture straightened along the page's reading direction
 * and read at its own width. Detection runs on this thread, one picture after the other; each picture's lines go
 * to the recogniser thread as soon as they are cut, so it reads the front while the back is being searched.
 */
export async function readText(
  m: DetectorModels,
  rec: Recogniser,
  images: readonly RgbImage[],
  onPicture: (index: number) => void = () => undefined,
  opts: ReadTextOptions = READ_TEXT_DEFAULTS,
): Promise<ReadPicture[]> {
  const reads: Array<Promise<ReadPicture>> = [];
  for (const [index, img] of images.entries()) {
    onPicture(index);
    const found = await findLines(m, img, opts.detMaxSide);
    let direction = dominantAngle(found.map((f) => f.rect));
    if (await upsideDown(m, img, found.map((f) => f.rect), direction)) direction += Math.PI;
    const quads = found.map((f) => rectQuad(f.rect, direction));
    const dir = direction;
    const boxesOf = (read: CtcChar[][]): TextBox[] => found.map((f, i) => ({ quad: quads[i]!, rect: f.rect, score: f.score, chars: read[i]! }));
    // Asked only when a line was doubtful (a clean scan has none).
    const choose = (read: CtcChar[][]) => opts.worthReadingAgain && (() => opts.worthReadingAgain!(boxesOf(read), dir, img));
    const lines = opts.linesToRead
      ? readInTurns(rec, img, quads, dir, opts.linesToRead, opts.recMinWidth, boxesOf)
      : rec.recognise(quads.map((q) => lineImage(img, q)), opts.recMinWidth, 'plain').then((read) => ({ read, unread: new Set<number>() }));
    reads.push(lines.then(({ read, unread }) => rereadDoubtful(rec, img, quads, read, opts.recMinWidth, choose(read)).then(({ read, blur }) => ({
      boxes: boxesOf(read).filter((b) => b.chars.length > 0),
      direction: dir,
      ...(unread.size > 0 ? { unread: found.flatMap((f, i) => (unread.has(i) ? [f.rect] : [])) } : {}),
      ...(blur ? { blur } : {}),
    }))));
  }
  return Promise.all(reads);
}
