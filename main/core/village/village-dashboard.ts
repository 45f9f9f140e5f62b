import type { CreditDrawdown, CreditLine } from '../../../domain/village/credit-line';
import type { DashboardFacts } from '../../../domain/village/dashboard';
import type { VillageApprovalDoc, VillageReviewDoc } from './village.docs';
import type { VillageDeps } from './village.service';

/** What the branch holds of a loan from head office's feed (`loan-state`, sync-server/feeds/branch-docs.ts): the fields counted here. */
interface LoanState {
  type: 'loan-state';
  idNo: string;
  balanceFen: number;
  overdueFen: number;
  classification: string;
  status: 'active' | 'closed';
}

const NON_PERFORMING = new Set(['substandard', 'doubtful', 'loss']);

async function byPrefix<T>(deps: VillageDeps, prefix: string): Promise<T[]> {
  const res = await deps.pouch.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
  return res.rows.flatMap((r) => (r.doc ? [r.doc as unknown as T] : []));
}

/**
 * What the village dashboard adds up, read the cheap way: households by SQL (household_index, household_member), the
 * few review rounds and approvals as documents, head office's signed lines and drawdowns as the caller verified them.
 */
export async function dashboardFacts(deps: VillageDeps, asOf: string, lines: CreditLine[], drawdowns: CreditDrawdown[]): Promise<DashboardFacts> {
  const households = deps.sql
    .prepare('SELECT village, COUNT(*) AS households, SUM(filed) AS withFile FROM household_index GROUP BY village')
    .all() as { village: string; households: number; withFile: number }[];
  // Only the households an approval or a loan names are looked up (not every household on file).
  const villageStmt = deps.sql.prepare('SELECT village FROM household_index WHERE id = ?');
  const villageOf = { get: (id: string) => (villageStmt.get(id) as { village: string } | undefined)?.village };
  const reviewed = (await byPrefix<VillageReviewDoc>(deps, 'village-review:'))
    .filter((r) => r.status === 'closed')
    .flatMap((r) => r.householdIds.map((householdId) => ({ village: r.village, householdId })));
  const approved = (await byPrefix<VillageApprovalDoc>(deps, 'village-approval:'))
    .filter((a) => a.expiresOn >= asOf)
    .flatMap((a) => a.lines.filter((l) => l.limitFen > 0 && villageOf.get(l.householdId) === a.village).map((l) => ({ village: a.village, householdId: l.householdId, limitFen: l.limitFen })));
  const lineOf = new Map(lines.map((l) => [l._id, l]));
  const memberStmt = deps.sql.prepare('SELECT household_id FROM household_member WHERE id_number = ? LIMIT 1');
  const householdOfMember = { get: (idNumber: string) => (memberStmt.get(idNumber) as { household_id: string } | undefined)?.household_id };
  const loans = (await byPrefix<LoanState>(deps, 'loan-state:')).flatMap((loan) => {
    const householdId = loan.status === 'active' ? householdOfMember.get(loan.idNo) : undefined;
    const village = householdId && villageOf.get(householdId);
    if (!householdId || !village) return [];
    const npl = NON_PERFORMING.has(loan.classification);
    return [{ village, householdId, balanceFen: loan.balanceFen, nplFen: npl ? loan.balanceFen : 0, defaulting: npl || loan.overdueFen > 0 }];
  });
  return {
    households, reviewed, approved, loans,
    lines: lines.map((l) => ({ village: l.village, householdId: l.householdId, limitFen: l.limitFen, signed: l.signing !== null, expired: l.expiresOn < asOf })),
    drawdowns: drawdowns.flatMap((d) => (lineOf.has(d.lineId) ? [{ village: d.village, householdId: d.householdId, amountFen: d.amountFen }] : [])),
  };
}
