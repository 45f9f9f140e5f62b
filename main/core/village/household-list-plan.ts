import { cachedStatement } from '../../../db/projection';
import { preCreditFacts } from '../../../domain/village/household-file';
import { preCredit } from '../../../domain/village/pre-credit';
import { branchDay } from '../../../domain/time/branch-time';
import { apiError } from '../api/dispatch';
import { importTable } from '../import/table-import';
import { TableReadError } from '../import/table-reader';
import { unpackHouseholdList, type HouseholdListResult, type ImportedHousehold } from './household-import';
import type { ImportPreview, PreviewHousehold } from './village.contract';
import { listDigest, type HouseholdDoc, type HouseholdMember } from './village.docs';
import { householdId, sha256, type VillageDeps } from './village-records';

/** Keys per IN list of a lookup (a statement's parameters; SQLite allows 32,766). */
const IN_LIST = 500;

export interface Planned {
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

/** The uploaded list read in the import worker, and the digest of its bytes. */
export async function readList(contentBase64: string, asOf: string): Promise<{ fileDigest: string; list: HouseholdListResult }> {
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
function rowsWhereIn<R>(deps: VillageDeps, select: string, keys: readonly string[], suffix = ''): R[] {
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
const customersByIdNumber = (deps: VillageDeps, idNumbers: string[]): Map<string, string> =>
  new Map(
    rowsWhereIn<{ idNumber: string; id: string }>(deps, 'SELECT id_number AS idNumber, MIN(id) AS id FROM customer_index WHERE id_number', idNumbers, ' GROUP BY id_number')
      .map((r) => [r.idNumber, r.id]),
  );

/** Households already on file among these ids, with the digest of what their list said. */
const knownHouseholds = (deps: VillageDeps, ids: string[]): Map<string, { digest: string; preCreditFen: number }> =>
  new Map(
    rowsWhereIn<{ id: string; digest: string; preCreditFen: number }>(deps, 'SELECT id, list_digest AS digest, pre_credit_fen AS preCreditFen FROM household_index WHERE id', ids)
      .map((r) => [r.id, r]),
  );

/**
 * Each good household of the list → the document to write, or 'unchanged'. Only the households whose list facts
 * changed are read from the store (they keep their file, creation and revision): a 20,000-household re-import
 * reads no document at all.
 */
export async function planHouseholds(deps: VillageDeps, village: string, list: HouseholdListResult, now: string, by: string, importId: string): Promise<Planned[]> {
  const asOf = branchDay(new Date(now), deps.timeZone);
  const ids = list.households.map((h) => householdId(h.headIdNumber));
  const customers = customersByIdNumber(deps, list.households.flatMap((h) => h.members.map((m) => m.idNumber)));
  const known = knownHouseholds(deps, ids);
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

/** What the preview shows: the counts, the refused lines and the first 200 households. */
export function previewOf(village: string, fileName: string, list: HouseholdListResult, planned: Planned[]): ImportPreview {
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
}
