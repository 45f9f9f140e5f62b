import type { Point, Quad } from './geometry';

/** Decoded pixels, 3 bytes (R, G, B) per pixel, row by row. */
export interface RgbImage { data: Uint8Array; width: number; height: number }

/**
 * Cuts the quadrilateral out of the image and straightens it to `height` rows (width in proportion, between
 * `minWidth` and `maxWidth`), as the recogniser's input: planar B, G, R scaled to [-1, 1], columns right of the
 * text padded with 0 (mid grey). Each output pixel averages up to 4×4 bilinear samples, so a line shrunk from
 * a large photo is smoothed rather than aliased.
 */
export function lineTensor(img: RgbImage, q: Quad, height: number, opts: { minWidth: number; maxWidth: number }): { data: Float32Array; width: number; contentWidth: number } {
  const srcW = Math.max(Math.hypot(q[1].x - q[0].x, q[1].y - q[0].y), Math.hypot(q[2].x - q[3].x, q[2].y - q[3].y));
  const srcH = Math.max(Math.hypot(q[3].x - q[0].x, q[3].y - q[0].y), Math.hypot(q[2].x - q[1].x, q[2].y - q[1].y));
  const contentWidth = Math.max(1, Math.min(opts.maxWidth, Math.ceil((height * srcW) / Math.max(1, srcH))));
  const width = Math.max(contentWidth, opts.minWidth);
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const k = Math.max(1, Math.min(4, Math.round(srcH / height)));
  const { data, width: iw, height: ih } = img;
  const at = (s: number, t: number): Point => ({
    x: (1 - s) * (1 - t) * q[0].x + s * (1 - t) * q[1].x + s * t * q[2].x + (1 - s) * t * q[3].x,
    y: (1 - s) * (1 - t) * q[0].y + s * (1 - t) * q[1].y + s * t * q[2].y + (1 - s) * t * q[3].y,
  });
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < contentWidth; u++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          const p = at((u + (sx + 0.5) / k) / contentWidth, (v + (sy + 0.5) / k) / height);
          // Bilinear sample, edges repeated (the box may reach past the picture).
          const x = Math.min(iw - 1, Math.max(0, p.x - 0.5));
          const y = Math.min(ih - 1, Math.max(0, p.y - 0.5));
          const x0 = Math.floor(x), y0 = Math.floor(y);
          const x1 = Math.min(iw - 1, x0 + 1), y1 = Math.min(ih - 1, y0 + 1);
          const fx = x - x0, fy = y - y0;
          const i00 = (y0 * iw + x0) * 3, i10 = (y0 * iw + x1) * 3, i01 = (y1 * iw + x0) * 3, i11 = (y1 * iw + x1) * 3;
          const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
          r += data[i00]! * w00 + data[i10]! * w10 + data[i01]! * w01 + data[i11]! * w11;
          g += data[i00 + 1]! * w00 + data[i10 + 1]! * w10 + data[i01 + 1]! * w01 + data[i11 + 1]! * w11;
          b += data[i00 + 2]! * w00 + data[i10 + 2]! * w10 + data[i01 + 2]! * w01 + data[i11 + 2]! * w11;
        }
      }
      const n = k * k * 127.5;
      const o = v * width + u;
      out[o] = b / n - 1;
      out[plane + o] = g / n - 1;
      out[2 * plane + o] = r / n - 1;
    }
  }
  return { data: out, width, contentWidth };
}
