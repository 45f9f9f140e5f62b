import { describe, expect, it } from 'vitest';
import { fft1, fft2, fftAny, smooth235, twoRealMagnitudes } from './fft';

/** The discrete Fourier transform by its definition, for comparison. */
function dft(re: readonly number[], im: readonly number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  const sign = inverse ? 1 : -1;
  const or: number[] = [], oi: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * k * t) / n;
      sr += re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
      si += re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
    }
    or.push(inverse ? sr / n : sr);
    oi.push(inverse ? si / n : si);
  }
  return [or, oi];
}

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 10);

describe('fft', () => {
  it.each([1, 2, 8, 64])('matches the definition for length %i, both ways', (n) => {
    for (const inverse of [false, true]) {
      const re = values(n, 1), im = values(n, 2);
      const [er, ei] = dft([...re], [...im], inverse);
      fft1(re, im, inverse);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(er[k]!, 8);
        expect(im[k]).toBeCloseTo(ei[k]!, 8);
      }
    }
  });

  it('transforms rows then columns of a non-square image, and back', () => {
    const w = 16, h = 4;
    const re = values(w * h, 3), im = values(w * h, 4);
    const [r0, i0] = [re.slice(), im.slice()];
    fft2(re, im, w, h, false);
    // Row by row, then column by column, by the definition.
    const er = [...r0], ei = [...i0];
    for (let y = 0; y < h; y++) {
      const [a, b] = dft(er.slice(y * w, y * w + w), ei.slice(y * w, y * w + w), false);
      for (let x = 0; x < w; x++) [er[y * w + x], ei[y * w + x]] = [a[x]!, b[x]!];
    }
    for (let x = 0; x < w; x++) {
      const [a, b] = dft(Array.from({ length: h }, (_, y) => er[y * w + x]!), Array.from({ length: h }, (_, y) => ei[y * w + x]!), false);
      for (let y = 0; y < h; y++) [er[y * w + x], ei[y * w + x]] = [a[y]!, b[y]!];
    }
    for (let i = 0; i < w * h; i++) {
      expect(re[i]).toBeCloseTo(er[i]!, 8);
      expect(im[i]).toBeCloseTo(ei[i]!, 8);
    }
    fft2(re, im, w, h, true);
    for (let i = 0; i < w * h; i++) {
      expect(re[i]).toBeCloseTo(r0[i]!, 10);
      expect(im[i]).toBeCloseTo(i0[i]!, 10);
    }
  });

  it('splits two real images out of one complex transform', () => {
    const n = 8;
    const a = values(n * n, 5), b = values(n * n, 6);
    const [ar, ai] = [a.slice(), new Float64Array(n * n)];
    const [br, bi] = [b.slice(), new Float64Array(n * n)];
    fft2(ar, ai, n, n, false);
    fft2(br, bi, n, n, false);
    twoRealMagnitudes(a, b, n, n);
    for (let i = 0; i < n * n; i++) {
      expect(a[i]).toBeCloseTo(Math.hypot(ar[i]!, ai[i]!), 8);
      expect(b[i]).toBeCloseTo(Math.hypot(br[i]!, bi[i]!), 8);
    }
  });

  it('pads a length to the next one whose prime factors are 2, 3 and 5', () => {
    expect([1, 7, 11, 13, 17, 1017, 1180, 1025].map(smooth235)).toEqual([1, 8, 12, 15, 18, 1024, 1200, 1080]);
  });

  /** The 2-D transform by its definition. */
  function dft2(re: Float64Array, im: Float64Array, w: number, h: number, inverse: boolean): [Float64Array, Float64Array] {
    const or = new Float64Array(w * h), oi = new Float64Array(w * h);
    const sign = inverse ? 1 : -1;
    for (let v = 0; v < h; v++) {
      for (let u = 0; u < w; u++) {
        let sr = 0, si = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const a = sign * 2 * Math.PI * ((u * x) / w + (v * y) / h);
            sr += re[y * w + x]! * Math.cos(a) - im[y * w + x]! * Math.sin(a);
            si += re[y * w + x]! * Math.sin(a) + im[y * w + x]! * Math.cos(a);
          }
        }
        or[v * w + u] = inverse ? sr / (w * h) : sr;
        oi[v * w + u] = inverse ? si / (w * h) : si;
      }
    }
    return [or, oi];
  }

  // Every radix (2, 3, 4, 5) alone and mixed, on both sides, non-square.
  it.each([[1, 1], [2, 3], [4, 5], [5, 6], [12, 10], [15, 8], [9, 25], [60, 45]])('fftAny matches the definition on %i×%i, both ways', (w, h) => {
    for (const inverse of [false, true]) {
      const re = values(w * h, 7), im = values(w * h, 8);
      const [er, ei] = dft2(re, im, w, h, inverse);
      fftAny(re, im, w, h, inverse);
      for (let i = 0; i < w * h; i++) {
        expect(re[i]).toBeCloseTo(er[i]!, 7);
        expect(im[i]).toBeCloseTo(ei[i]!, 7);
      }
    }
  });

  it('fftAny gives the transform fft2 gives on power-of-two sides, and its inverse the input back', () => {
    const w = 64, h = 32;
    const [re, im] = [values(w * h, 9), values(w * h, 10)];
    const [r2, i2] = [re.slice(), im.slice()];
    fft2(r2, i2, w, h, false);
    const [ra, ia] = [re.slice(), im.slice()];
    fftAny(ra, ia, w, h, false);
    for (let i = 0; i < w * h; i++) {
      expect(ra[i]).toBeCloseTo(r2[i]!, 8);
      expect(ia[i]).toBeCloseTo(i2[i]!, 8);
    }
    fftAny(ra, ia, w, h, true);
    for (let i = 0; i < w * h; i++) {
      expect(ra[i]).toBeCloseTo(re[i]!, 10);
      expect(ia[i]).toBeCloseTo(im[i]!, 10);
    }
  });

  it('refuses a length with a larger prime factor', () => {
    expect(() => fftAny(new Float64Array(7), new Float64Array(7), 7, 1, false)).toThrow(/prime factor/);
  });
});
