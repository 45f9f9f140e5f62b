import { creditVillageStatus } from '../../../domain/village/credit-village';
import type { Handlers } from '../api/handlers';
import type { creditVillageContract } from './credit-village.contract';
import type { HouseholdDoc, VillageApprovalDoc } from './village.docs';
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
 * 信用村 from the branch's own documents: households on file (`household`), credit households (a granted line of a
 * `village-approval` not yet expired), borrowers (a member's ID on an active `loan-state` from head office's feed),
 * defaulting borrowers (a loan overdue or 次级/可疑/损失) and the NPL balance. Computed when asked, so a village that
 * falls below the criteria (a line expires, a loan goes bad after a sync) is flagged at once.
 */
export function creditVillageHandlers(deps: VillageDeps & { branchName: string }): Handlers<typeof creditVillageContract> {
  return {
    'village.creditVillage': async ({ village }, ctx) => {
      const asOf = ctx.now.toISOString().slice(0, 10);
      const ids = (deps.sql.prepare('SELECT id FROM household_index WHERE village = ?').all(village) as { id: string }[]).map((r) => r.id);
      const onFile = new Set(ids);
      const credit = new Set<string>();
      for (const a of await byPrefix<VillageApprovalDoc>(deps, 'village-approval:')) {
        if (a.village !== village || a.expiresOn < asOf) continue;
        for (const l of a.lines) if (l.limitFen > 0 && onFile.has(l.householdId)) credit.add(l.householdId);
      }
      const householdOf = new Map<string, string>();
      const docs = ids.length ? await deps.pouch.allDocs<HouseholdDoc>({ keys: ids, include_docs: true }) : { rows: [] };
      for (const r of docs.rows) if ('doc' in r && r.doc) for (const m of (r.doc as HouseholdDoc).members) householdOf.set(m.idNumber, r.id);
      const borrowers = new Set<string>();
      const defaulting = new Set<string>();
      let balanceFen = 0;
      let nplBalanceFen = 0;
      for (const loan of await byPrefix<LoanState>(deps, 'loan-state:')) {
        const household = loan.status === 'active' ? householdOf.get(loan.idNo) : undefined;
        if (!household) continue;
        borrowers.add(household);
        balanceFen += loan.balanceFen;
        if (NON_PERFORMING.has(loan.classification)) nplBalanceFen += loan.balanceFen;
        if (loan.overdueFen > 0 || NON_PERFORMING.has(loan.classification)) defaulting.add(household);
      }
      const counts = { households: ids.length, creditHouseholds: credit.size, borrowers: borrowers.size, defaultingBorrowers: defaulting.size, balanceFen, nplBalanceFen };
      return { village, branchName: deps.branchName, asOf, ...counts, ...creditVillageStatus(counts) };
    },
  };
}
