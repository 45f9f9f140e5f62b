/** The smallest power of two not below n. */
export const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** In-place iterative radix-2 FFT of one complex sequence of power-of-two length (inverse scaled by 1/n). */
export function fft1(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!, ti = im[i]!;
      re[i] = re[j]!;
      im[i] = im[j]!;
      re[j] = tr;
      im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci, xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! / n;
      im[i] = im[i]! / n;
    }
  }
}

/** In-place 2-D FFT of a w×h complex image stored row by row (both sides powers of two). */
export function fft2(re: Float64Array, im: Float64Array, w: number, h: number, inverse: boolean): void {
  const rr = new Float64Array(w), ri = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    rr.set(re.subarray(y * w, y * w + w));
    ri.set(im.subarray(y * w, y * w + w));
    fft1(rr, ri, inverse);
    re.set(rr, y * w);
    im.set(ri, y * w);
  }
  const cr = new Float64Array(h), ci = new Float64Array(h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      cr[y] = re[y * w + x]!;
      ci[y] = im[y * w + x]!;
    }
    fft1(cr, ci, inverse);
    for (let y = 0; y < h; y++) {
      re[y * w + x] = cr[y]!;
      im[y * w + x] = ci[y]!;
    }
  }
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
      ma[i] = Math.hypot(zr + cr, zi + ci) / 2;
      mb[i] = Math.hypot(zr - cr, zi - ci) / 2;
    }
  }
  a.set(ma);
  b.set(mb);
}
