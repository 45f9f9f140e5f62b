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

/**
 * The smallest length not below n whose only prime factors are 2, 3 and 5: what fftAny transforms. A frame padded
 * to a power of two is up to twice as long as its content on each side (a 1,180×1,017 region took a 2,048×2,048
 * transform); the next 2·3·5-smooth length is at most a few per cent longer (1,200×1,024).
 */
export function smooth235(n: number): number {
  for (let m = Math.max(1, Math.ceil(n)); ; m++) {
    let r = m;
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
    if (r === 1) return m;
  }
}

/** A mixed-radix transform's fixed parts: the input order, and each stage's radix, span and twiddle factors. */
interface MixedPlan {
  /** The transform reads its input in this order (the digit reversal of its radices), so it writes in order. */
  order: Int32Array;
  /** Stages in turn: radix p joins p transforms of length span into one of length span·p. */
  stages: Array<{ p: number; span: number; wr: Float64Array; wi: Float64Array }>;
}

const mixedPlans = new Map<number, MixedPlan>();

function mixedPlanFor(n: number, inverse: boolean): MixedPlan {
  const key = inverse ? -n : n;
  let plan = mixedPlans.get(key);
  if (plan) return plan;
  const radices: number[] = [];
  let r = n;
  // Radix 4 where it can: one pass over the data instead of two.
  for (const p of [4, 2, 3, 5]) {
    while (r % p === 0) {
      radices.push(p);
      r /= p;
    }
  }
  if (r !== 1) throw new Error(`fftAny: length ${n} has a prime factor above 5`);
  // Decimation in time: the last stage joins the transforms of x[q + p·m] (q < p), each kept in a block of its own.
  let order = Int32Array.of(0);
  for (let s = 0, len = 1; s < radices.length; s++) {
    const p = radices[s]!;
    const next = new Int32Array(len * p);
    for (let q = 0; q < p; q++) for (let i = 0; i < len; i++) next[q * len + i] = q + p * order[i]!;
    order = next;
    len *= p;
  }
  // The order above puts the last radix outermost: the stages run from the first radix (span 1) to the last.
  const stages: MixedPlan['stages'] = [];
  for (let s = 0, span = 1; s < radices.length; span *= radices[s]!, s++) {
    const p = radices[s]!;
    const wr = new Float64Array(span * (p - 1)), wi = new Float64Array(span * (p - 1));
    for (let j = 0; j < span; j++) {
      for (let q = 1; q < p; q++) {
        const a = ((inverse ? 2 : -2) * Math.PI * j * q) / (span * p);
        wr[j * (p - 1) + q - 1] = Math.cos(a);
        wi[j * (p - 1) + q - 1] = Math.sin(a);
      }
    }
    stages.push({ p, span, wr, wi });
  }
  plan = { order, stages };
  mixedPlans.set(key, plan);
  return plan;
}

const SIN60 = Math.sqrt(3) / 2;
const C1 = Math.cos((2 * Math.PI) / 5), C2 = Math.cos((4 * Math.PI) / 5), S1 = Math.sin((2 * Math.PI) / 5), S2 = Math.sin((4 * Math.PI) / 5);

/**
 * Transforms every column of an n×vec array (n rows of vec values) at once, from (sr, si) into (dr, di): the rows
 * are read in the plan's order and combined whole, so memory is walked in order. n's prime factors are 2, 3, 5.
 * Not scaled.
 */
function columnsAny(sr: Float64Array, si: Float64Array, dr: Float64Array, di: Float64Array, n: number, vec: number, inverse: boolean): void {
  const { order, stages } = mixedPlanFor(n, inverse);
  for (let k = 0; k < n; k++) {
    const from = order[k]! * vec;
    dr.set(sr.subarray(from, from + vec), k * vec);
    di.set(si.subarray(from, from + vec), k * vec);
  }
  // −i·z for the forward transform, +i·z for the inverse.
  const sg = inverse ? -1 : 1;
  for (const { p, span, wr, wi } of stages) {
    const len = span * p;
    for (let b = 0; b < n; b += len) {
      for (let j = 0; j < span; j++) {
        const t = j * (p - 1);
        const o0 = (b + j) * vec, o1 = o0 + span * vec;
        if (p === 2) {
          const w1r = wr[t]!, w1i = wi[t]!;
          for (let x = 0; x < vec; x++) {
            const a = o0 + x, c = o1 + x;
            const br = dr[c]! * w1r - di[c]! * w1i, bi = dr[c]! * w1i + di[c]! * w1r;
            const ar = dr[a]!, ai = di[a]!;
            dr[a] = ar + br;
            di[a] = ai + bi;
            dr[c] = ar - br;
            di[c] = ai - bi;
          }
        } else if (p === 3) {
          const o2 = o1 + span * vec;
          const w1r = wr[t]!, w1i = wi[t]!, w2r = wr[t + 1]!, w2i = wi[t + 1]!;
          const c = sg * SIN60;
          for (let x = 0; x < vec; x++) {
            const i0 = o0 + x, i1 = o1 + x, i2 = o2 + x;
            const ar = dr[i0]!, ai = di[i0]!;
            const br = dr[i1]! * w1r - di[i1]! * w1i, bi = dr[i1]! * w1i + di[i1]! * w1r;
            const cr = dr[i2]! * w2r - di[i2]! * w2i, ci = dr[i2]! * w2i + di[i2]! * w2r;
            const sr2 = br + cr, si2 = bi + ci, er = br - cr, ei = bi - ci;
            const mr = ar - sr2 / 2, mi = ai - si2 / 2;
            dr[i0] = ar + sr2;
            di[i0] = ai + si2;
            dr[i1] = mr + c * ei;
            di[i1] = mi - c * er;
            dr[i2] = mr - c * ei;
            di[i2] = mi + c * er;
          }
        } else if (p === 4) {
          const o2 = o1 + span * vec, o3 = o2 + span * vec;
          const w1r = wr[t]!, w1i = wi[t]!, w2r = wr[t + 1]!, w2i = wi[t + 1]!, w3r = wr[t + 2]!, w3i = wi[t + 2]!;
          for (let x = 0; x < vec; x++) {
            const i0 = o0 + x, i1 = o1 + x, i2 = o2 + x, i3 = o3 + x;
            const ar = dr[i0]!, ai = di[i0]!;
            const br = dr[i1]! * w1r - di[i1]! * w1i, bi = dr[i1]! * w1i + di[i1]! * w1r;
            const cr = dr[i2]! * w2r - di[i2]! * w2i, ci = dr[i2]! * w2i + di[i2]! * w2r;
            const er = dr[i3]! * w3r - di[i3]! * w3i, ei = dr[i3]! * w3i + di[i3]! * w3r;
            const pr = ar + cr, pi = ai + ci, qr = ar - cr, qi = ai - ci;
            const ur = br + er, ui = bi + ei, vr = br - er, vi = bi - ei;
            dr[i0] = pr + ur;
            di[i0] = pi + ui;
            dr[i2] = pr - ur;
            di[i2] = pi - ui;
            // y1 = q − i·v (forward), y3 = q + i·v.
            dr[i1] = qr + sg * vi;
            di[i1] = qi - sg * vr;
            dr[i3] = qr - sg * vi;
            di[i3] = qi + sg * vr;
          }
        } else {
          const o2 = o1 + span * vec, o3 = o2 + span * vec, o4 = o3 + span * vec;
          const w1r = wr[t]!, w1i = wi[t]!, w2r = wr[t + 1]!, w2i = wi[t + 1]!, w3r = wr[t + 2]!, w3i = wi[t + 2]!, w4r = wr[t + 3]!, w4i = wi[t + 3]!;
          const s1 = sg * S1, s2 = sg * S2;
          for (let x = 0; x < vec; x++) {
            const i0 = o0 + x, i1 = o1 + x, i2 = o2 + x, i3 = o3 + x, i4 = o4 + x;
            const ar = dr[i0]!, ai = di[i0]!;
            const br = dr[i1]! * w1r - di[i1]! * w1i, bi = dr[i1]! * w1i + di[i1]! * w1r;
            const cr = dr[i2]! * w2r - di[i2]! * w2i, ci = dr[i2]! * w2i + di[i2]! * w2r;
            const er = dr[i3]! * w3r - di[i3]! * w3i, ei = dr[i3]! * w3i + di[i3]! * w3r;
            const fr = dr[i4]! * w4r - di[i4]! * w4i, fi = dr[i4]! * w4i + di[i4]! * w4r;
            const p14r = br + fr, p14i = bi + fi, m14r = br - fr, m14i = bi - fi;
            const p23r = cr + er, p23i = ci + ei, m23r = cr - er, m23i = ci - ei;
            const ar1 = ar + C1 * p14r + C2 * p23r, ai1 = ai + C1 * p14i + C2 * p23i;
            const ar2 = ar + C2 * p14r + C1 * p23r, ai2 = ai + C2 * p14i + C1 * p23i;
            // y1, y4 = a ∓ i·(s1·m14 + s2·m23); y2, y3 = a ∓ i·(s2·m14 − s1·m23) (forward).
            const b1r = s1 * m14r + s2 * m23r, b1i = s1 * m14i + s2 * m23i;
            const b2r = s2 * m14r - s1 * m23r, b2i = s2 * m14i - s1 * m23i;
            dr[i0] = ar + p14r + p23r;
            di[i0] = ai + p14i + p23i;
            dr[i1] = ar1 + b1i;
            di[i1] = ai1 - b1r;
            dr[i4] = ar1 - b1i;
            di[i4] = ai1 + b1r;
            dr[i2] = ar2 + b2i;
            di[i2] = ai2 - b2r;
            dr[i3] = ar2 - b2i;
            di[i3] = ai2 + b2r;
          }
        }
      }
    }
  }
}

/** b (cols×rows) = a (rows×cols) transposed, times `scale`, in tiles that stay in the cache. */
function transpose(a: Float64Array, b: Float64Array, rows: number, cols: number, scale: number): void {
  const T = 32;
  for (let y0 = 0; y0 < rows; y0 += T) {
    for (let x0 = 0; x0 < cols; x0 += T) {
      const y1 = Math.min(rows, y0 + T), x1 = Math.min(cols, x0 + T);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) b[x * rows + y] = a[y * cols + x]! * scale;
    }
  }
}

/**
 * In-place 2-D FFT of a w×h complex image stored row by row, for sides whose prime factors are 2, 3 and 5 (see
 * smooth235); inverse scaled by 1/(w·h). Columns are transformed all at once, then the image is transposed so
 * its rows are too, and transposed back. The same transform as fft2, within rounding.
 */
export function fftAny(re: Float64Array, im: Float64Array, w: number, h: number, inverse: boolean): void {
  const tr = new Float64Array(w * h), ti = new Float64Array(w * h);
  columnsAny(re, im, tr, ti, h, w, inverse);
  transpose(tr, re, h, w, 1);
  transpose(ti, im, h, w, 1);
  columnsAny(re, im, tr, ti, w, h, inverse);
  const s = inverse ? 1 / (w * h) : 1;
  transpose(tr, re, w, h, s);
  transpose(ti, im, w, h, s);
}
