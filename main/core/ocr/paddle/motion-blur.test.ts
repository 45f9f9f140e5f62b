import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../domain/random';
import { fft2, twoRealMagnitudes } from './fft';
import type { Quad } from './geometry';
import type { RgbImage } from './line-image';
import { deblurredInTurn, deblurredPicture, deblurredRegion, deblurredRegions, estimateMotionBlur, type MotionBlur } from './motion-blur';

const W = 640, H = 480;

/** Rows of dark strokes of random widths on white: text-like enough for a spectrum, no fonts needed. */
function page(seed: number): Float64Array {
  const rng = mulberry32(seed);
  const g = new Float64Array(W * H).fill(235);
  for (let row = 40; row < H - 60; row += 48) {
    for (let x = 40; x < W - 40; ) {
      const w = 2 + Math.floor(rng() * 4), h = 10 + Math.floor(rng() * 22), y = row + Math.floor(rng() * (32 - h));
      for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) g[yy * W + xx] = 30;
      x += w + 2 + Math.floor(rng() * 6);
      if (rng() < 0.08) x += 20;
    }
  }
  return g;
}

/** The page smeared along a streak (averaged over its length), with a little noise, as RGB. */
function photograph(g: Float64Array, blur: MotionBlur | undefined, seed: number): RgbImage {
  const rng = mulberry32(seed);
  const steps = blur ? Math.ceil(blur.length * 2) : 0;
  const out = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (let k = 0; k <= steps; k++) {
        const t = blur ? (k / steps - 0.5) * blur.length : 0;
        const sx = Math.min(W - 1, Math.max(0, Math.round(x + t * Math.cos(blur?.angle ?? 0))));
        const sy = Math.min(H - 1, Math.max(0, Math.round(y + t * Math.sin(blur?.angle ?? 0))));
        s += g[sy * W + sx]!;
      }
      const v = Math.max(0, Math.min(255, Math.round(s / (steps + 1) + (rng() - 0.5) * 6)));
      out.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { data: out, width: W, height: H };
}

const lines: Quad[] = [40, 184, 328].map((y) => [{ x: 40, y }, { x: W - 40, y }, { x: W - 40, y: y + 40 }, { x: 40, y: y + 40 }]);

describe('motion blur', () => {
  it('fft2 then its inverse gives the input back', () => {
    const re = Float64Array.from({ length: 64 * 32 }, (_, i) => Math.sin(i * 0.37) * 10 + (i % 7));
    const copy = re.slice();
    const im = new Float64Array(re.length);
    fft2(re, im, 64, 32, false);
    fft2(re, im, 64, 32, true);
    for (let i = 0; i < re.length; i++) expect(re[i]).toBeCloseTo(copy[i]!, 6);
  });

  it('finds the length and direction of a hand-shake streak, and none on a sharp picture', () => {
    const g = page(7);
    expect(estimateMotionBlur(photograph(g, undefined, 1), lines)).toBeUndefined();
    for (const truth of [{ length: 9, angle: (30 * Math.PI) / 180 }, { length: 12, angle: (100 * Math.PI) / 180 }]) {
      const found = estimateMotionBlur(photograph(g, truth, 2), lines);
      expect(found).toBeDefined();
      expect(Math.abs(found!.length - truth.length)).toBeLessThanOrEqual(1.5);
      const da = Math.abs(found!.angle - truth.angle) % Math.PI;
      expect(Math.min(da, Math.PI - da)).toBeLessThan((8 * Math.PI) / 180);
    }
  });

  it('takes a short streak for itself, not for its double (it dips at every multiple of its length)', () => {
    // Each of these was found at about twice its length (11, 15, 13) before half a length that dips was preferred.
    for (const [seed, truth] of [[7, { length: 5, angle: (30 * Math.PI) / 180 }], [8, { length: 7, angle: Math.PI / 2 }], [9, { length: 6, angle: 0 }]] as const) {
      const found = estimateMotionBlur(photograph(page(seed), truth, 2), lines);
      expect(Math.abs(found!.length - truth.length)).toBeLessThanOrEqual(1.5);
    }
  });

  it('reads two real patches through one transform exactly as through two', () => {
    const rng = mulberry32(5);
    const a = Float64Array.from({ length: 32 * 16 }, () => rng() * 100), b = Float64Array.from({ length: 32 * 16 }, () => rng() * 100 - 50);
    const [ar, ai, br, bi] = [a.slice(), new Float64Array(a.length), b.slice(), new Float64Array(b.length)];
    fft2(ar, ai, 32, 16, false);
    fft2(br, bi, 32, 16, false);
    twoRealMagnitudes(a, b, 32, 16);
    for (let i = 0; i < a.length; i++) {
      expect(a[i]).toBeCloseTo(Math.hypot(ar[i]!, ai[i]!), 6);
      expect(b[i]).toBeCloseTo(Math.hypot(br[i]!, bi[i]!), 6);
    }
  });

  it('deblurs lines two at a time exactly as one by one', () => {
    const blurred = photograph(page(13), { length: 8, angle: 0.4 }, 4);
    const blur = { length: 8, angle: 0.4 };
    const together = deblurredRegions(blurred, lines, blur);
    lines.forEach((q, i) => {
      const alone = deblurredRegion(blurred, q, blur);
      expect(together[i]!.quad).toEqual(alone.quad);
      const diff = together[i]!.img.data.reduce((m, v, k) => Math.max(m, Math.abs(v - alone.img.data[k]!)), 0);
      expect(diff).toBeLessThanOrEqual(1);
    });
  });

  it('hands the lines out a transform at a time, each once, as deblurredRegions gives them', () => {
    const blurred = photograph(page(13), { length: 8, angle: 0.4 }, 4);
    const blur = { length: 8, angle: 0.4 };
    const all = deblurredRegions(blurred, lines, blur);
    const turns = [...deblurredInTurn(blurred, lines, blur)];
    expect(turns.every((t) => t.length >= 1 && t.length <= 2)).toBe(true);
    expect(turns.flatMap((t) => t.map((r) => r.index)).sort((a, b) => a - b)).toEqual(lines.map((_, i) => i));
    for (const { index, img, quad } of turns.flat()) expect({ img, quad }).toEqual(all[index]);
  });

  it('takes the streak out round a line: the result is nearer the sharp page than the blurred picture', () => {
    const g = page(11);
    const blur = { length: 9, angle: (20 * Math.PI) / 180 };
    const blurred = photograph(g, blur, 3);
    const r = deblurredRegion(blurred, lines[1]!, blur);
    // The region's origin in the picture, from where the line's corner moved to.
    const left = Math.round(lines[1]![0].x - r.quad[0].x), top = Math.round(lines[1]![0].y - r.quad[0].y);
    let errBlurred = 0, errDeblurred = 0;
    for (let y = 188; y < 220; y++) {
      for (let x = 60; x < W - 60; x++) {
        errBlurred += Math.abs(blurred.data[(y * W + x) * 3]! - g[y * W + x]!);
        errDeblurred += Math.abs(r.img.data[((y - top) * r.img.width + x - left) * 3]! - g[y * W + x]!);
      }
    }
    expect(errDeblurred).toBeLessThan(0.8 * errBlurred);
  });

  it('deblurs a whole page region on its smaller frame as on the power-of-two one', () => {
    const blur = { length: 9, angle: 0.7 };
    const blurred = photograph(page(17), blur, 5);
    // 560×420 (plus margins) would take a 1,024×512 power-of-two frame.
    const region: Quad = [{ x: 40, y: 30 }, { x: 600, y: 30 }, { x: 600, y: 450 }, { x: 40, y: 450 }];
    const a = deblurredRegion(blurred, region, blur), b = deblurredPicture(blurred, region, blur);
    expect(b.quad).toEqual(a.quad);
    expect([b.img.width, b.img.height]).toEqual([a.img.width, a.img.height]);
    let apart = 0, most = 0;
    for (let k = 0; k < a.img.data.length; k++) {
      const d = Math.abs(a.img.data[k]! - b.img.data[k]!);
      most = Math.max(most, d);
      if (d > 0) apart++;
    }
    expect(most).toBeLessThanOrEqual(1);
    expect(apart / a.img.data.length).toBeLessThan(0.005);
  });
});
