import { preCreditFacts } from '../../../domain/village/household-file';
import { preCredit } from '../../../domain/village/pre-credit';
import { branchDay } from '../../../domain/time/branch-time';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import type { HouseholdDoc } from './village.docs';
import { loadHousehold, summaryOf, type In, type Out, type VillageDeps } from './village-records';

export async function household(deps: VillageDeps, { id }: In<'village.household'>): Promise<Out<'village.household'>> {
  return summaryOf(await loadHousehold(deps, id));
}

/** A household's file (assets, income, who is away) saved at the revision it was read at; its pre-credit re-priced. */
export async function saveFile(deps: VillageDeps, { id, rev, file }: In<'village.saveFile'>, ctx: CallContext): Promise<Out<'village.saveFile'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const doc = await loadHousehold(deps, id);
    if (doc._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
    const members = new Set(doc.members.map((m) => m.idNumber));
    if (file.awayIdNumbers.some((n) => !members.has(n))) throw apiError('VALIDATION', 'village.notAMember');
    const now = ctx.now.toISOString();
    const next: HouseholdDoc = {
      ...doc, file: { ...file, filedAt: now, filedBy: actor.staffNo, filedByName: actor.name },
      preCredit: preCredit(preCreditFacts(doc.members, file), branchDay(ctx.now, deps.timeZone)), updatedAt: now, updatedBy: actor.staffNo,
    };
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'village.saveFile', entity: id, at: now,
      before: doc.file ? { ...doc.file, preCreditFen: doc.preCredit.limitFen } : null, after: { ...file, preCreditFen: next.preCredit.limitFen },
    });
    const [res] = await deps.pouch.bulkDocs([next, entry]);
    if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    return summaryOf({ ...next, _rev: (res as { rev: string }).rev });
  });
}

/** A village's households in group and household-number order. */
export async function households(deps: VillageDeps, { village, limit }: In<'village.households'>): Promise<Out<'village.households'>> {
  const rows = deps.sql.prepare('SELECT id FROM household_index WHERE village = ? ORDER BY grp, household_no, id LIMIT ?').all(village, limit) as { id: string }[];
  if (rows.length === 0) return [];
  const docs = await deps.pouch.allDocs<HouseholdDoc>({ keys: rows.map((r) => r.id), include_docs: true });
  return docs.rows.flatMap((r) => ('doc' in r && r.doc ? [summaryOf(r.doc as HouseholdDoc)] : []));
}

/** Every village with households on file, and how many. */
export async function villages(deps: VillageDeps): Promise<Out<'village.villages'>> {
  return deps.sql.prepare('SELECT village, COUNT(*) AS households FROM household_index GROUP BY village ORDER BY village').all() as { village: string; households: number }[];
}
