import type { Quad } from './geometry';

/** Decoded pixels, 3 bytes (R, G, B) per pixel, row by row. */
export interface RgbImage { data: Uint8Array; width: number; height: number }

/**
 * Cuts the quadrilateral out of the image and straightens it to `height` rows, the width in proportion (at
 * most `maxWidth`). Each output pixel averages up to 4×4 bilinear samples, so a line shrunk from a large photo
 * is smoothed rather than aliased; samples past the picture's edge repeat the edge.
 */
export function straighten(img: RgbImage, q: Quad, height: number, maxWidth: number): RgbImage {
  const srcW = Math.max(Math.hypot(q[1].x - q[0].x, q[1].y - q[0].y), Math.hypot(q[2].x - q[3].x, q[2].y - q[3].y));
  const srcH = Math.max(Math.hypot(q[3].x - q[0].x, q[3].y - q[0].y), Math.hypot(q[2].x - q[1].x, q[2].y - q[1].y));
  const width = Math.max(1, Math.min(maxWidth, Math.ceil((height * srcW) / Math.max(1, srcH))));
  const k = Math.max(1, Math.min(4, Math.round(srcH / height)));
  const { data, width: iw, height: ih } = img;
  const sum = new Float32Array(width * 3);
  const out = new Uint8Array(width * height * 3);
  for (let v = 0; v < height; v++) {
    sum.fill(0);
    for (let sy = 0; sy < k; sy++) {
      // Along the quadrilateral's left and right edges to this sample row, then across between them.
      const t = (v + (sy + 0.5) / k) / height;
      const lx = q[0].x + (q[3].x - q[0].x) * t, ly = q[0].y + (q[3].y - q[0].y) * t;
      const rx = q[1].x + (q[2].x - q[1].x) * t, ry = q[1].y + (q[2].y - q[1].y) * t;
      for (let u = 0; u < width; u++) {
        for (let sx = 0; sx < k; sx++) {
          const s = (u + (sx + 0.5) / k) / width;
          const x = Math.min(iw - 1, Math.max(0, lx + (rx - lx) * s - 0.5));
          const y = Math.min(ih - 1, Math.max(0, ly + (ry - ly) * s - 0.5));
          const x0 = x | 0, y0 = y | 0;
          const x1 = x0 + 1 < iw ? x0 + 1 : x0, y1 = y0 + 1 < ih ? y0 + 1 : y0;
          const fx = x - x0, fy = y - y0;
          const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
          const i00 = (y0 * iw + x0) * 3, i10 = (y0 * iw + x1) * 3, i01 = (y1 * iw + x0) * 3, i11 = (y1 * iw + x1) * 3;
          const o = u * 3;
          sum[o] += data[i00]! * w00 + data[i10]! * w10 + data[i01]! * w01 + data[i11]! * w11;
          sum[o + 1] += data[i00 + 1]! * w00 + data[i10 + 1]! * w10 + data[i01 + 1]! * w01 + data[i11 + 1]! * w11;
          sum[o + 2] += data[i00 + 2]! * w00 + data[i10 + 2]! * w10 + data[i01 + 2]! * w01 + data[i11 + 2]! * w11;
        }
      }
    }
    const n = k * k;
    const row = v * width * 3;
    for (let i = 0; i < width * 3; i++) out[row + i] = Math.round(sum[i]! / n);
  }
  return { data: out, width, height };
}

/**
 * The recognisers' input from a straightened line: planar B, G, R (OpenCV's order, which PaddleOCR trained
 * with) scaled to [-1, 1], padded on the right with 0 (mid grey) to at least `minWidth` columns.
 */
export function lineTensor(line: RgbImage, minWidth: number): { data: Float32Array; width: number } {
  const width = Math.max(line.width, minWidth);
  const plane = width * line.height;
  const out = new Float32Array(3 * plane);
  for (let v = 0; v < line.height; v++) {
    for (let u = 0; u < line.width; u++) {
      const i = (v * line.width + u) * 3;
      const o = v * width + u;
      out[o] = line.data[i + 2]! / 127.5 - 1;
      out[plane + o] = line.data[i + 1]! / 127.5 - 1;
      out[2 * plane + o] = line.data[i]! / 127.5 - 1;
    }
  }
  return { data: out, width };
}

/**
 * The line with its edges steepened (unsharp mask: the difference from a Gaussian blur of `sigma` pixels added
 * back `amount` times): a phone's shake or focus smears strokes into one another, and the recogniser reads some
 * such lines better sharpened.
 */
export function sharpened(line: RgbImage, sigma: number, amount: number): RgbImage {
  const { width: w, height: h, data } = line;
  const r = Math.max(1, Math.ceil(sigma * 2));
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const norm = k.reduce((a, b) => a + b, 0);
  const across = new Float32Array(data.length);
  const blur = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = -r; i <= r; i++) s += data[(y * w + Math.min(w - 1, Math.max(0, x + i))) * 3 + c]! * k[i + r]!;
        across[(y * w + x) * 3 + c] = s / norm;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = -r; i <= r; i++) s += across[(Math.min(h - 1, Math.max(0, y + i)) * w + x) * 3 + c]! * k[i + r]!;
        blur[(y * w + x) * 3 + c] = s / norm;
      }
    }
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(data[i]! + amount * (data[i]! - blur[i]!))));
  return { data: out, width: w, height: h };
}
