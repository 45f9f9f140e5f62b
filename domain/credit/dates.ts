/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) with no time zone: a due date is a bank business date,
 * not an instant, so everything is done on UTC midnight to keep daylight-saving and the host's zone out.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(s: string): [number, number, number] {
  if (!isIsoDate(s)) throw new RangeError(`not an ISO date: ${s}`);
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
}

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(y: number, month: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const fmt = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Few distinct dates are asked for over and over (a scan of 100,000 loans asks two per loan): remembered. */
const epochDays = new Map<string, number>();

export function toEpochDay(s: string): number {
  const known = epochDays.get(s);
  if (known !== undefined) return known;
  const [y, m, d] = parts(s);
  const day = Date.UTC(y, m - 1, d) / DAY_MS;
  if (epochDays.size >= 4096) epochDays.clear();
  epochDays.set(s, day);
  return day;
}

export function fromEpochDay(day: number): string {
  const dt = new Date(day * DAY_MS);
  return fmt(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export const daysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);
export const addDays = (s: string, days: number): string => fromEpochDay(toEpochDay(s) + days);

/**
 * Same day-of-month `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28/29).
 * Always computed from the anchor, never chained, so Jan 31 → Feb 29 → Mar 31 rather than drifting to the 29th.
 */
export function addMonthsClamped(anchor: string, months: number): string {
  const [y, m, d] = parts(anchor);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** First day of the month holding `s`, and the month key YYYY-MM used for monthly aggregates. */
export const monthKey = (s: string): string => s.slice(0, 7);

export function nextMonthKey(key: string, delta = 1): string {
  const y = Number(key.slice(0, 4));
  const m = Number(key.slice(5, 7));
  const total = y * 12 + (m - 1) + delta;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whole years between a birth date and a date, the way an ID card's age is read (birthday not yet reached → one less). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
