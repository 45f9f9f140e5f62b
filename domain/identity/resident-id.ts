import regions from './gb2260-regions.json';

/** The rule a resident ID number (GB 11643-1999) broke, in the order they are checked. */
export type ResidentIdRule = 'required' | 'length' | 'charset' | 'region' | 'birthDate' | 'checkDigit';

export interface ResidentIdInfo {
  id: string;
  regionCode: string;
  /** [province, prefecture, county] as named in GB/T 2260. */
  region: readonly [string, string, string];
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdResult =
  | ({ ok: true } & ResidentIdInfo)
  /** `futureBirthDate`: the birth date is a real day, but after today (a mistyped digit, usually). */
  | { ok: false; rule: ResidentIdRule; expected?: string; futureBirthDate?: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// The JSON is typed loosely by the compiler; its shape is fixed by scripts/build-region-table.ts.
const regionTable = regions as unknown as Record<string, [string, string, string]>;

export function regionCodes(): string[] {
  return Object.keys(regionTable);
}

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  // Digit values by character code: Number() of each character was most of a check on a 70,000-person list.
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function lookupRegion(code: string): readonly [string, string, string] | undefined {
  return regionTable[code];
}

/**
 * As typed, pasted or read by a card reader: the lower-case x people often type, full-width digits and X (NFKC)
 * and spaces of any kind ("1410 8119 …" from a form, U+3000 from a Chinese IME) all accepted.
 */
export function normalizeResidentId(input: string): string {
  // Already 17 ASCII digits and a digit or X (a list's cells, almost always): NFKC, the space removal and the
  // upper-casing would all leave it as it is.
  if (WELL_FORMED.test(input)) return input;
  return input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}
const WELL_FORMED = /^\d{17}[\dX]$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** today's ISO day, kept for the next call with the same instant (a list checks every ID against one `today`). */
let todayCache = { at: Number.NaN, iso: '' };
function isoDay(today: Date): string {
  const at = today.getTime();
  if (at !== todayCache.at) todayCache = { at, iso: today.toISOString().slice(0, 10) };
  return todayCache.iso;
}

/** `today` is a parameter so the rule stays pure and testable; callers pass the clock. */
export function validateResidentId(input: string, today: Date = new Date()): ResidentIdResult {
  const id = normalizeResidentId(input);
  if (id === '') return { ok: false, rule: 'required' };
  if (id.length !== 18) return { ok: false, rule: 'length' };
  if (!WELL_FORMED.test(id)) return { ok: false, rule: 'charset' };

  const regionCode = id.slice(0, 6);
  const region = regionTable[regionCode];
  if (!region || region[2] === '' && !regionCode.endsWith('00')) return { ok: false, rule: 'region' };

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const todayIso = isoDay(today);
  if (y < 1900 || !isRealDate(y, m, d)) return { ok: false, rule: 'birthDate' };
  if (birthDate > todayIso) return { ok: false, rule: 'birthDate', futureBirthDate: birthDate };

  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, rule: 'checkDigit', expected };

  return {
    ok: true,
    id,
    regionCode,
    region,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}
