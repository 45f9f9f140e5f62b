/** The rule a unified social credit code (GB 32100-2015) broke. */
export type UsccRule = 'required' | 'length' | 'charset' | 'region' | 'checkDigit';

export type UsccResult =
  | { ok: true; code: string; regionCode: string; orgCode: string; warnings: UsccRule[] }
  | { ok: false; rule: UsccRule; expected?: string };

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Full-width characters folded and spaces dropped, as for ID numbers. */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/**
 * A wrong check character only warns: some codes issued in the early pilots fail the check yet are legal,
 * so refusing them would turn real enterprises away. Everything else is a hard failure.
 */
export function validateUscc(input: string): UsccResult {
  const code = normalizeUscc(input);
  if (code === '') return { ok: false, rule: 'required' };
  if (code.length !== 18) return { ok: false, rule: 'length' };
  for (const ch of code) if (!ALPHABET.includes(ch)) return { ok: false, rule: 'charset' };
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) return { ok: false, rule: 'region' };
  const expected = usccCheckChar(code.slice(0, 17));
  const warnings: UsccRule[] = code[17] === expected ? [] : ['checkDigit'];
  return { ok: true, code, regionCode, orgCode: code.slice(8, 17), warnings };
}
