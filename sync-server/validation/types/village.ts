import { z } from 'zod';
import { RELATIONS } from '../../../domain/village/household-list';
import { INTEGRITY_GRADES } from '../../../domain/village/review';
import { creditDrawdownFields, creditLineFields } from '../../../domain/village/credit-line';
import { HOUSEHOLD_PHOTO_MAX_BYTES, HOUSEHOLD_PHOTO_MAX_SIDE } from '../../../domain/village/household-photo';
import { signatureSchema } from '../../../trust/signature';
import { docMeta, isoUtc, required, text } from './common';
import { sealedBox } from './staff';

const fen = z.int().min(0);
const residentId = z.string().regex(/^[0-9]{17}[0-9X]$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const householdRef = z.string().regex(/^household:[0-9a-f]{32}$/);
const ONE_PHOTO = '农户照片只能有一个 JPEG 附件 photo.jpg (a household photo has exactly one attachment, photo.jpg, of type image/jpeg)';

/**
 * A household of a village (整村授信): a branch business document, written by the branch's devices. Its pre-credit
 * is the model's suggestion shown to the customer manager — no credit line, nothing a device could raise into a
 * bank fact (granted lines are a separate, head-office-verified document).
 */
export const householdDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^household:[0-9a-f]{32}$/),
  type: z.literal('household'),
  branch: required(16),
  village: required(60),
  group: text(60),
  householdNo: text(40),
  headName: required(40),
  headIdNumber: residentId,
  members: z
    .array(
      z.looseObject({
        name: required(40),
        idNumber: residentId,
        relation: z.enum(RELATIONS),
        phone: text(20),
        birthDate: isoDate,
        sex: z.enum(['male', 'female']),
        customerId: z.string().startsWith('customer:').nullable(),
      }),
    )
    .min(1)
    .max(30),
  preCredit: z.looseObject({ limitFen: fen, modelVersion: z.int().min(1), reasons: z.array(z.looseObject({})).max(40) }),
  file: z
    .looseObject({
      landTenthMu: z.int().min(0).nullable(),
      annualIncomeFen: fen.nullable(),
      debtsFen: fen.nullable(),
      awayIdNumbers: z.array(residentId).max(30),
      filedAt: isoUtc,
      filedBy: required(40),
    })
    .nullish(),
  importId: text(60),
  createdAt: isoUtc,
  createdBy: required(40),
  updatedAt: isoUtc,
  updatedBy: required(40),
});

/**
 * A photo of a household's file (农户建档: the house, the land, the livestock), its own document so that replication
 * carries the household's record in the records pass and the picture later, in the blobs pass. One JPEG, re-encoded
 * by the core (no camera metadata); a shape, not a refinement, so CouchDB's generated check refuses a second
 * attachment (an HTML page served from the archive) or another content type too.
 */
export const householdPhotoDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^household-photo:[0-9a-f]{32}:[0-9A-HJKMNP-TV-Z]{26}$/),
  type: z.literal('household-photo'),
  branch: required(16),
  householdId: householdRef,
  caption: text(100),
  width: z.int().min(1).max(HOUSEHOLD_PHOTO_MAX_SIDE),
  height: z.int().min(1).max(HOUSEHOLD_PHOTO_MAX_SIDE),
  bytes: z.int().min(1).max(HOUSEHOLD_PHOTO_MAX_BYTES),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  createdAt: isoUtc,
  createdBy: required(40),
  _attachments: z.strictObject({ 'photo.jpg': z.looseObject({ content_type: z.literal('image/jpeg') }, { error: ONE_PHOTO }) }, { error: ONE_PHOTO }),
});

/** The record of one household-list import. */
export const villageImportDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^village-import:[0-9A-HJKMNP-TV-Z]{26}$/),
  type: z.literal('village-import'),
  branch: required(16),
  village: required(60),
  fileName: required(200),
  fileDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  rows: z.int().min(0),
  created: z.int().min(0),
  updated: z.int().min(0),
  unchanged: z.int().min(0),
  refusedLines: z.int().min(0),
  at: isoUtc,
  by: required(40),
});

const reviewUlid = '[0-9A-HJKMNP-TV-Z]{26}';

/** A round of 村组评议: the panel (seat codes only as digests), the households, and — once closed — the outcomes. */
export const villageReviewDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(new RegExp(`^village-review:${reviewUlid}$`)),
  type: z.literal('village-review'),
  branch: required(16),
  village: required(60),
  round: z.int().min(1).max(10),
  previousRoundId: z.string().regex(new RegExp(`^village-review:${reviewUlid}$`)).nullable(),
  householdIds: z.array(householdRef).min(1).max(5000),
  preCreditFen: z.array(fen).max(5000),
  panel: z.array(z.looseObject({ seat: z.int().min(1).max(15), name: required(40), role: z.enum(['cadre', 'elder', 'manager']), codeDigest: z.string().regex(/^[0-9a-f]{64}$/) })).min(2).max(15),
  rulesVersion: z.int().min(1),
  status: z.enum(['open', 'closed']),
  openedAt: isoUtc,
  openedBy: required(40),
  closedAt: isoUtc.nullable(),
  closedBy: text(40).nullable(),
  outcomes: z.array(z.looseObject({ status: z.enum(['passed', 'refused', 'vetoed', 'disputed', 'no-quorum']), limitFen: fen })).max(5000).nullable(),
});

/** One panel member's scores for a round, handed in once (append-only: see APPEND_ONLY in policy.ts). */
export const villageReviewScoreDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(new RegExp(`^village-review-score:${reviewUlid}:([1-9]|1[0-5])$`)),
  type: z.literal('village-review-score'),
  branch: required(16),
  reviewId: z.string().regex(new RegExp(`^village-review:${reviewUlid}$`)),
  seat: z.int().min(1).max(15),
  scores: z.array(z.looseObject({ integrity: z.enum(INTEGRITY_GRADES), recommend: z.boolean(), suggestedLimitFen: fen, reasons: text(200) })).min(1).max(5000),
  at: isoUtc,
  recordedBy: required(40),
});

/** The branch head's batch approval of a closed round: a branch decision (the credit lines are head office's to issue). */
export const villageApprovalDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(new RegExp(`^village-approval:${reviewUlid}$`)),
  type: z.literal('village-approval'),
  branch: required(16),
  village: required(60),
  reviewId: z.string().regex(new RegExp(`^village-review:${reviewUlid}$`)),
  rateBp: z.int().min(100).max(2_400),
  termMonths: z.int().min(1).max(60),
  expiresOn: isoDate,
  lines: z.array(z.looseObject({ householdId: householdRef, limitFen: fen, exception: text(200).nullable() })).max(5000),
  refused: z.array(z.looseObject({ householdId: householdRef, reason: text(200) })).max(5000),
  approvedAt: isoUtc,
  approvedBy: required(40),
  /** The branch head's password sealed to head office, bound to these terms (trust/staff-proof.ts villageApprovalSubject): no proof, no lines. */
  proof: z.object({ staffNo: required(40), at: isoUtc, box: sealedBox }).optional(),
});

/** Head office only (validation/policy.ts HEAD_OFFICE_WRITES) and signed: a household's credit line and its signing. */
export const creditLineDoc = z.looseObject({ ...docMeta, ...creditLineFields, sig: signatureSchema });

/** Head office only and signed: a household's drawdown request made on head office's self-service page. */
export const creditDrawdownDoc = z.looseObject({ ...docMeta, ...creditDrawdownFields, sig: signatureSchema });
