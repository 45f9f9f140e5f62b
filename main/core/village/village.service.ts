import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { writeEdits } from '../../../db/bulk-edits';
import { cachedStatement } from '../../../db/projection';
import type { Database } from '../../../db/sqlite';
import { preCreditFacts } from '../../../domain/village/household-file';
import { householdIdFrom } from '../../../domain/village/household-list';
import { preCredit } from '../../../domain/village/pre-credit';
import { branchDay } from '../../../domain/time/branch-time';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import type { AuditLog } from '../audit/audit-log';
import { importTable } from '../import/table-import';
import { TableReadError } from '../import/table-reader';
import type { WriteQueue } from '../write-queue';
import { unpackHouseholdList, type HouseholdListResult, type ImportedHousehold } from './household-import';
import type { HouseholdSummary, ImportOutcome, ImportPreview, PreviewHousehold, villageContract } from './village.contract';
import { listDigest, type HouseholdDoc, type HouseholdMember, type VillageImportDoc } from './village.docs';
import { withImportFacts } from './village.projection';

export interface VillageDeps {
  pouch: PouchDB.Database<object>;
  sql: Database;
  audit: AuditLog;
  writes: WriteQueue;
  branch: string;
  /** The branch's time zone: "as of" days (pre-credit ages, expiries, the dashboard) are the branch's calendar days. */
  timeZone: string;
}

const ulid = monotonicFactory();
/** Keys per IN list of a lookup (a statement's parameters; SQLite allows 32,766). */
const IN_LIST = 500;
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export const householdId = (headIdNumber: string) => householdIdFrom(sha256, headIdNumber);

const summaryOf = (d: HouseholdDoc): HouseholdSummary => ({
  id: d._id, rev: d._rev!, village: d.village, group: d.group, householdNo: d.householdNo, headName: d.headName, members: d.members,
  preCredit: d.preCredit, file: d.file, updatedAt: d.updatedAt,
});

interface Planned {
  household: ImportedHousehold;
  /** For 'unchanged', what the list says, not what is stored (its file and revision are not read). */
  doc: HouseholdDoc;
  change: 'new' | 'changed' | 'unchanged';
  /** listDigest of what the list says (the projection reuses it when the household is written). */
  digest: string;
  /** The pre-credit the household will have: for 'unchanged', the stored one (its file counts). */
  preCreditFen: number;
  /** The stored revision a 'changed' household was read at; null for a new one. */
  baseRev: string | null;
}

/**
 * 整村授信, step one: a village committee's household list is read in the import worker (checked line by line,
 * grouped into households, priced by the pre-credit model), shown as a preview with every refused line, and its
 * good households written in one bulkDocs with the import record and its audit entry — all or nothing.
 */
export function villageHandlers(deps: VillageDeps): Handlers<typeof villageContract> {
  async function loadHousehold(id: string): Promise<HouseholdDoc> {
    const doc = (await deps.pouch.get<HouseholdDoc>(id).catch(() => null)) as HouseholdDoc | null;
    if (!doc || doc.type !== 'household') throw apiError('NOT_FOUND', 'village.householdNotFound');
    return doc;
  }

  async function readList(contentBase64: string, asOf: string): Promise<{ fileDigest: string; list: HouseholdListResult }> {
    const bytes = Buffer.from(contentBase64, 'base64');
    const file = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    // Before the import: the worker is handed the bytes themselves, not a copy.
    const fileDigest = `sha256:${sha256(file)}`;
    try {
      const list = unpackHouseholdList(await importTable('village-households', file, { asOf }), asOf);
      return { fileDigest, list };
    } catch (err) {
      if (err instanceof TableReadError) throw apiError('VALIDATION', 'village.listRefused', { reason: err.messageZh, reasonEn: err.messageEn ?? err.messageZh });
      throw err;
    }
  }

  /**
   * `select` + ` IN (…)` over `keys`, in fixed-size IN lists: each key an index probe, and no JSON of the whole list
   * to write and parse (half the CPU of one json_each query for a 20,000-household list). The last list is padded
   * with NULL, which matches nothing.
   */
  function rowsWhereIn<R>(select: string, keys: readonly string[], suffix = ''): R[] {
    const query = cachedStatement(deps.sql, `${select} IN (${'?,'.repeat(IN_LIST - 1)}?)${suffix}`);
    const rows: R[] = [];
    for (let i = 0; i < keys.length; i += IN_LIST) {
      const chunk: (string | null)[] = keys.slice(i, i + IN_LIST);
      while (chunk.length < IN_LIST) chunk.push(null);
      rows.push(...(query.all(chunk) as R[]));
    }
    return rows;
  }

  /** The bank's customers among these ID numbers. */
  const customersByIdNumber = (idNumbers: string[]): Map<string, string> =>
    new Map(
      rowsWhereIn<{ idNumber: string; id: string }>('SELECT id_number AS idNumber, MIN(id) AS id FROM customer_index WHERE id_number', idNumbers, ' GROUP BY id_number')
        .map((r) => [r.idNumber, r.id]),
    );

  /** Households already on file among these ids, with the digest of what their list said. */
  const knownHouseholds = (ids: string[]): Map<string, { digest: string; preCreditFen: number }> =>
    new Map(
      rowsWhereIn<{ id: string; digest: string; preCreditFen: number }>('SELECT id, list_digest AS digest, pre_credit_fen AS preCreditFen FROM household_index WHERE id', ids)
        .map((r) => [r.id, r]),
    );

  /**
   * Each good household of the list → the document to write, or 'unchanged'. Only the households whose list facts
   * changed are read from the store (they keep their file, creation and revision): a 20,000-household re-import
   * reads no document at all.
   */
  async function plan(village: string, list: HouseholdListResult, now: string, by: string, importId: string): Promise<Planned[]> {
    const asOf = branchDay(new Date(now), deps.timeZone);
    const ids = list.households.map((h) => householdId(h.headIdNumber));
    const customers = customersByIdNumber(list.households.flatMap((h) => h.members.map((m) => m.idNumber)));
    const known = knownHouseholds(ids);
    const drafts = list.households.map((household, i) => {
      const members: HouseholdMember[] = household.members.map((m) => ({
        name: m.name, idNumber: m.idNumber, relation: m.relation, phone: m.phone, birthDate: m.birthDate, sex: m.sex, customerId: customers.get(m.idNumber) ?? null,
      }));
      const digest = listDigest({ village, group: household.group, householdNo: household.householdNo, members });
      const before = known.get(ids[i]!);
      const change: Planned['change'] = before === undefined ? 'new' : before.digest === digest ? 'unchanged' : 'changed';
      return { household, members, digest, change, storedPreCreditFen: before?.preCreditFen ?? 0 };
    });
    const toRead = ids.filter((_, i) => drafts[i]!.change === 'changed');
    const existing = new Map<string, HouseholdDoc>();
    if (toRead.length > 0) {
      const found = await deps.pouch.allDocs<HouseholdDoc>({ keys: toRead, include_docs: true });
      for (const row of found.rows) if ('doc' in row && row.doc) existing.set(row.id, row.doc as HouseholdDoc);
    }
    return drafts.map(({ household, members, digest, change, storedPreCreditFen }, i) => {
      const head = members[0]!;
      const old = existing.get(ids[i]!);
      const doc: HouseholdDoc = {
        _id: ids[i]!, type: 'household', branch: deps.branch, village, group: household.group,
        householdNo: household.householdNo, headName: head.name, headIdNumber: head.idNumber, members,
        // A household already on file keeps its file; its pre-credit reads the file with the list's members.
        preCredit: old?.file ? preCredit(preCreditFacts(members, old.file), asOf) : household.preCredit, file: old?.file ?? null,
        importId, createdAt: old?.createdAt ?? now, createdBy: old?.createdBy ?? by, updatedAt: now, updatedBy: by,
      };
      return { household, doc, change, digest, preCreditFen: change === 'unchanged' ? storedPreCreditFen : doc.preCredit.limitFen, baseRev: old?._rev ?? null };
    });
  }

  const previewOf = (village: string, fileName: string, list: HouseholdListResult, planned: Planned[]): ImportPreview => {
    const count = (c: Planned['change']) => planned.filter((p) => p.change === c).length;
    const sample: PreviewHousehold[] = planned.slice(0, 200).map((p) => ({
      householdNo: p.doc.householdNo, group: p.doc.group, headName: p.doc.headName, members: p.doc.members.length, line: p.household.lines[0]!,
      change: p.change, preCreditFen: p.preCreditFen,
      linkedCustomers: p.doc.members.filter((m) => m.customerId).map((m) => ({ name: m.name, customerId: m.customerId! })),
    }));
    return {
      village, fileName, rows: list.rows, households: planned.length, goodLines: planned.reduce((s, p) => s + p.household.lines.length, 0),
      refusedLines: list.problemCount, newHouseholds: count('new'), changedHouseholds: count('changed'), unchangedHouseholds: count('unchanged'),
      linkedCustomers: planned.reduce((s, p) => s + p.doc.members.filter((m) => m.customerId).length, 0),
      preCreditTotalFen: planned.reduce((s, p) => s + p.preCreditFen, 0),
      problems: list.problems, sample,
    };
  };

  return {
    'village.previewImport': async ({ village, fileName, contentBase64 }, ctx) => {
      const actor = actorOf(ctx);
      const { list } = await readList(contentBase64, branchDay(ctx.now, deps.timeZone));
      const planned = await plan(village, list, ctx.now.toISOString(), actor.staffNo, '');
      return previewOf(village, fileName, list, planned);
    },

    'village.importHouseholds': async ({ village, fileName, contentBase64 }, ctx): Promise<ImportOutcome> => {
      const actor = actorOf(ctx);
      const { fileDigest, list } = await readList(contentBase64, branchDay(ctx.now, deps.timeZone));
      if (list.households.length === 0) throw apiError('VALIDATION', 'village.nothingToImport', { refused: list.problemCount });
      return deps.writes.run(async () => {
        const now = ctx.now.toISOString();
        const importId = `village-import:${ulid(ctx.now.getTime())}`;
        const planned = await plan(village, list, now, actor.staffNo, importId);
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
    },

    'village.household': async ({ id }) => summaryOf(await loadHousehold(id)),

    'village.saveFile': async ({ id, rev, file }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = await loadHousehold(id);
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
    },

    'village.households': async ({ village, limit }) => {
      const rows = deps.sql.prepare('SELECT id FROM household_index WHERE village = ? ORDER BY grp, household_no, id LIMIT ?').all(village, limit) as { id: string }[];
      if (rows.length === 0) return [];
      const docs = await deps.pouch.allDocs<HouseholdDoc>({ keys: rows.map((r) => r.id), include_docs: true });
      return docs.rows.flatMap((r) => ('doc' in r && r.doc ? [summaryOf(r.doc as HouseholdDoc)] : []));
    },

    'village.villages': async () =>
      deps.sql.prepare('SELECT village, COUNT(*) AS households FROM household_index GROUP BY village ORDER BY village').all() as { village: string; households: number }[],
  };
}
