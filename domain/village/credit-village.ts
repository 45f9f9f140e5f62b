/**
 * 信用村: whether a village meets the published credit-village criteria (DOMAIN.md, one prefecture's rule): credit
 * households at least 70% of the households on file, non-defaulting borrowers at least 85%, NPL stock under 5%.
 * Pure: the core counts, this decides; a later version comes from head office like the pre-credit model.
 */

export const CREDIT_VILLAGE_RULES = {
  version: 1,
  /** Households holding an unexpired granted credit line, share of the households on file (basis points, at least). */
  minCreditHouseholdsBp: 7_000,
  /** Borrowing households with no loan overdue or non-performing, share of the borrowing households (at least). */
  minNonDefaultingBp: 8_500,
  /** Balance of 次级/可疑/损失 loans, share of the village's loan balance (below). */
  maxNplBp: 500,
} as const;

export interface CreditVillageCounts {
  households: number;
  creditHouseholds: number;
  /** Households with at least one active loan (a member is the borrower). */
  borrowers: number;
  /** Of those, households with a loan overdue or classified non-performing. */
  defaultingBorrowers: number;
  balanceFen: number;
  nplBalanceFen: number;
}

export interface CreditVillageCheck {
  code: 'credit-households' | 'non-defaulting' | 'npl';
  /** The village's figure, basis points. */
  valueBp: number;
  thresholdBp: number;
  ok: boolean;
  textZh: string;
}

export interface CreditVillageStatus {
  rulesVersion: number;
  /** All criteria met: the village is named a 信用村. */
  met: boolean;
  checks: CreditVillageCheck[];
}

/** Share in basis points, rounded down (a village at 69.99% has not reached 70%). */
const shareBp = (part: number, whole: number): number => (whole === 0 ? 0 : Math.floor((part * 10_000) / whole));
const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;

export function creditVillageStatus(c: CreditVillageCounts, rules = CREDIT_VILLAGE_RULES): CreditVillageStatus {
  const credit = shareBp(c.creditHouseholds, c.households);
  // A village with no borrower yet has no defaulting borrower and no NPL: those two criteria hold.
  const nonDefaulting = c.borrowers === 0 ? 10_000 : shareBp(c.borrowers - c.defaultingBorrowers, c.borrowers);
  const npl = c.balanceFen === 0 ? 0 : Math.ceil((c.nplBalanceFen * 10_000) / c.balanceFen);
  const checks: CreditVillageCheck[] = [
    {
      code: 'credit-households', valueBp: credit, thresholdBp: rules.minCreditHouseholdsBp, ok: c.households > 0 && credit >= rules.minCreditHouseholdsBp,
      textZh: `授信户占比 ${pct(credit)}（${c.creditHouseholds}/${c.households}户），标准不低于${pct(rules.minCreditHouseholdsBp)}`,
    },
    {
      code: 'non-defaulting', valueBp: nonDefaulting, thresholdBp: rules.minNonDefaultingBp, ok: nonDefaulting >= rules.minNonDefaultingBp,
      textZh: c.borrowers === 0
        ? `尚无借款户，无违约借款户；标准不低于${pct(rules.minNonDefaultingBp)}`
        : `无违约借款户占比 ${pct(nonDefaulting)}（${c.borrowers - c.defaultingBorrowers}/${c.borrowers}户），标准不低于${pct(rules.minNonDefaultingBp)}`,
    },
    {
      code: 'npl', valueBp: npl, thresholdBp: rules.maxNplBp, ok: npl < rules.maxNplBp,
      textZh: `不良贷款占比 ${pct(npl)}，标准低于${pct(rules.maxNplBp)}`,
    },
  ];
  return { rulesVersion: rules.version, met: checks.every((x) => x.ok), checks };
}
