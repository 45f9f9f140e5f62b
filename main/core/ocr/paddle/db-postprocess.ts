import { minAreaRect, missedBy, normaliseRect, type Point, type RotatedRect } from './geometry';

/**
 * Settings of the DB (differentiable binarisation) text detector's post-processing, as PaddleOCR and RapidOCR
 * ship them for the PP-OCR mobile detector.
 */
export interface DbOptions {
  /** A pixel is text when the model's probability exceeds this. */
  thresh: number;
  /** A region is kept when the mean probability inside its rectangle exceeds this. */
  boxThresh: number;
  /** The model marks a shrunk core of each text line; the box is grown back by area × ratio / perimeter. */
  unclipRatio: number;
  minSize: number;
  maxCandidates: number;
}

export const DB_DEFAULTS: DbOptions = { thresh: 0.3, boxThresh: 0.5, unclipRatio: 1.6, minSize: 3, maxCandidates: 1000 };

/** `faint`: scored below the box threshold and kept only because no other box lies there (see withFaintBoxes). */
export interface DetectedBox { rect: RotatedRect; score: number; faint?: true }

/** Text pixels grown by one pixel up and left (a 2×2 dilation), which joins characters split by a hairline. */
function bitmap(prob: Float32Array, w: number, h: number, thresh: number): Uint8Array {
  const raw = new Uint8Array(w * h);
  for (let i = 0; i < raw.length; i++) raw[i] = prob[i]! > thresh ? 1 : 0;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      out[i] = raw[i]! | (x > 0 ? raw[i - 1]! : 0) | (y > 0 ? raw[i - w]! : 0) | (x > 0 && y > 0 ? raw[i - w - 1]! : 0);
    }
  }
  return out;
}

/**
 * Regions of 8-connected text pixels, each as the leftmost and rightmost pixel of every row it spans: enough
 * for its convex hull, hence for its minimum-area rectangle.
 */
function regions(bits: Uint8Array, w: number, h: number, max: number): Point[][] {
  const label = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const rowMin = new Int32Array(h).fill(w);
  const rowMax = new Int32Array(h).fill(-1);
  const out: Point[][] = [];
  for (let start = 0; start < bits.length && out.length < max; start++) {
    if (!bits[start] || label[start]) continue;
    let top = h;
    let bottom = -1;
    let sp = 0;
    stack[sp++] = start;
    label[start] = 1;
    while (sp > 0) {
      const i = stack[--sp]!;
      const x = i % w;
      const y = (i - x) / w;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const j = yy * w + xx;
          if (bits[j] && !label[j]) {
            label[j] = 1;
            stack[sp++] = j;
          }
        }
      }
    }
    const pts: Point[] = [];
    for (let y = top; y <= bottom; y++) {
      if (rowMax[y]! < 0) continue;
      pts.push({ x: rowMin[y]!, y }, { x: rowMax[y]!, y });
      rowMin[y] = w;
      rowMax[y] = -1;
    }
    out.push(pts);
  }
  return out;
}

/** Mean probability over the pixels inside the rectangle (PaddleOCR's "fast" box score). */
function boxScore(prob: Float32Array, w: number, h: number, r: RotatedRect): number {
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  const hw = (r.w + 1) / 2;
  const hh = (r.h + 1) / 2;
  const ex = Math.abs(hw * cos) + Math.abs(hh * sin);
  const ey = Math.abs(hw * sin) + Math.abs(hh * cos);
  const x0 = Math.max(0, Math.floor(r.cx - ex)), x1 = Math.min(w - 1, Math.ceil(r.cx + ex));
  const y0 = Math.max(0, Math.floor(r.cy - ey)), y1 = Math.min(h - 1, Math.ceil(r.cy + ey));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - r.cx, dy = y - r.cy;
      if (Math.abs(dx * cos + dy * sin) > hw || Math.abs(dy * cos - dx * sin) > hh) continue;
      sum += prob[y * w + x]!;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** Text boxes from the detector's probability map (w × h), in the map's pixel coordinates. */
export function dbBoxes(prob: Float32Array, w: number, h: number, opts: DbOptions = DB_DEFAULTS): DetectedBox[] {
  const out: DetectedBox[] = [];
  for (const pts of regions(bitmap(prob, w, h, opts.thresh), w, h, opts.maxCandidates)) {
    const r = minAreaRect(pts);
    if (r.h < opts.minSize) continue;
    const score = boxScore(prob, w, h, r);
    if (score < opts.boxThresh) continue;
    // Growing a rectangle's outline by d on every side (what PaddleOCR does with a polygon clipper) gives a
    // rectangle d larger on each side.
    const d = (r.w * r.h * opts.unclipRatio) / (2 * (r.w + r.h));
    const grown = normaliseRect({ ...r, w: r.w + 2 * d, h: r.h + 2 * d });
    if (grown.h < opts.minSize + 2) continue;
    out.push({ rect: grown, score });
  }
  return out;
}

/**
 * Least mean probability of a faint box (see withFaintBoxes). Below it, on our hard photos, the boxes are the
 * background's stripes and the card's shadow edge, not text.
 */
export const FAINT_BOX_THRESH = 0.3;

/**
 * The boxes as dbBoxes finds them, and with them the faint ones (mean probability from FAINT_BOX_THRESH up to the
 * box threshold) that cover no part of any of them. On a small, blurred card the detector is unsure of whole
 * lines: the ID number, a label and a one-character value (女) scored 0.3–0.5 and were dropped, so the field was
 * lost whole. A faint box never replaces or splits a sure one; what it holds is read like any other line.
 */
export function withFaintBoxes(prob: Float32Array, w: number, h: number, opts: DbOptions = DB_DEFAULTS, faintThresh = FAINT_BOX_THRESH): DetectedBox[] {
  const all = dbBoxes(prob, w, h, { ...opts, boxThresh: Math.min(opts.boxThresh, faintThresh) });
  const sure = all.filter((b) => b.score >= opts.boxThresh);
  const alone = new Set(missedBy(all.filter((b) => b.score < opts.boxThresh).map((b) => b.rect), sure.map((b) => b.rect)));
  return [...sure, ...all.filter((b) => alone.has(b.rect)).map((b) => ({ ...b, faint: true as const }))];
}
