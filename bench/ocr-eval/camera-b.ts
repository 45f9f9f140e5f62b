// The second evaluation variant's captures, written apart from camera.ts (and from tests/fixtures/ocr/photo.ts)
// so that a pipeline tuned while looking at one is still measured on another:
// - scan-b: an office multifunction printer — the page drawn at another resolution (240–400 dpi), a grey bed, a
//   sepia cast that washes the colours out (the red seal turns grey), the printer's own sharpening, up to 2.5° skew, JPEG 55–90;
// - photo-b: a phone held over the counter — the document's corners pushed independently (a keystone, not a
//   3-D camera), a dark counter top with a reflection streak, the colour cast of office lighting (warm or
//   cool), strong vignetting, a soft shadow band across part of the document (the teller's hand or phone),
//   hand-shake motion blur, colour sensor noise, 1280–1920 px, JPEG 30–75.
import sharp from 'sharp';
import type { Rng } from '../../domain/random';
import { projective } from './camera';
import { choose } from './people';

export type CaptureB = 'scan-b' | 'photo-b';

const gauss = (rng: Rng): number => Math.sqrt(-2 * Math.log(Math.max(1e-9, rng()))) * Math.cos(2 * Math.PI * rng());

async function scanB(doc: Buffer, rng: Rng): Promise<Buffer> {
  const meta = await sharp(doc).metadata();
  const scale = choose(rng, [0.8, 1, 1.15, 1.33]);
  const bed = { r: 205 + Math.round(rng() * 25), g: 205 + Math.round(rng() * 25), b: 200 + Math.round(rng() * 25), alpha: 1 };
  const margin = Math.round(20 + rng() * 60);
  const img = sharp(doc)
    .resize({ width: Math.round(meta.width! * scale) })
    .rotate((rng() * 2 - 1) * 2.5, { background: bed })
    .flatten({ background: bed })
    .extend({ top: margin, bottom: Math.round(margin * (0.5 + rng())), left: margin, right: Math.round(margin * (0.5 + rng())), background: bed })
    .tint({ r: 255, g: 246, b: 222 })
    .sharpen({ sigma: 0.8 + rng() * 0.6 })
    .modulate({ brightness: 0.95 + rng() * 0.1 });
  return img.jpeg({ quality: 55 + Math.floor(rng() * 36) }).toBuffer();
}

async function photoB(doc: Buffer, rng: Rng): Promise<Buffer> {
  const { data: px, info } = await sharp(doc).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [dw, dh] = [info.width, info.height];
  const W = choose(rng, [1280, 1600, 1920]);
  const H = Math.round(W * choose(rng, [0.75, 0.5625]));
  // Where the document's corners land: a centred rectangle filling 55–80 % of the width, each corner pushed.
  const fill = 0.55 + rng() * 0.25;
  const w = W * fill;
  const h = (w * dh) / dw;
  const [cx, cy] = [W / 2 + (rng() - 0.5) * W * 0.1, H / 2 + (rng() - 0.5) * H * 0.1];
  const push = (): number => (rng() * 2 - 1) * w * 0.07;
  const turn = (rng() * 2 - 1) * 0.14;
  const at = (x: number, y: number): [number, number] => [cx + x * Math.cos(turn) - y * Math.sin(turn) + push(), cy + x * Math.sin(turn) + y * Math.cos(turn) + push()];
  const dst = [at(-w / 2, -h / 2), at(w / 2, -h / 2), at(w / 2, h / 2), at(-w / 2, h / 2)];
  const toDoc = projective(dst, [[0, 0], [dw, 0], [dw, dh], [0, dh]]);
  const counter = choose(rng, [[38, 36, 40], [62, 50, 44], [24, 30, 36]]);
  const cast = choose(rng, [[1.08, 1, 0.84], [0.9, 0.98, 1.1], [1, 1, 1]]);
  const streak = { a: rng() * Math.PI, off: (rng() - 0.5) * W * 0.6, width: W * (0.03 + rng() * 0.04), amp: 25 + rng() * 35 };
  // A soft band of shadow across the picture, at a random angle.
  const band = { a: rng() * Math.PI, off: (rng() - 0.5) * W * 0.5, width: W * (0.08 + rng() * 0.1), depth: 0.35 + rng() * 0.25 };
  const vignette = 0.35 + rng() * 0.25;
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [u, v] = toDoc(x, y);
      const ui = Math.floor(u), vi = Math.floor(v);
      let rgb: number[];
      if (ui >= 0 && vi >= 0 && ui < dw - 1 && vi < dh - 1 && px[(vi * dw + ui) * 4 + 3]! > 127) {
        const fx = u - ui, fy = v - vi;
        const p = (c: number, xx: number, yy: number): number => px[(yy * dw + xx) * 4 + c]!;
        rgb = [0, 1, 2].map((c) => p(c, ui, vi) * (1 - fx) * (1 - fy) + p(c, ui + 1, vi) * fx * (1 - fy) + p(c, ui, vi + 1) * (1 - fx) * fy + p(c, ui + 1, vi + 1) * fx * fy);
      } else {
        const d = Math.abs((x - W / 2) * Math.cos(streak.a) + (y - H / 2) * Math.sin(streak.a) - streak.off);
        const shine = d < streak.width ? streak.amp * (1 - d / streak.width) : 0;
        rgb = counter.map((c) => c + shine + 6 * Math.sin(x / 37 + y / 53));
      }
      const r2 = ((x - W / 2) / (W / 2)) ** 2 + ((y - H / 2) / (H / 2)) ** 2;
      const bd = Math.abs((x - W / 2) * Math.cos(band.a) + (y - H / 2) * Math.sin(band.a) - band.off);
      const shade = bd < band.width ? 1 - band.depth * (0.5 + 0.5 * Math.cos((Math.PI * bd) / band.width)) : 1;
      const gain = (1 - vignette * r2 * 0.5) * shade;
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.max(0, Math.min(255, rgb[c]! * gain * cast[c]! + gauss(rng) * 5));
    }
  }
  // Hand shake: a short straight streak in a random direction.
  const len = 3 + Math.floor(rng() * 3);
  const a = rng() * Math.PI;
  const size = 2 * len + 1;
  const kernel = new Array<number>(size * size).fill(0);
  for (let i = -len; i <= len; i++) kernel[(len + Math.round(i * Math.sin(a))) * size + len + Math.round(i * Math.cos(a))] = 1;
  return sharp(out, { raw: { width: W, height: H, channels: 3 } })
    .convolve({ width: size, height: size, kernel, scale: kernel.reduce((s, k) => s + k, 0) })
    .jpeg({ quality: 30 + Math.floor(rng() * 46) })
    .toBuffer();
}

/** Renders the SVG and captures it the second variant's way. */
export async function captureB(svg: string, how: CaptureB, rng: Rng): Promise<Buffer> {
  const doc = await sharp(Buffer.from(svg)).png().toBuffer();
  return how === 'scan-b' ? scanB(doc, rng) : photoB(doc, rng);
}
