import { fft2, pow2 } from './fft';
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
const MAX_LENGTH = 28;
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
  for (const c of centres) {
    const x0 = Math.max(0, Math.min(img.width - n, Math.round(c.x - n / 2)));
    const y0 = Math.max(0, Math.min(img.height - n, Math.round(c.y - n / 2)));
    const re = new Float64Array(n * n), im = new Float64Array(n * n);
    let mean = 0;
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mean += re[y * n + x] = luma(img.data, ((y0 + y) * img.width + x0 + x) * 3);
    mean /= n * n;
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) re[y * n + x] = (re[y * n + x]! - mean) * win[x]! * win[y]!;
    fft2(re, im, n, n, false);
    for (let i = 0; i < n * n; i++) logSpec[i] += Math.log(1e-3 + Math.hypot(re[i]!, im[i]!));
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
  return best.z > DIP_SIGMAS ? { length: best.length, angle: best.angle } : undefined;
}

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

/**
 * The part of the picture round a line with the streak taken out (Wiener deconvolution of its brightness), as a
 * grey picture, with the line's quadrilateral in its coordinates. The region is mirrored out to the transform's
 * size so that its edges do not ring. `spectra` keeps the streak's transform for the next line of the same picture.
 */
export function deblurredRegion(img: RgbImage, quad: Quad, blur: MotionBlur, spectra = new Map<string, [Float64Array, Float64Array]>()): { img: RgbImage; quad: Quad } {
  const margin = Math.ceil(blur.length) + 8;
  const xs = quad.map((p) => p.x), ys = quad.map((p) => p.y);
  const left = Math.max(0, Math.floor(Math.min(...xs)) - margin), top = Math.max(0, Math.floor(Math.min(...ys)) - margin);
  const right = Math.min(img.width, Math.ceil(Math.max(...xs)) + margin), bottom = Math.min(img.height, Math.ceil(Math.max(...ys)) + margin);
  const rw = Math.max(1, right - left), rh = Math.max(1, bottom - top);
  const w = pow2(rw + 2 * margin), h = pow2(rh + 2 * margin);
  const re = new Float64Array(w * h), im = new Float64Array(w * h);
  // Mirrored about the region's edges, centred in the transform's frame.
  const ox = Math.floor((w - rw) / 2), oy = Math.floor((h - rh) / 2);
  const mirror = (v: number, len: number): number => {
    const p = 2 * len;
    const m = ((v % p) + p) % p;
    return m < len ? m : p - 1 - m;
  };
  for (let y = 0; y < h; y++) {
    const sy = top + mirror(y - oy, rh);
    for (let x = 0; x < w; x++) re[y * w + x] = luma(img.data, (sy * img.width + left + mirror(x - ox, rw)) * 3);
  }
  fft2(re, im, w, h, false);
  // The streak's transform depends only on the frame's size: lines of a picture share it.
  let spectrum = spectra.get(`${w}x${h}`);
  if (!spectrum) {
    spectrum = [psfImage(blur, w, h), new Float64Array(w * h)];
    fft2(spectrum[0], spectrum[1], w, h, false);
    spectra.set(`${w}x${h}`, spectrum);
  }
  const [kr, ki] = spectrum;
  for (let i = 0; i < w * h; i++) {
    const hr = kr[i]!, hi = ki[i]!;
    const d = hr * hr + hi * hi + WIENER_K;
    // (conj(H) · Y) / (|H|² + K)
    const yr = re[i]!, yi = im[i]!;
    re[i] = (hr * yr + hi * yi) / d;
    im[i] = (hr * yi - hi * yr) / d;
  }
  fft2(re, im, w, h, true);
  const out = new Uint8Array(rw * rh * 3);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const v = Math.max(0, Math.min(255, Math.round(re[(y + oy) * w + x + ox]!)));
      const o = (y * rw + x) * 3;
      out[o] = out[o + 1] = out[o + 2] = v;
    }
  }
  const q = quad.map((p) => ({ x: p.x - left, y: p.y - top })) as unknown as Quad;
  return { img: { data: out, width: rw, height: rh }, quad: q };
}
