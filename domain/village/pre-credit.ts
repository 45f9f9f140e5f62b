/**
 * 预授信: the household limit the customer manager sees on the spot while filling a household file, before the
 * village review and the branch head's batch approval. Integer fen throughout; every amount that makes the limit is
 * a reason the customer manager can read out to the household.
 *
 * The weights are the published 整村授信 limit model (version below); a later version is published by head office
 * the same way the product rule sets are, and a household file records which version priced it.
 */

export const PRE_CREDIT_MODEL = {
  version: 1,
  /** Per member aged 18–60 on the day, at most `maxLabourers` counted. */
  perLabourerFen: 3_000_000,
  maxLabourers: 3,
  /** Per 亩 of land farmed (owned or contracted), at most `maxMu` counted. */
  perMuFen: 100_000,
  maxMu: 200,
  perHeadFen: { cattle: 600_000, pigs: 80_000, sheep: 60_000 },
  machineryShareBp: 3_000,
  incomeShareBp: 5_000,
  /** A head older than this is granted at most `seniorCapFen`. */
  seniorAge: 65,
  seniorCapFen: 5_000_000,
  capFen: 30_000_000,
  roundToFen: 100_000,
} as const;

export interface PreCreditMember {
  birthDate: string;
  relation: string;
}

/** What the household file knows so far; an absent field is "not yet filled", never zero. */
export interface PreCreditFacts {
  members: readonly PreCreditMember[];
  /** Land farmed, in tenths of a 亩 (12.5 亩 = 125). */
  landTenthMu?: number;
  livestock?: { cattle?: number; pigs?: number; sheep?: number };
  machineryValueFen?: number;
  /** Net household income of a year, members working away included. */
  annualIncomeFen?: number;
  /** Outstanding debts (banks, others). */
  debtsFen?: number;
}

export interface PreCreditReason {
  code: 'labour' | 'land' | 'livestock' | 'machinery' | 'income' | 'debts' | 'senior-cap' | 'cap' | 'missing' | 'no-labour';
  textZh: string;
  /** What it adds (negative: takes away); 0 for a remark. */
  amountFen: number;
}

export interface PreCredit {
  limitFen: number;
  modelVersion: number;
  reasons: PreCreditReason[];
  /** Items not filled yet, in Chinese (the limit counts them as nothing). */
  missing: string[];
}

const yuan = (fen: number) => {
  const y = fen / 100;
  return y >= 10_000 && y % 100 === 0 ? `${y / 10_000}万元` : `${y.toLocaleString('en-US')}元`;
};
const share = (fen: number, bp: number) => Math.floor((fen * bp) / 10_000);

/** Whole years of age on `asOf` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5, 10) >= birthDate.slice(5, 10) ? years : years - 1;
}

export function preCredit(facts: PreCreditFacts, asOf: string): PreCredit {
  const m = PRE_CREDIT_MODEL;
  const reasons: PreCreditReason[] = [];
  const missing: string[] = [];
  const add = (code: PreCreditReason['code'], textZh: string, amountFen: number) => reasons.push({ code, textZh, amountFen });

  const labourers = facts.members.filter((p) => {
    const age = ageOn(p.birthDate, asOf);
    return age >= 18 && age <= 60;
  }).length;
  const counted = Math.min(labourers, m.maxLabourers);
  if (counted === 0) {
    add('no-labour', '家中没有18–60岁的劳动力，不予预授信', 0);
    return { limitFen: 0, modelVersion: m.version, reasons, missing };
  }
  add('labour', `劳动力${labourers}人${labourers > counted ? `（按${counted}人计）` : ''} × ${yuan(m.perLabourerFen)}`, counted * m.perLabourerFen);

  if (facts.landTenthMu === undefined) missing.push('耕地面积');
  else if (facts.landTenthMu > 0) {
    const tenths = Math.min(facts.landTenthMu, m.maxMu * 10);
    add('land', `耕地${facts.landTenthMu / 10}亩${tenths < facts.landTenthMu ? `（按${m.maxMu}亩计）` : ''} × ${yuan(m.perMuFen)}/亩`, Math.floor((tenths * m.perMuFen) / 10));
  }
  if (facts.livestock) {
    const names = { cattle: '牛', pigs: '猪', sheep: '羊' } as const;
    for (const kind of ['cattle', 'pigs', 'sheep'] as const) {
      const n = facts.livestock[kind] ?? 0;
      if (n > 0) add('livestock', `${names[kind]}${n}头 × ${yuan(m.perHeadFen[kind])}`, n * m.perHeadFen[kind]);
    }
  }
  if (facts.machineryValueFen !== undefined && facts.machineryValueFen > 0) {
    add('machinery', `农机价值${yuan(facts.machineryValueFen)} × ${m.machineryShareBp / 100}%`, share(facts.machineryValueFen, m.machineryShareBp));
  }
  if (facts.annualIncomeFen === undefined) missing.push('家庭年收入');
  else if (facts.annualIncomeFen > 0) add('income', `家庭年净收入${yuan(facts.annualIncomeFen)} × ${m.incomeShareBp / 100}%`, share(facts.annualIncomeFen, m.incomeShareBp));
  if (facts.debtsFen === undefined) missing.push('负债情况');
  else if (facts.debtsFen > 0) add('debts', `现有负债${yuan(facts.debtsFen)}全额扣减`, -facts.debtsFen);

  let limit = Math.max(0, reasons.reduce((s, r) => s + r.amountFen, 0));
  const head = facts.members.find((p) => p.relation === 'head');
  if (head && ageOn(head.birthDate, asOf) > m.seniorAge && limit > m.seniorCapFen) {
    add('senior-cap', `户主年满${m.seniorAge}岁，额度以${yuan(m.seniorCapFen)}为限`, m.seniorCapFen - limit);
    limit = m.seniorCapFen;
  }
  if (limit > m.capFen) {
    add('cap', `农户信用贷款单户上限${yuan(m.capFen)}`, m.capFen - limit);
    limit = m.capFen;
  }
  if (missing.length > 0) add('missing', `尚未填写：${missing.join('、')}（未计入额度）`, 0);
  return { limitFen: limit - (limit % m.roundToFen), modelVersion: m.version, reasons, missing };
}
