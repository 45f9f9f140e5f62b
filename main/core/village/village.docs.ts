import { createHash } from 'node:crypto';
import type { ReviewOutcome, ReviewScore } from '../../../domain/village/review';
import type { Relation } from '../../../domain/village/household-list';
import type { HouseholdFile } from '../../../domain/village/household-file';
import type { PreCredit } from '../../../domain/village/pre-credit';
import type { SealedBox } from '../../../trust/seal';

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

/** A seat of a review panel; the seat's code is shown once when the round opens and kept only as a digest. */
export interface ReviewSeat {
  seat: number;
  name: string;
  role: 'cadre' | 'elder' | 'manager';
  /** SHA-256 (hex) of `round id + seat + code`: the code proves the seat when scores are handed in. */
  codeDigest: string;
}

/**
 * One round of 村组评议 for a village (`village-review:<ulid>`). Round 1 covers the village's households; a round 2
 * covers the households round 1 found disputed. Outcomes are filled when the round closes, by the published rules.
 */
export interface VillageReviewDoc {
  _id: string;
  _rev?: string;
  type: 'village-review';
  branch: string;
  village: string;
  round: number;
  previousRoundId: string | null;
  householdIds: string[];
  /** Pre-credit of each household when the round opened: the cap of the limit the panel can pass. */
  preCreditFen: number[];
  panel: ReviewSeat[];
  rulesVersion: number;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  /** By household, in `householdIds` order; null while open. */
  outcomes: ReviewOutcome[] | null;
}

/**
 * A panel member's scores for a round (`village-review-score:<round ulid>:<seat>`), handed in once: append-only on
 * the server, so nobody changes a score after the round's scores are opened.
 */
export interface VillageReviewScoreDoc {
  _id: string;
  _rev?: string;
  type: 'village-review-score';
  branch: string;
  reviewId: string;
  seat: number;
  /** In the round's `householdIds` order. */
  scores: ReviewScore[];
  at: string;
  /** The staff member whose session handed the scores in (the customer manager's laptop, usually). */
  recordedBy: string;
}

/**
 * The branch head's batch approval (批量授信) of a closed review round (`village-approval:<round ulid>`, one per
 * round): the households granted, each with its limit, the rate and the term, and the exceptions decided one by
 * one. A branch decision, not yet a bank fact: the credit lines themselves are for head office to issue and sign.
 */
export interface VillageApprovalDoc {
  _id: string;
  _rev?: string;
  type: 'village-approval';
  branch: string;
  village: string;
  reviewId: string;
  rateBp: number;
  termMonths: number;
  /** YYYY-MM-DD: the lines expire `termMonths` after approval. */
  expiresOn: string;
  lines: { householdId: string; limitFen: number; exception: string | null }[];
  refused: { householdId: string; reason: string }[];
  approvedAt: string;
  approvedBy: string;
  approvedByName: string;
  /** The approver's password sealed to head office over these terms: head office issues no line without it. */
  proof?: { staffNo: string; at: string; box: SealedBox };
}

/**
 * A photo of a household's file (`household-photo:<household hex>:<ulid>`, domain/village/household-photo.ts): one
 * JPEG re-encoded by the core, its own document so the household's record is not held back behind it on a weak link.
 */
export interface HouseholdPhotoDoc {
  _id: string;
  _rev?: string;
  type: 'household-photo';
  branch: string;
  householdId: string;
  caption: string;
  width: number;
  height: number;
  bytes: number;
  /** sha256 of the stored JPEG, named in the audit entry. */
  digest: string;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  _attachments?: Record<string, { content_type: string; data?: string; digest?: string; length?: number; stub?: boolean }>;
}
