/**
 * Exact non-negative-or-signed fractions over BigInt.
 *
 * Money schedules and ownership thresholds are decided on exact values and only rounded once, at the
 * edge, so no binary floating point is ever involved (8,530.99 must not become 8,530.98 because of 0.1+0.2).
 */
export interface Rational {
  readonly n: bigint;
  /** Always > 0; the fraction is kept in lowest terms. */
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('rational with zero denominator');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export const add = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  return rat(a.n * b.d, a.d * b.n);
}
export const cmp = (a: Rational, b: Rational): -1 | 0 | 1 => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const isZero = (a: Rational): boolean => a.n === 0n;

/** Half away from zero ("四舍五入"), the rounding Chinese banks state on their schedules. */
export function roundHalfUp(a: Rational): bigint {
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  const q = (2n * abs + a.d) / (2n * a.d);
  return neg ? -q : q;
}

/** Integer division of integers rounded half away from zero; the one rounding used by metrics and limits. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  return roundHalfUp(rat(num, den));
}

export function toNumber(a: Rational): number {
  return Number(a.n) / Number(a.d);
}

/** Decimal text with a fixed number of places, rounded half-up; for display and reasons only. */
export function toFixed(a: Rational, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfUp(mul(a, rat(scale)));
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(places, '0');
  return `${neg ? '-' : ''}${int}${places > 0 ? `.${frac}` : ''}`;
}

export const ratToString = (a: Rational): string => (a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`);

/**
 * Half-up integer division on safe integers without BigInt, for hot paths (ratios in basis points).
 * The float quotient is only a first guess; the two corrections make the result exact.
 */
export function idivRound(num: number, den: number): number {
  if (den <= 0) throw new RangeError('denominator must be positive');
  const neg = num < 0;
  const a = 2 * Math.abs(num) + den;
  const b = 2 * den;
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return neg ? -q : q;
}
