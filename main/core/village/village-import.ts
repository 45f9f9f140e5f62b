import { monotonicFactory } from 'ulid';
import { writeEdits } from '../../../db/bulk-edits';
import { branchDay } from '../../../domain/time/branch-time';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import { planHouseholds, previewOf, readList } from './household-list-plan';
import type { ImportOutcome } from './village.contract';
import type { VillageImportDoc } from './village.docs';
import { withImportFacts } from './village.projection';
import type { In, Out, VillageDeps } from './village-records';

const ulid = monotonicFactory();

/** The list as it would be imported: nothing is written. */
export async function previewImport(deps: VillageDeps, { village, fileName, contentBase64 }: In<'village.previewImport'>, ctx: CallContext): Promise<Out<'village.previewImport'>> {
  const actor = actorOf(ctx);
  const { list } = await readList(contentBase64, branchDay(ctx.now, deps.timeZone));
  const planned = await planHouseholds(deps, village, list, ctx.now.toISOString(), actor.staffNo, '');
  return previewOf(village, fileName, list, planned);
}

/** The list's new and changed households, the import record and its audit entry, in one transaction. */
export async function importHouseholds(deps: VillageDeps, { village, fileName, contentBase64 }: In<'village.importHouseholds'>, ctx: CallContext): Promise<ImportOutcome> {
  const actor = actorOf(ctx);
  const { fileDigest, list } = await readList(contentBase64, branchDay(ctx.now, deps.timeZone));
  if (list.households.length === 0) throw apiError('VALIDATION', 'village.nothingToImport', { refused: list.problemCount });
  return deps.writes.run(async () => {
    const now = ctx.now.toISOString();
    const importId = `village-import:${ulid(ctx.now.getTime())}`;
    const planned = await planHouseholds(deps, village, list, now, actor.staffNo, importId);
    const changed = planned.filter((p) => p.change !== 'unchanged');
    const outcome = { created: planned.filter((p) => p.change === 'new').length, updated: planned.filter((p) => p.change === 'changed').length, unchanged: planned.length - changed.length, refusedLines: list.problemCount };
    if (changed.length === 0) return { importId: null, ...outcome };
    const record: VillageImportDoc = {
      _id: importId, type: 'village-import', branch: deps.branch, village, fileName, fileDigest, rows: list.rows,
      ...outcome, at: now, by: actor.staffNo, byName: actor.name,
    };
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'village.importHouseholds', entity: importId, at: now, before: null,
      after: { village, fileName, fileDigest: record.fileDigest, created: outcome.created, updated: outcome.updated, refusedLines: outcome.refusedLines },
    });
    // In id order: the store's and the projection's B-trees are then filled front to back.
    changed.sort((a, b) => (a.doc._id < b.doc._id ? -1 : 1));
    const facts = new Map(changed.map((p) => [p.doc._id, { digest: p.digest, isNew: p.baseRev === null }]));
    // One transaction, all or nothing: a household written by someone else since it was read refuses the batch.
    const written = await withImportFacts(importId, facts, async () =>
      writeEdits<{ _id: string }>(deps.pouch, [
        ...changed.map((p) => ({ doc: p.doc, base: p.baseRev, revKey: `${importId}\n${p.digest}` })),
        { doc: record, base: null, revKey: importId },
        { doc: entry, base: null, revKey: entry._id },
      ]),
    );
    if (!written.ok) throw apiError('CONFLICT', 'village.importConflict', { count: written.conflicts.length });
    deps.audit.commit(entry);
    return { importId, ...outcome };
  });
}
