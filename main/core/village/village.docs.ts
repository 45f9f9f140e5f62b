import { createHash } from 'node:crypto';
import type { Relation } from '../../../domain/village/household-list';
import type { HouseholdFile } from '../../../domain/village/household-file';
import type { PreCredit } from '../../../domain/village/pre-credit';

export interface HouseholdMember {
  name: string;
  idNumber: string;
  relation: Relation;
  phone: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** The bank's customer this person already is, linked at import. */
  customerId: string | null;
}

/**
 * A farming household of a village (`household:<digest of the head's ID number>`), from the committee's list and
 * then the customer manager's file. The id follows the head, so importing the same list again finds the same
 * documents. A branch business document: the pre-credit here is the model's suggestion, not a granted line.
 */
export interface HouseholdDoc {
  _id: string;
  _rev?: string;
  type: 'household';
  branch: string;
  village: string;
  group: string;
  householdNo: string;
  headName: string;
  headIdNumber: string;
  members: HouseholdMember[];
  preCredit: PreCredit;
  /** The customer manager's file (农户建档); null until one is saved. */
  file: (HouseholdFile & { filedAt: string; filedBy: string; filedByName: string }) | null;
  /** The import (`village-import:<ulid>`) that last changed the list fields. */
  importId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** One import of a committee's list: what was read, written and refused, by whom (`village-import:<ulid>`). */
export interface VillageImportDoc {
  _id: string;
  _rev?: string;
  type: 'village-import';
  branch: string;
  village: string;
  fileName: string;
  /** SHA-256 of the file as imported. */
  fileDigest: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refusedLines: number;
  at: string;
  by: string;
  byName: string;
}

/** What the committee's list says of a household, as a digest: a re-import that says the same changes nothing. */
export function listDigest(d: Pick<HouseholdDoc, 'village' | 'group' | 'householdNo' | 'members'>): string {
  const facts = JSON.stringify([d.village, d.group, d.householdNo, d.members.map((m) => [m.name, m.idNumber, m.relation, m.phone, m.customerId])]);
  return createHash('sha256').update(facts).digest('base64url');
}

