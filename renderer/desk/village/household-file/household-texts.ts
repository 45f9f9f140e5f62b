import { parseMu, parseYuan, type HouseholdFile } from '../../../../domain/village/household-file';

/** The file's fields as the manager types them. */
export type Texts = Record<'land' | 'crops' | 'cattle' | 'pigs' | 'sheep' | 'machinery' | 'machineryValue' | 'house' | 'income' | 'debts' | 'note', string>;

const yuanText = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2));

export function textsOf(f: HouseholdFile): Texts {
  return {
    land: f.landTenthMu === null ? '' : String(f.landTenthMu / 10), crops: f.crops, cattle: f.livestock.cattle ? String(f.livestock.cattle) : '',
    pigs: f.livestock.pigs ? String(f.livestock.pigs) : '', sheep: f.livestock.sheep ? String(f.livestock.sheep) : '', machinery: f.machinery,
    machineryValue: yuanText(f.machineryValueFen), house: f.house, income: yuanText(f.annualIncomeFen), debts: yuanText(f.debtsFen), note: f.note,
  };
}

const headCount = (t: string) => (t.trim() === '' ? 0 : /^\d{1,5}$/u.test(t.trim()) ? Number(t.trim()) : Number.NaN);

/** The texts as typed → a file, and the fields that are not numbers yet. */
export function fileOf(t: Texts, away: string[], gps: HouseholdFile['gps']): { file: HouseholdFile; invalid: (keyof Texts)[] } {
  const file: HouseholdFile = {
    landTenthMu: parseMu(t.land), crops: t.crops.trim(), livestock: { cattle: headCount(t.cattle), pigs: headCount(t.pigs), sheep: headCount(t.sheep) },
    machinery: t.machinery.trim(), machineryValueFen: parseYuan(t.machineryValue), house: t.house.trim(), annualIncomeFen: parseYuan(t.income),
    debtsFen: parseYuan(t.debts), awayIdNumbers: away, gps, note: t.note.trim(),
  };
  const nan = (v: number | null) => v !== null && Number.isNaN(v);
  const invalid = (
    [
      ['land', file.landTenthMu], ['cattle', file.livestock.cattle], ['pigs', file.livestock.pigs], ['sheep', file.livestock.sheep],
      ['machineryValue', file.machineryValueFen], ['income', file.annualIncomeFen], ['debts', file.debtsFen],
    ] as [keyof Texts, number | null][]
  ).filter(([, v]) => nan(v)).map(([k]) => k);
  return { file, invalid };
}

/** The file as the live pre-credit counts it: a field that is not a number yet counts as not filled. */
export function countedFile(file: HouseholdFile, invalid: (keyof Texts)[]): HouseholdFile {
  const counted: HouseholdFile = { ...file, livestock: { cattle: file.livestock.cattle || 0, pigs: file.livestock.pigs || 0, sheep: file.livestock.sheep || 0 } };
  for (const [key, field] of [['land', 'landTenthMu'], ['machineryValue', 'machineryValueFen'], ['income', 'annualIncomeFen'], ['debts', 'debtsFen']] as const) {
    if (invalid.includes(key)) counted[field] = null;
  }
  return counted;
}
