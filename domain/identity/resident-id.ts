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
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
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
  return input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `today` is a parameter so the rule stays pure and testable; callers pass the clock. */
export function validateResidentId(input: string, today: Date = new Date()): ResidentIdResult {
  const id = normalizeResidentId(input);
  if (id === '') return { ok: false, rule: 'required' };
  if (id.length !== 18) return { ok: false, rule: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, rule: 'charset' };

  const regionCode = id.slice(0, 6);
  const region = regionTable[regionCode];
  if (!region || region[2] === '' && !regionCode.endsWith('00')) return { ok: false, rule: 'region' };

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const todayIso = today.toISOString().slice(0, 10);
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
