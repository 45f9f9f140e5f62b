import { daysBetween } from '../credit/dates';
import type { ProductCode } from '../credit/products';
import { CLASSIFICATIONS, classificationRank, type Classification, type RuleSet } from '../credit/rules';
import { WARNING_LEVELS, type WarningLevel } from '../credit/rules/schema';
import { scanLoan, type RaisedEvent } from './scan';

/**
 * The branch's own daily scan of its loans (issue #14: "each branch for its own loans, also offline"): the same
 * per-loan scan head office runs (scan.ts), over the loan states head office last published to the branch, on the
 * branch's today. Offline, days go on passing: a loan crosses 90 days and is 次级 today, a maturity comes near —
 * the branch sees it at once instead of after the next sync. What it cannot see (a repayment, a lawsuit) only the
 * feeds tell, so head office's published classification and signals are the floor and nothing here closes or
 * raises a real event: changes are shown as provisional until head office's scan confirms them.
 */

/** What the branch holds of a loan (the synced `loan-state` document, sync-server/feeds/branch-docs.ts). */
export interface PublishedLoan {
  account: string;
  name: string;
  manager: string;
  product: ProductCode;
  balanceFen: number;
  overdueFen: number;
  overdueSince: string | null;
  classification: Classification;
  warningLevel: WarningLevel;
  signals: string[];
  maturityDate: string;
  status: 'active' | 'closed';
}

/** A loan whose state today differs from what head office last published. */
export interface BranchScanChange {
  account: string;
  name: string;
  manager: string;
  overdueDays: number;
  published: Classification;
  classification: Classification;
  level: WarningLevel;
  raised: RaisedEvent[];
}

export interface BranchScan {
  date: string;
  loans: number;
  /** Loans and balance per class today: the branch's own five-category picture. */
  byClass: Record<Classification, { loans: number; balanceFen: number }>;
  changes: BranchScanChange[];
}

/** Days overdue today from the first day overdue (the document is not rewritten as days pass). */
export const overdueDaysOn = (overdueSince: string | null, date: string): number =>
  overdueSince === null ? 0 : Math.max(0, daysBetween(overdueSince, date) + 1);

const worse = <T extends string>(order: readonly T[], a: T, b: T): T => (order.indexOf(a) >= order.indexOf(b) ? a : b);

export function scanBranchLoans(loans: Iterable<PublishedLoan>, date: string, ruleSetOf: (product: ProductCode) => RuleSet): BranchScan {
  const byClass = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, { loans: 0, balanceFen: 0 }])) as BranchScan['byClass'];
  const changes: BranchScanChange[] = [];
  let count = 0;
  for (const loan of loans) {
    if (loan.status !== 'active') continue;
    count++;
    const overdueDays = overdueDaysOn(loan.overdueSince, date);
    const scan = scanLoan(
      ruleSetOf(loan.product),
      {
        loanId: loan.account, asOf: date, balanceFen: loan.balanceFen, overdueDays, overdueFen: loan.overdueFen, classification: 'normal',
        // Facts only the feeds carry are unknown here; head office's signals from them stand (they are the memory below).
        bureauNewDefaults: 0, bureauNewQueries30d: 0, lawsuits: 0, guarantorDefault: false,
        historyMaxOverdueDays: overdueDays, historyOverdueTimes: overdueDays > 0 ? 1 : 0, renewalsSoFar: 0, maturityDate: loan.maturityDate,
      },
      // Overdue days as today's: a new overdue is a feed's to tell (the branch cannot see that a due payment was missed).
      { overdueDays, classification: loan.classification, signals: loan.signals },
    );
    const classification = worse(CLASSIFICATIONS, scan.memory.classification, loan.classification);
    const cell = byClass[classification];
    cell.loans++;
    cell.balanceFen += loan.balanceFen;
    if (scan.raised.length === 0) continue;
    changes.push({
      account: loan.account, name: loan.name, manager: loan.manager, overdueDays, published: loan.classification, classification,
      level: worse(WARNING_LEVELS, scan.level, loan.warningLevel), raised: scan.raised,
    });
  }
  changes.sort((a, b) => classificationRank(b.classification) - classificationRank(a.classification) || b.overdueDays - a.overdueDays || a.account.localeCompare(b.account));
  return { date, loans: count, byClass, changes };
}
