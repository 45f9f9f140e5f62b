import { fft2, fftAny, pow2, smooth235, twoRealMagnitudes } from './fft';
import type { Quad } from './geometry';
import type { RgbImage } from './line-image';

/** A straight streak: what a hand's shake during the exposure makes of every point of the picture. */
export interface MotionBlur {
  /** Length of the streak in the picture's pixels. */
  length: number;
  /** Its direction, radians in [0, π). */
  angle: number;
}

const PATCH = 256;
const MIN_LENGTH = 4;
/**
 * Longer streaks are not looked for. Measured on the first evaluation generator's photos, which have no shake
 * at all (defocus and JPEG only): "streaks" of 16–28 px were found on 10 of 24 pictures, 6 of them over 16, and
 * each cost a deconvolution and a recogniser pass; the second generator's real streaks (7–11 px) were found
 * within a pixel. A shake much over 16 px at the working size smears the 15–30 px text of a document past
 * what deconvolution rescues: such a picture is refused as too blurred (see legibility.ts) anyway.
 */
const MAX_LENGTH = 16;
/**
 * How far the cepstrum must dip at a streak's length and twice it, below the other directions at the same
 * distances (in their standard deviations, the two dips combined), to be taken for a streak. Measured on both
 * evaluation generators' scans and photos: sharp pictures of text reach 3–5, shaken photos 4–5.5; a false
 * streak only costs the time of a second reading, which is kept only when the recogniser is surer of it.
 */
const DIP_SIGMAS = 4;

const luma = (d: Uint8Array, i: number): number => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

/** Where the patches are taken: the centres of the widest lines, kept apart so that they see different text. */
function patchCentres(quads: readonly Quad[], max: number): Array<{ x: number; y: number }> {
  const byWidth = [...quads].sort((a, b) => Math.hypot(b[1].x - b[0].x, b[1].y - b[0].y) - Math.hypot(a[1].x - a[0].x, a[1].y - a[0].y));
  const out: Array<{ x: number; y: number }> = [];
  for (const q of byWidth) {
    const c = { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 };
    if (out.every((o) => Math.hypot(o.x - c.x, o.y - c.y) > PATCH / 2)) out.push(c);
    if (out.length === max) break;
  }
  return out;
}

/**
 * Finds a motion blur from the picture's text, or undefined when it shows none. A streak of length L multiplies
 * the spectrum by a sinc whose zeros repeat every 1/L along its direction; the log spectrum's inverse transform
 * (the cepstrum) then dips at distance L in that direction. Log spectra of a few windowed patches over the text
 * are averaged, which keeps the text's own structure from being taken for a streak.
 */
export function estimateMotionBlur(img: RgbImage, lines: readonly Quad[]): MotionBlur | undefined {
  const n = Math.min(PATCH, pow2(Math.min(img.width, img.height)) / 2);
  if (n < 64) return undefined;
  const centres = patchCentres(lines, 6);
  if (centres.length === 0) return undefined;
  const logSpec = new Float64Array(n * n);
  const win = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n));
  /** The patch round `c`, windowed, its mean taken out. */
  const patch = (c: { x: number; y: number }): Float64Array => {
    const x0 = Math.max(0, Math.min(img.width - n, Math.round(c.x - n / 2)));
    const y0 = Math.max(0, Math.min(img.height - n, Math.round(c.y - n / 2)));
    const p = new Float64Array(n * n);
    let mean = 0;
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mean += p[y * n + x] = luma(img.data, ((y0 + y) * img.width + x0 + x) * 3);
    mean /= n * n;
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) p[y * n + x] = (p[y * n + x]! - mean) * win[x]! * win[y]!;
    return p;
  };
  // Patches two at a time through one complex transform; an odd last one alone.
  for (let k = 0; k < centres.length; k += 2) {
    const a = patch(centres[k]!);
    const second = centres[k + 1];
    if (second) {
      const b = patch(second);
      twoRealMagnitudes(a, b, n, n);
      for (let i = 0; i < n * n; i++) logSpec[i] += Math.log(1e-3 + a[i]!) + Math.log(1e-3 + b[i]!);
    } else {
      const im = new Float64Array(n * n);
      fft2(a, im, n, n, false);
      for (let i = 0; i < n * n; i++) logSpec[i] += Math.log(1e-3 + Math.hypot(a[i]!, im[i]!));
    }
  }
  const cim = new Float64Array(n * n);
  fft2(logSpec, cim, n, n, true);
  const cep = logSpec;
  const at = (x: number, y: number): number => {
    const xi = Math.round(x), yi = Math.round(y);
    return cep[(((yi % n) + n) % n) * n + (((xi % n) + n) % n)]!;
  };
  // Each distance is judged against the other directions at the same distance: the cepstrum of any picture
  // falls off away from its centre, and the text's own strokes raise it along the rows.
  const ANGLES = 90;
  const zs = new Map<number, Float64Array>();
  const zAt = (len: number): Float64Array => {
    let z = zs.get(len);
    if (!z) {
      const vs = Array.from({ length: ANGLES }, (_, k) => at(len * Math.cos((k * Math.PI) / ANGLES), len * Math.sin((k * Math.PI) / ANGLES)));
      const mean = vs.reduce((s, v) => s + v, 0) / ANGLES;
      const sd = Math.sqrt(vs.reduce((s, v) => s + (v - mean) ** 2, 0) / ANGLES) || 1;
      z = Float64Array.from(vs, (v) => (mean - v) / sd);
      zs.set(len, z);
    }
    return z;
  };
  // A streak's sinc dips again at twice its length: both dips together tell it from the text's own structure.
  let best = { length: 0, angle: 0, z: 0 };
  for (let len = MIN_LENGTH; len <= Math.min(MAX_LENGTH, n / 8); len++) {
    const z1 = zAt(len), z2 = zAt(2 * len);
    for (let k = 0; k < ANGLES; k++) {
      const z = (z1[k]! + z2[k]!) / Math.SQRT2;
      if (z > best.z) best = { length: len, angle: (k * Math.PI) / ANGLES, z };
    }
  }
  if (best.z <= DIP_SIGMAS) return undefined;
  // The sinc dips at every multiple of a streak's length, so a streak of 8 dips at 8, 16, 24 and 32, and 16 with its
  // double can score a little above 8 with its: twice the streak deconvolved makes the text worse than the shake
  // did (two of 48 development shaken photos, streaks of 7 read as 15 and 16). Half the length is taken when, in
  // the same direction, it dips on its own and with its double (the length found) passes as a streak.
  const k = Math.round((best.angle * ANGLES) / Math.PI) % ANGLES;
  const dip = (len: number): number => Math.max(...[-1, 0, 1].map((d) => zAt(len)[(k + d + ANGLES) % ANGLES]!));
  const halves = [Math.floor(best.length / 2), Math.ceil(best.length / 2)]
    .filter((h) => h >= MIN_LENGTH && dip(h) >= HALF_DIP_SIGMAS && (dip(h) + dip(2 * h)) / Math.SQRT2 > DIP_SIGMAS)
    .sort((a, b) => dip(b) + dip(2 * b) - (dip(a) + dip(2 * a)));
  return { length: halves[0] ?? best.length, angle: best.angle };
}

/**
 * How far (standard deviations) half a found streak's length must dip on its own to be taken for the streak (see
 * estimateMotionBlur): on development shaken photos the true length dipped 2.7–4.4 there, where a streak found
 * at its own length shows no dip at half of it (−4 to 0.7).
 */
const HALF_DIP_SIGMAS = 2.5;

/** The streak as an n-by-m kernel centred on pixel (0, 0), wrapping round the edges as the transform does. */
function psfImage(blur: MotionBlur, w: number, h: number): Float64Array {
  const k = new Float64Array(w * h);
  const steps = Math.max(2, Math.ceil(blur.length * 4));
  for (let s = 0; s <= steps; s++) {
    const t = (s / steps - 0.5) * blur.length;
    const x = t * Math.cos(blur.angle), y = t * Math.sin(blur.angle);
    const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0;
    for (const [dx, dy, wt] of [[0, 0, (1 - fx) * (1 - fy)], [1, 0, fx * (1 - fy)], [0, 1, (1 - fx) * fy], [1, 1, fx * fy]] as const) {
      k[(((y0 + dy) % h) + h) % h * w + ((((x0 + dx) % w) + w) % w)] += wt;
    }
  }
  const sum = k.reduce((a, b) => a + b, 0);
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
  return k;
}

/** Noise-to-signal ratio of the Wiener filter: a JPEG's noise kept from being amplified into speckle. */
const WIENER_K = 0.02;

/** A line's region of the picture, mirrored out to the transform's frame (powers of two) so its edges do not ring. */
interface Frame { left: number; top: number; rw: number; rh: number; w: number; h: number; ox: number; oy: number; quad: Quad }

function frameOf(img: RgbImage, quad: Quad, blur: MotionBlur, size: (n: number) => number = pow2): Frame {
  const margin = Math.ceil(blur.length) + 8;
  const xs = quad.map((p) => p.x), ys = quad.map((p) => p.y);
  const left = Math.max(0, Math.floor(Math.min(...xs)) - margin), top = Math.max(0, Math.floor(Math.min(...ys)) - margin);
  const right = Math.min(img.width, Math.ceil(Math.max(...xs)) + margin), bottom = Math.min(img.height, Math.ceil(Math.max(...ys)) + margin);
  const rw = Math.max(1, right - left), rh = Math.max(1, bottom - top);
  const w = size(rw + 2 * margin), h = size(rh + 2 * margin);
  // Centred in the transform's frame.
  return { left, top, rw, rh, w, h, ox: Math.floor((w - rw) / 2), oy: Math.floor((h - rh) / 2), quad };
}

/** The frame's brightness, mirrored about the region's edges, into `out` (w × h). */
function fillFrame(img: RgbImage, f: Frame, out: Float64Array): void {
  const mirror = (v: number, len: number): number => {
    const p = 2 * len;
    const m = ((v % p) + p) % p;
    return m < len ? m : p - 1 - m;
  };
  for (let y = 0; y < f.h; y++) {
    const sy = f.top + mirror(y - f.oy, f.rh);
    for (let x = 0; x < f.w; x++) out[y * f.w + x] = luma(img.data, (sy * img.width + f.left + mirror(x - f.ox, f.rw)) * 3);
  }
}

/** The region cut back out of a filtered frame, as a grey picture, with the line's quadrilateral in its coordinates. */
function regionOf(f: Frame, frame: Float64Array): { img: RgbImage; quad: Quad } {
  const out = new Uint8Array(f.rw * f.rh * 3);
  for (let y = 0; y < f.rh; y++) {
    for (let x = 0; x < f.rw; x++) {
      const v = Math.max(0, Math.min(255, Math.round(frame[(y + f.oy) * f.w + x + f.ox]!)));
      const o = (y * f.rw + x) * 3;
      out[o] = out[o + 1] = out[o + 2] = v;
    }
  }
  const q = f.quad.map((p) => ({ x: p.x - f.left, y: p.y - f.top })) as unknown as Quad;
  return { img: { data: out, width: f.rw, height: f.rh }, quad: q };
}

/**
 * The parts of the picture round lines with the streak taken out (Wiener deconvolution of their brightness), as
 * grey pictures, each with its line's quadrilateral in its coordinates. Lines whose frames have the same size
 * go through the transforms two at a time, one as the real part and one as the imaginary part: the filter is the
 * transform of a real kernel, so it keeps the two apart, and it costs half as much. The streak's transform
 * depends only on the frame's size and is made once per size.
 */
export function deblurredRegions(img: RgbImage, quads: readonly Quad[], blur: MotionBlur): Array<{ img: RgbImage; quad: Quad }> {
  const out = new Array<{ img: RgbImage; quad: Quad }>(quads.length);
  for (const done of deblurredInTurn(img, quads, blur)) for (const { index, ...region } of done) out[index] = region;
  return out;
}

/**
 * deblurredRegions one transform at a time: each pair of lines (or a last one alone) is yielded, with the lines'
 * places in `quads`, as soon as it is done, so the recogniser can read them while the next pair is worked on.
 */
export function* deblurredInTurn(img: RgbImage, quads: readonly Quad[], blur: MotionBlur): Generator<Array<{ index: number; img: RgbImage; quad: Quad }>> {
  const frames = quads.map((q) => frameOf(img, q, blur));
  const bySize = new Map<string, number[]>();
  frames.forEach((f, i) => bySize.set(`${f.w}x${f.h}`, [...(bySize.get(`${f.w}x${f.h}`) ?? []), i]));
  for (const idx of bySize.values()) {
    const { w, h } = frames[idx[0]!]!;
    const kr = psfImage(blur, w, h), ki = new Float64Array(w * h);
    fft2(kr, ki, w, h, false);
    for (let k = 0; k < idx.length; k += 2) {
      const [i, j] = [idx[k]!, idx[k + 1]];
      const re = new Float64Array(w * h), im = new Float64Array(w * h);
      fillFrame(img, frames[i]!, re);
      if (j !== undefined) fillFrame(img, frames[j]!, im);
      fft2(re, im, w, h, false);
      for (let p = 0; p < w * h; p++) {
        const hr = kr[p]!, hi = ki[p]!;
        const d = hr * hr + hi * hi + WIENER_K;
        // (conj(H) · Y) / (|H|² + K)
        const yr = re[p]!, yi = im[p]!;
        re[p] = (hr * yr + hi * yi) / d;
        im[p] = (hr * yi - hi * yr) / d;
      }
      fft2(re, im, w, h, true);
      yield j === undefined ? [{ index: i, ...regionOf(frames[i]!, re) }] : [{ index: i, ...regionOf(frames[i]!, re) }, { index: j, ...regionOf(frames[j]!, im) }];
    }
  }
}

/**
 * How far, in streak lengths, the filter's ringing from the seam where a frame wraps round still shows. A frame
 * this much wider than the region and its margin gives the region as the power-of-two frame does (measured on
 * shaken licence photos: at most one grey level apart, on under 0.05 % of the pixels; with no extra width, up to
 * 25 levels near the region's edges and 1–2 % of the pixels).
 */
const WRAP_REACH = 16;

/**
 * A large part of the picture (a whole document's text) with the streak taken out: the same Wiener filter as
 * deblurredRegions, made cheaper for one big region, which there costs three power-of-two transforms of up to
 * 3.5 times its size. Here the frame is only as large as the region, its mirrored margin and WRAP_REACH need
 * (sides with prime factors 2, 3, 5: fftAny), and the streak goes through the same transform as the picture, as
 * the imaginary part — both are real, so their transforms come apart again (X = (Z + conj Z₋)/2,
 * H = (Z − conj Z₋)/2i): two transforms instead of three.
 */
export function deblurredPicture(img: RgbImage, quad: Quad, blur: MotionBlur): { img: RgbImage; quad: Quad } {
  const f = frameOf(img, quad, blur, (n) => Math.min(pow2(n), smooth235(n + WRAP_REACH * blur.length)));
  const { w, h } = f;
  const re = new Float64Array(w * h);
  fillFrame(img, f, re);
  const im = psfImage(blur, w, h);
  fftAny(re, im, w, h, false);
  for (let y = 0; y < h; y++) {
    const my = ((h - y) % h) * w;
    for (let x = 0; x < w; x++) {
      const i = y * w + x, j = my + ((w - x) % w);
      // Each pair (k, −k) once: the result's transform is conjugate-symmetric too, so −k is k's conjugate.
      if (j < i) continue;
      const zr = re[i]!, zi = im[i]!, cr = re[j]!, ci = -im[j]!;
      const xr = (zr + cr) / 2, xi = (zi + ci) / 2;
      const hr = (zi - ci) / 2, hi = -(zr - cr) / 2;
      const d = hr * hr + hi * hi + WIENER_K;
      // (conj(H) · X) / (|H|² + K)
      const yr = (hr * xr + hi * xi) / d, yi = (hr * xi - hi * xr) / d;
      re[i] = yr;
      im[i] = yi;
      re[j] = yr;
      im[j] = -yi;
    }
  }
  fftAny(re, im, w, h, true);
  return regionOf(f, re);
}

/** One line's region with the streak taken out (see deblurredRegions). */
export function deblurredRegion(img: RgbImage, quad: Quad, blur: MotionBlur): { img: RgbImage; quad: Quad } {
  return deblurredRegions(img, [quad], blur)[0]!;
}
