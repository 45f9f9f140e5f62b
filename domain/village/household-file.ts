import type { PreCreditFacts, PreCreditMember } from './pre-credit';

/**
 * 农户建档: what a customer manager records about a household in the village, on the laptop, with or without a
 * network. Absent numbers (null) are "not asked yet", which the pre-credit model tells apart from zero.
 */
export interface HouseholdFile {
  /** Land farmed, tenths of a 亩. */
  landTenthMu: number | null;
  crops: string;
  livestock: { cattle: number; pigs: number; sheep: number };
  machinery: string;
  machineryValueFen: number | null;
  /** Structure and size of the house, as seen (e.g. 砖混两层 160㎡). */
  house: string;
  annualIncomeFen: number | null;
  debtsFen: number | null;
  /** Members working away from the village (外出务工), by ID number. */
  awayIdNumbers: string[];
  /** Where the file was made, when the laptop could tell. */
  gps: { lat: number; lon: number; accuracyM: number } | null;
  note: string;
}

export const EMPTY_FILE: HouseholdFile = {
  landTenthMu: null, crops: '', livestock: { cattle: 0, pigs: 0, sheep: 0 }, machinery: '', machineryValueFen: null, house: '',
  annualIncomeFen: null, debtsFen: null, awayIdNumbers: [], gps: null, note: '',
};

/** The household's file as the pre-credit model reads it. */
export function preCreditFacts(members: readonly PreCreditMember[], file: HouseholdFile | null): PreCreditFacts {
  if (!file) return { members };
  const known = <T>(v: T | null) => (v === null ? undefined : v);
  return {
    members, landTenthMu: known(file.landTenthMu), livestock: file.livestock, machineryValueFen: known(file.machineryValueFen),
    annualIncomeFen: known(file.annualIncomeFen), debtsFen: known(file.debtsFen),
  };
}

/** "12.5" → 125 tenths of a 亩; "" → null; anything else → NaN (the form says so). */
export function parseMu(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^\d{1,5}(\.\d)?$/u.test(t) ? Math.round(Number(t) * 10) : Number.NaN;
}

/** "12,345.6" → 1234560 fen; "" → null; anything else → NaN. Integer arithmetic on the digits, no float cents. */
export function parseYuan(text: string): number | null {
  const t = text.trim().replace(/,/gu, '');
  if (t === '') return null;
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/u.exec(t);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
}
