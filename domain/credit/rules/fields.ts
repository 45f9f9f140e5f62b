/**
 * The named inputs rule sets may refer to. A published rule set naming a field outside these lists is refused
 * at parse time, so a typo at head office cannot silently turn a rule off at every branch.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { DATA_ITEMS, PRODUCT_CODES } from '../products';
import { REPAYMENT_METHODS } from '../schedule';
import { idivRound } from '../rational';

const int = z.number().int();
const fen = int.min(0);
const isoDate = z.string().refine(isIsoDate, '须为 YYYY-MM-DD 日期');

export const EMPLOYER_GRADES = ['civil-servant', 'public-institution', 'state-owned', 'listed', 'private', 'self-employed', 'none'] as const;

/** Facts gathered about the applicant (from the ID, the bureau report, the village review, flows, ownership...). All optional: rules decide what an absent fact means. */
export const applicantFactsSchema = z
  .object({
    age: int.min(0).max(130),
    /** 6-digit administrative division code of the household/business address. */
    regionCode: z.string().regex(/^\d{6}$/),
    blacklisted: z.boolean(),
    bureauCurrentOverdueFen: fen,
    bureauOverdueTimes24m: int.min(0),
    bureauMaxOverdueDays24m: int.min(0),
    /** 呆账、代偿、止付、冻结 or similar terminal bureau marks. */
    bureauBadDebt: z.boolean(),
    bureauHardQueries6m: int.min(0),
    bureauOutstandingDebtFen: fen,
    bureauMonthlyDebtServiceFen: fen,
    annualIncomeFen: fen,
    monthlyIncomeFen: fen,
    annualTurnoverFen: fen,
    turnoverStabilityBp: int.min(0).max(10_000),
    flowMonths: int.min(0),
    netAssetsFen: int,
    villageReviewScore: int.min(0).max(100),
    villageRecommended: z.boolean(),
    employerGrade: z.enum(EMPLOYER_GRADES),
    socialInsuranceMonths: int.min(0),
    housingFundMonthlyFen: fen,
    yearsInBusiness: int.min(0),
    depositAvgDailyFen: fen,
    existingCustomerYears: int.min(0),
    enterpriseBeneficialOwnerBlacklisted: z.boolean(),
    enterpriseActualControllerIdentified: z.boolean(),
    enterpriseRelatedPartyCount: int.min(0),
    enterpriseOwnershipCycle: z.boolean(),
  })
  .partial()
  .strict();
export type ApplicantFacts = z.infer<typeof applicantFactsSchema>;

export const CLASSIFICATIONS = ['normal', 'special-mention', 'substandard', 'doubtful', 'loss'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const CLASSIFICATION_NAMES: Record<Classification, { zh: string; en: string }> = {
  normal: { zh: '正常', en: 'Normal' },
  'special-mention': { zh: '关注', en: 'Special mention' },
  substandard: { zh: '次级', en: 'Substandard' },
  doubtful: { zh: '可疑', en: 'Doubtful' },
  loss: { zh: '损失', en: 'Loss' },
};

/** The state of a live loan as the daily scan sees it. */
export const loanStateSchema = z
  .object({
    loanId: z.string().min(1),
    asOf: isoDate,
    balanceFen: fen,
    overdueDays: int.min(0),
    overdueFen: fen,
    classification: z.enum(CLASSIFICATIONS),
    previousClassification: z.enum(CLASSIFICATIONS).optional(),
    depositBalanceFen: fen.optional(),
    depositBalance3mAgoFen: fen.optional(),
    turnoverLast3mFen: fen.optional(),
    turnoverPrev3mFen: fen.optional(),
    bureauNewDefaults: int.min(0).default(0),
    bureauNewQueries30d: int.min(0).default(0),
    lawsuits: int.min(0).default(0),
    guarantorDefault: z.boolean().default(false),
    historyMaxOverdueDays: int.min(0).default(0),
    historyOverdueTimes: int.min(0).default(0),
    renewalsSoFar: int.min(0).default(0),
    maturityDate: isoDate,
  })
  .strict();
export type LoanState = z.infer<typeof loanStateSchema>;
export type LoanStateInput = z.input<typeof loanStateSchema>;

export const applicationInputSchema = z
  .object({
    applicationId: z.string().min(1),
    productCode: z.enum(PRODUCT_CODES),
    applicationDate: isoDate,
    requestedAmountFen: fen.min(1),
    termMonths: int.min(1).max(360),
    repaymentMethod: z.enum(REPAYMENT_METHODS),
    collectedData: z.array(z.enum(DATA_ITEMS)),
    facts: applicantFactsSchema,
    /** Present when the application renews a live loan (续贷); early-warning and renewal models then run too. */
    existingLoan: loanStateSchema.optional(),
  })
  .strict();
export type ApplicationInput = z.infer<typeof applicationInputSchema>;

/** Fields computed from the facts so rules can use ratios without arithmetic in the rule language. */
export const DERIVED_APPLICATION_FIELDS = ['debtToIncomeBp', 'requestedAmountFen', 'termMonths', 'repaymentMethod', 'productCode'] as const;
export const DERIVED_LOAN_FIELDS = [
  'classificationRank',
  'classificationWorsened',
  'depositDropBp',
  'turnoverDropBp',
  'daysToMaturity',
  'earlyWarningLevelRank',
] as const;

export const APPLICATION_FIELDS: readonly string[] = [...Object.keys(applicantFactsSchema.shape), ...DERIVED_APPLICATION_FIELDS];
export const LOAN_FIELDS: readonly string[] = [...Object.keys(loanStateSchema.shape), ...DERIVED_LOAN_FIELDS];

export type FactValue = number | string | boolean;
export type FactMap = Readonly<Record<string, FactValue | undefined>>;

export function applicationFacts(input: ApplicationInput): FactMap {
  const f = input.facts;
  const annualIncome = f.annualIncomeFen ?? (f.monthlyIncomeFen !== undefined ? f.monthlyIncomeFen * 12 : undefined);
  const debtToIncomeBp =
    f.bureauMonthlyDebtServiceFen !== undefined && annualIncome !== undefined && annualIncome > 0
      ? idivRound(f.bureauMonthlyDebtServiceFen * 12 * 10_000, annualIncome)
      : undefined;
  return {
    ...f,
    debtToIncomeBp,
    requestedAmountFen: input.requestedAmountFen,
    termMonths: input.termMonths,
    repaymentMethod: input.repaymentMethod,
    productCode: input.productCode,
  };
}

export const classificationRank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

/**
 * Five-category floors (2023 rules): once overdue at least 关注, > 90 days 次级, > 270 可疑, > 360 损失.
 * The floor only ever worsens what the branch reported.
 */
export function classificationFloor(overdueDays: number): Classification {
  if (overdueDays > 360) return 'loss';
  if (overdueDays > 270) return 'doubtful';
  if (overdueDays > 90) return 'substandard';
  if (overdueDays > 0) return 'special-mention';
  return 'normal';
}

export function effectiveClassification(loan: LoanState): Classification {
  const floor = classificationFloor(loan.overdueDays);
  return classificationRank(floor) > classificationRank(loan.classification) ? floor : loan.classification;
}

const dropBp = (now: number | undefined, before: number | undefined): number | undefined =>
  now === undefined || before === undefined || before <= 0 ? undefined : Math.max(0, idivRound((before - now) * 10_000, before));

export function loanFacts(loan: LoanState, daysToMaturity: number): FactMap {
  const cls = effectiveClassification(loan);
  const prev = loan.previousClassification;
  return {
    ...loan,
    classification: cls,
    classificationRank: classificationRank(cls),
    classificationWorsened: prev !== undefined && classificationRank(cls) > classificationRank(prev),
    depositDropBp: dropBp(loan.depositBalanceFen, loan.depositBalance3mAgoFen),
    turnoverDropBp: dropBp(loan.turnoverLast3mFen, loan.turnoverPrev3mFen),
    daysToMaturity,
  };
}
