import { cachedStatement, type Projection } from '../../../db/projection';
import type { Database } from '../../../db/sqlite';
import { listDigest, type HouseholdDoc } from './village.docs';

/**
 * What an import has just worked out for the households of its one write (key: import id + household id): the
 * list digest, so the projection need not hash those households a second time, and whether the household is new to
 * the store (no live revision: checked again inside the write, db/bulk-edits.ts), so there are no member rows of
 * it to delete. The import id is new to this write, so no other document finds an entry; the entries go when the
 * write ends.
 */
export interface ImportedFacts {
  digest: string;
  isNew: boolean;
}
const importFacts = new Map<string, ImportedFacts>();
const factsKey = (importId: string, id: string) => `${importId}\u0000${id}`;

/**
 * The member rows of an import's new households, held back until the last of them is projected and then inserted in
 * ID-number order, still in the write's transaction: in list order each of ~70,000 rows lands on a random page of
 * household_member's B-tree; sorted, the pages are visited once, front to back, however many lists are on file.
 */
interface HeldMembers {
  expected: number;
  seen: number;
  rows: [idNumber: string, householdId: string][];
}
const heldMembers = new Map<string, HeldMembers>();

export async function withImportFacts<T>(importId: string, facts: ReadonlyMap<string, ImportedFacts>, write: () => Promise<T>): Promise<T> {
  for (const [id, f] of facts) importFacts.set(factsKey(importId, id), f);
  let expected = 0;
  for (const f of facts.values()) if (f.isNew) expected++;
  if (expected > 0) heldMembers.set(importId, { expected, seen: 0, rows: [] });
  try {
    return await write();
  } finally {
    for (const id of facts.keys()) importFacts.delete(factsKey(importId, id));
    heldMembers.delete(importId);
  }
}

function insertMembers(sql: Database, rows: readonly (readonly [string, string])[]): void {
  const member = cachedStatement(sql, 'INSERT OR IGNORE INTO household_member (id_number, household_id) VALUES (?, ?)');
  for (const [idNumber, householdId] of rows) member.run(idNumber, householdId);
}

/**
 * Households by village, kept in the write transaction: lists and the village dashboards read SQL, and a re-import
 * compares each household's list facts by `list_digest` without loading its document.
 *
 * household_member has no index by household: each of a list's ~70,000 members cost a second, randomly placed
 * B-tree insert, a third of the members' write and growing with every list on file. A household's members are
 * found again (to be replaced when it changes) from `member_ids`, the JSON array of ID numbers it was written with.
 */
export const villageProjection: Projection = {
  name: 'village',
  version: 4,
  ddl: [
    `CREATE TABLE household_index (
       id TEXT PRIMARY KEY, village TEXT NOT NULL, grp TEXT NOT NULL, household_no TEXT NOT NULL, head_name TEXT NOT NULL,
       members INTEGER NOT NULL, pre_credit_fen INTEGER NOT NULL, filed INTEGER NOT NULL, list_digest TEXT NOT NULL,
       updated_at TEXT NOT NULL, member_ids TEXT NOT NULL
     ) WITHOUT ROWID`,
    'CREATE INDEX household_village ON household_index(village, grp, household_no)',
    // Whose household a member's ID number is in: head office's loan feed names borrowers by ID (信用村, dashboards).
    'CREATE TABLE household_member (id_number TEXT NOT NULL, household_id TEXT NOT NULL, PRIMARY KEY (id_number, household_id)) WITHOUT ROWID',
  ],
  apply(sql: Database, id: string, doc: Record<string, unknown> | null): void {
    if (!id.startsWith('household:')) return;
    const imported = doc ? importFacts.get(factsKey(String(doc.importId), id)) : undefined;
    if (!imported?.isNew) {
      const before = cachedStatement(sql, 'SELECT member_ids AS ids FROM household_index WHERE id = ?').get(id) as { ids: string } | undefined;
      const drop = cachedStatement(sql, 'DELETE FROM household_member WHERE id_number = ? AND household_id = ?');
      if (before) for (const idNumber of JSON.parse(before.ids) as string[]) drop.run(idNumber, id);
    }
    if (!doc || doc.type !== 'household') {
      cachedStatement(sql, 'DELETE FROM household_index WHERE id = ?').run(id);
      return;
    }
    const h = doc as unknown as HouseholdDoc;
    cachedStatement(
      sql,
      `INSERT OR REPLACE INTO household_index (id, village, grp, household_no, head_name, members, pre_credit_fen, filed, list_digest, updated_at, member_ids)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id, h.village, h.group, h.householdNo, h.headName, h.members.length, h.preCredit.limitFen, h.file ? 1 : 0, imported?.digest ?? listDigest(h), h.updatedAt,
      JSON.stringify(h.members.map((m) => m.idNumber)),
    );
    const held = imported?.isNew ? heldMembers.get(String(doc.importId)) : undefined;
    if (!held) return insertMembers(sql, h.members.map((m) => [m.idNumber, id] as const));
    for (const m of h.members) held.rows.push([m.idNumber, id]);
    if (++held.seen < held.expected) return;
    held.rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    insertMembers(sql, held.rows);
    held.rows = [];
  },
};
