import type { ProductCode } from '../../../domain/credit/products';
import type { Classification, LoanState } from '../../../domain/credit/rules';
import { overdueDaysOn } from '../../../domain/post-loan/branch-scan';
import type { LoanDoc } from './credit.docs';
import { publishedLoansOf } from './bank-facts';

/**
 * A branch loan's real performance: the `loan-state` document head office publishes from core banking's daily loan
 * file (written by head office only). The branch's `loan` document and the core-banking account are linked by
 * matching, not by a number recorded at disbursement: the loan account is opened by core banking after the
 * branch's disbursement order, so the branch never learns it then; the loan file carries the customer's ID number,
 * the product, the principal and the maturity, which identify the loan. A customer's one live loan of the product
 * matches on ID + product; with several, principal and maturity must match too, else none is taken (no guessing).
 */
export interface CoreBankingLoan {
  account: string;
  idNo: string;
  product: ProductCode;
  principalFen: number;
  balanceFen: number;
  overdueFen: number;
  overdueSince: string | null;
  classification: Classification;
  maturityDate: string;
  status: 'active' | 'closed';
  history: { m: string; c: Classification; b: number }[];
  overdueTimes?: number;
  maxOverdueDays?: number | null;
}

export async function findCoreBankingLoan(
  pouch: PouchDB.Database<object>,
  loan: Pick<LoanDoc, 'productCode' | 'principalFen' | 'maturityDate'>,
  idNo: string | null,
): Promise<CoreBankingLoan | null> {
  if (!idNo) return null;
  const mine = (await publishedLoansOf(pouch, idNo)).filter((d) => d.product === loan.productCode && d.status === 'active');
  if (mine.length === 1) return mine[0]!;
  const exact = mine.filter((d) => d.principalFen === loan.principalFen && d.maturityDate === loan.maturityDate);
  return exact.length === 1 ? exact[0]! : null;
}

/** The loan as the early-warning and renewal models see it on `asOf`: core banking's figures when head office published them. */
export function loanState(loan: LoanDoc, asOf: string, live: CoreBankingLoan | null = null): LoanState {
  const base: LoanState = {
    loanId: loan._id, asOf, balanceFen: loan.balanceFen, overdueDays: loan.overdueDays, overdueFen: 0,
    classification: 'normal', previousClassification: 'normal', bureauNewDefaults: 0, bureauNewQueries30d: 0, lawsuits: 0,
    guarantorDefault: false, historyMaxOverdueDays: loan.historyMaxOverdueDays, historyOverdueTimes: loan.historyOverdueTimes,
    renewalsSoFar: loan.renewalsSoFar, maturityDate: loan.maturityDate,
  };
  if (!live) return base;
  const overdueDays = overdueDaysOn(live.overdueSince, asOf);
  // Month-end classes, newest last: the one before the current month's is the class the loan migrated from.
  const previous = live.history.filter((h) => h.m < asOf.slice(0, 7)).at(-1)?.c ?? live.classification;
  return {
    ...base,
    balanceFen: live.balanceFen,
    overdueDays,
    overdueFen: live.overdueFen,
    classification: live.classification,
    previousClassification: previous,
    historyMaxOverdueDays: Math.max(live.maxOverdueDays ?? 0, overdueDays),
    historyOverdueTimes: live.overdueTimes ?? (overdueDays > 0 ? 1 : 0),
  };
}
