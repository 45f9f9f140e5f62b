/** The smallest power of two not below n. */
export const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** A transform's fixed parts for one length and direction, worked out once (the blur search runs hundreds). */
interface Plan {
  /** Pairs (i, j), i < j, swapped by the bit-reversal permutation. */
  swaps: Int32Array;
  /**
   * Twiddle factors of every stage (len = 2, 4, …, n; len/2 each, stage after stage), made by the same
   * rotation recurrence the butterflies used to run inline, so the transform's results are bit for bit as before.
   */
  wr: Float64Array;
  wi: Float64Array;
}

const plans = new Map<number, Plan>();

function planFor(n: number, inverse: boolean): Plan {
  const key = inverse ? -n : n;
  let p = plans.get(key);
  if (p) return p;
  const swaps: number[] = [];
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) swaps.push(i, j);
  }
  const wr = new Float64Array(Math.max(0, n - 1)), wi = new Float64Array(Math.max(0, n - 1));
  for (let len = 2, off = 0; len <= n; off += len >> 1, len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const sr = Math.cos(ang), si = Math.sin(ang);
    let cr = 1, ci = 0;
    for (let k = 0; k < len >> 1; k++) {
      wr[off + k] = cr;
      wi[off + k] = ci;
      const t = cr * sr - ci * si;
      ci = cr * si + ci * sr;
      cr = t;
    }
  }
  p = { swaps: Int32Array.from(swaps), wr, wi };
  plans.set(key, p);
  return p;
}

/** In-place iterative radix-2 FFT of one complex sequence of power-of-two length (inverse scaled by 1/n). */
export function fft1(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  const { swaps, wr, wi } = planFor(n, inverse);
  for (let s = 0; s < swaps.length; s += 2) {
    const i = swaps[s]!, j = swaps[s + 1]!;
    const tr = re[i]!, ti = im[i]!;
    re[i] = re[j]!;
    im[i] = im[j]!;
    re[j] = tr;
    im[j] = ti;
  }
  for (let half = 1, off = 0; half < n; off += half, half <<= 1) {
    const len = half << 1;
    for (let k = 0; k < half; k++) {
      const cr = wr[off + k]!, ci = wi[off + k]!;
      for (let a = k; a < n; a += len) {
        const b = a + half;
        const xr = re[b]! * cr - im[b]! * ci, xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
  // Dividing by a power of two is exact: the same as multiplying by its inverse.
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! * s;
      im[i] = im[i]! * s;
    }
  }
}

/**
 * The same transform along the columns of a w×h image, all columns at once: rows are swapped and combined whole,
 * which walks memory in order instead of striding down each column (the same arithmetic per element as fft1).
 */
function fftColumns(re: Float64Array, im: Float64Array, w: number, h: number, inverse: boolean): void {
  const { swaps, wr, wi } = planFor(h, inverse);
  const tr = new Float64Array(w), ti = new Float64Array(w);
  for (let s = 0; s < swaps.length; s += 2) {
    const i = swaps[s]! * w, j = swaps[s + 1]! * w;
    tr.set(re.subarray(i, i + w));
    ti.set(im.subarray(i, i + w));
    re.copyWithin(i, j, j + w);
    im.copyWithin(i, j, j + w);
    re.set(tr, j);
    im.set(ti, j);
  }
  for (let half = 1, off = 0; half < h; off += half, half <<= 1) {
    const len = half << 1;
    for (let k = 0; k < half; k++) {
      const cr = wr[off + k]!, ci = wi[off + k]!;
      for (let a = k; a < h; a += len) {
        const ra = a * w, rb = (a + half) * w;
        for (let x = 0; x < w; x++) {
          const pa = ra + x, pb = rb + x;
          const xr = re[pb]! * cr - im[pb]! * ci, xi = re[pb]! * ci + im[pb]! * cr;
          re[pb] = re[pa]! - xr;
          im[pb] = im[pa]! - xi;
          re[pa] = re[pa]! + xr;
          im[pa] = im[pa]! + xi;
        }
      }
    }
  }
  if (inverse) {
    const s = 1 / h;
    for (let i = 0; i < w * h; i++) {
      re[i] = re[i]! * s;
      im[i] = im[i]! * s;
    }
  }
}

/** In-place 2-D FFT of a w×h complex image stored row by row (both sides powers of two). */
export function fft2(re: Float64Array, im: Float64Array, w: number, h: number, inverse: boolean): void {
  for (let y = 0; y < h; y++) fft1(re.subarray(y * w, y * w + w), im.subarray(y * w, y * w + w), inverse);
  fftColumns(re, im, w, h, inverse);
}

/**
 * Magnitude spectra of two real w×h images from one complex transform (half the work of two): `a` goes in as
 * the real part and `b` as the imaginary part, and since a real image's transform is conjugate-symmetric,
 * A[k] = (Z[k] + conj Z[−k]) / 2 and B[k] = (Z[k] − conj Z[−k]) / 2i. Both arrays are overwritten with |A| and |B|.
 */
export function twoRealMagnitudes(a: Float64Array, b: Float64Array, w: number, h: number): void {
  fft2(a, b, w, h, false);
  const ma = new Float64Array(w * h), mb = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const my = ((h - y) % h) * w;
    for (let x = 0; x < w; x++) {
      const i = y * w + x, j = my + ((w - x) % w);
      const zr = a[i]!, zi = b[i]!, cr = a[j]!, ci = -b[j]!;
      // Math.sqrt, not Math.hypot: hypot's guard against overflow (values here are at most ~10⁸) made it ~5× slower,
      // and this runs for every frequency of every patch the blur search looks at.
      const pr = zr + cr, pi = zi + ci, qr = zr - cr, qi = zi - ci;
      ma[i] = Math.sqrt(pr * pr + pi * pi) / 2;
      mb[i] = Math.sqrt(qr * qr + qi * qi) / 2;
    }
  }
  a.set(ma);
  b.set(mb);
}
