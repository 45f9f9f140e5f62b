/**
 * Deterministic, plausible applications for demos, dry runs in tests and the benchmark. Seeded so that a
 * figure printed today can be reproduced tomorrow.
 */
import { mulberry32 } from '../../random';
import { addDays } from '../dates';
import { PRODUCT_CODES, PRODUCTS, type ProductCode } from '../products';
import { EMPLOYER_GRADES, type ApplicantFacts, type ApplicationInput, type LoanState } from './fields';

const WAN = 1_000_000;

export interface SampleOptions {
  seed?: number;
  /** Fraction of applications that renew a live loan (and so run all six models). */
  renewalShare?: number;
  products?: readonly ProductCode[];
  firstDate?: string;
}

export function sampleApplications(count: number, opts: SampleOptions = {}): ApplicationInput[] {
  const rnd = mulberry32(opts.seed ?? 20250520);
  const products = opts.products ?? PRODUCT_CODES;
  const firstDate = opts.firstDate ?? '2025-06-03';
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const out: ApplicationInput[] = [];
  for (let i = 0; i < count; i++) {
    const productCode = products[i % products.length]!;
    const product = PRODUCTS[productCode];
    const applicationDate = addDays(firstDate, int(0, 59));
    const facts: ApplicantFacts = {
      age: int(19, 70),
      regionCode: chance(0.95) ? '141081' : pick(['141021', '140802', '110105']),
      blacklisted: chance(0.01),
      bureauCurrentOverdueFen: chance(0.03) ? int(100, 500_000) : 0,
      bureauOverdueTimes24m: chance(0.75) ? 0 : chance(0.7) ? int(1, 2) : int(3, 8),
      bureauMaxOverdueDays24m: chance(0.9) ? int(0, 30) : int(31, 200),
      bureauBadDebt: chance(0.01),
      bureauHardQueries6m: chance(0.85) ? int(0, 3) : int(4, 9),
      bureauOutstandingDebtFen: chance(0.5) ? 0 : int(1, 30) * WAN,
      bureauMonthlyDebtServiceFen: chance(0.5) ? 0 : int(50_000, 800_000),
      depositAvgDailyFen: int(0, 20) * 500_000,
      existingCustomerYears: int(0, 15),
    };
    switch (product.group) {
      case 'farming-household':
        facts.annualIncomeFen = int(3, 25) * WAN;
        facts.netAssetsFen = int(5, 60) * WAN;
        facts.villageReviewScore = int(50, 100);
        facts.villageRecommended = chance(0.9);
        break;
      case 'merchant':
        facts.annualTurnoverFen = int(20, 600) * WAN;
        facts.turnoverStabilityBp = int(2_500, 9_800);
        facts.flowMonths = int(3, 24);
        facts.yearsInBusiness = int(0, 20);
        facts.netAssetsFen = int(5, 100) * WAN;
        break;
      case 'stable-employee':
      case 'salaried':
        facts.monthlyIncomeFen = int(3_000, 20_000) * 100;
        facts.employerGrade = pick(EMPLOYER_GRADES);
        facts.socialInsuranceMonths = int(0, 180);
        facts.housingFundMonthlyFen = int(300, 3_000) * 100;
        break;
      case 'resident':
        facts.annualIncomeFen = int(2, 20) * WAN;
        break;
      case 'small-enterprise':
        facts.annualTurnoverFen = int(100, 5_000) * WAN;
        facts.netAssetsFen = int(20, 800) * WAN;
        facts.yearsInBusiness = int(0, 25);
        facts.enterpriseActualControllerIdentified = chance(0.85);
        facts.enterpriseOwnershipCycle = chance(0.05);
        facts.enterpriseRelatedPartyCount = int(0, 8);
        facts.enterpriseBeneficialOwnerBlacklisted = chance(0.01);
        break;
    }
    const termMonths = pick([6, 12, 12, 24, 36, 60].filter((t) => t <= product.maxTermMonths));
    let existingLoan: LoanState | undefined;
    if (chance(opts.renewalShare ?? 0.2)) {
      const maturityDate = addDays(applicationDate, int(0, 40));
      const depositBefore = int(1, 50) * 100_000;
      const turnoverBefore = int(10, 100) * WAN;
      existingLoan = {
        loanId: `loan:${String(i).padStart(6, '0')}`,
        asOf: applicationDate,
        balanceFen: int(1, 30) * WAN,
        overdueDays: chance(0.9) ? 0 : int(1, 120),
        overdueFen: 0,
        classification: 'normal',
        previousClassification: 'normal',
        depositBalanceFen: Math.floor((depositBefore * int(40, 140)) / 100),
        depositBalance3mAgoFen: depositBefore,
        turnoverLast3mFen: Math.floor((turnoverBefore * int(50, 130)) / 100),
        turnoverPrev3mFen: turnoverBefore,
        bureauNewDefaults: chance(0.03) ? 1 : 0,
        bureauNewQueries30d: chance(0.85) ? int(0, 2) : int(3, 6),
        lawsuits: chance(0.02) ? 1 : 0,
        guarantorDefault: chance(0.02),
        historyMaxOverdueDays: chance(0.85) ? 0 : int(1, 60),
        historyOverdueTimes: chance(0.8) ? 0 : int(1, 4),
        renewalsSoFar: chance(0.85) ? int(0, 2) : int(3, 4),
        maturityDate,
      };
    }
    out.push({
      applicationId: `application:${productCode}:${String(i).padStart(6, '0')}`,
      productCode,
      applicationDate,
      requestedAmountFen: int(1, Math.max(1, product.maxLimitFen / WAN)) * WAN,
      termMonths,
      repaymentMethod: product.repaymentMethods[int(0, product.repaymentMethods.length - 1)]!,
      collectedData: [...product.requiredData],
      facts,
      ...(existingLoan ? { existingLoan } : {}),
    });
  }
  return out;
}

/** A loan state with nothing wrong, for tests that change one thing at a time. */
export function healthyLoan(overrides: Partial<LoanState> = {}): LoanState {
  return {
    loanId: 'loan:healthy',
    asOf: '2025-06-10',
    balanceFen: 10 * WAN,
    overdueDays: 0,
    overdueFen: 0,
    classification: 'normal',
    previousClassification: 'normal',
    bureauNewDefaults: 0,
    bureauNewQueries30d: 0,
    lawsuits: 0,
    guarantorDefault: false,
    historyMaxOverdueDays: 0,
    historyOverdueTimes: 0,
    renewalsSoFar: 0,
    maturityDate: '2025-06-30',
    ...overrides,
  };
}
