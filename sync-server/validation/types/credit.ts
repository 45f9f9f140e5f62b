import { z } from 'zod';
import { PARTNER_CODE } from '../../../domain/value/partners';
import { investigationStatementSchema } from '../../../domain/video/investigation-statement';
import { docMeta, isoUtc, required } from './common';

const fen = z.int().min(0);
const products = z.enum(['farmer', 'harvest', 'merchant', 'gold-collar', 'salary', 'inclusive', 'enterprise']);

/** Loan applications carry the decision evidence; the server checks the envelope and the money fields. */
export const loanApplicationDoc = z.looseObject({
  ...docMeta,
  type: z.literal('loanapp'),
  branch: required(16),
  customerId: z.string().startsWith('customer:'),
  productCode: products,
  state: required(40),
  requestedAmountFen: fen,
  termMonths: z.int().min(1).max(360),
  steps: z.array(z.looseObject({})),
  createdAt: isoUtc,
  createdBy: required(40),
  updatedAt: isoUtc,
  /** 精微易享 referral; which branch's code it may be is checked against the database (policy.ts partnerCodeViolation). */
  partnerCode: z.string().regex(PARTNER_CODE).nullable().optional(),
});

export const loanDoc = z.looseObject({
  ...docMeta,
  type: z.literal('loan'),
  branch: required(16),
  applicationId: z.string().startsWith('loanapp:'),
  customerId: z.string().startsWith('customer:'),
  productCode: products,
  principalFen: fen,
  balanceFen: fen,
  rateBp: z.int().min(0).max(10000),
  termMonths: z.int().min(1).max(360),
  status: z.enum(['active', 'renewed', 'closed']),
  instalments: z.array(z.looseObject({})),
  disbursedAt: isoUtc,
});

const sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/);

const ONE_RECORDING = '面签录像须附 recording.webm，此外只可附人脸截图 face.jpg (recording.webm, and face.jpg as JPEG at most)';

/**
 * A face-to-face signing recording (录像面签), evidence on the loan: written once by the desk that recorded it, never
 * changed or deleted afterwards (policy.ts APPEND_ONLY). The WebM video is its one attachment; the audit entry of the
 * signing carries the same digest.
 */
export const loanRecordingDoc = z
  .looseObject({
    ...docMeta,
    _id: z.string().regex(/^loan-recording:[0-9A-Z]{26}$/),
    type: z.literal('loan-recording'),
    branch: required(16),
    applicationId: z.string().startsWith('loanapp:'),
    digest: sha256,
    bytes: z.int().min(1).max(64 * 1024 * 1024),
    durationMs: z.int().min(1),
    contentType: z.literal('video/webm'),
    /** The face snapshot of a 视频面签's identity step (face.jpg), whose digest head office's receipt names. */
    faceSnapshotDigest: sha256.optional(),
    createdAt: isoUtc,
    createdBy: required(40),
    device: required(80),
    // A shape, not a refinement, so that CouchDB's generated validate_doc_update checks it too (a refinement does
    // not survive z.toJSONSchema): any other attachment (an HTML page, say) would be served from the evidence.
    _attachments: z.strictObject({
      'recording.webm': z.looseObject({}, { error: ONE_RECORDING }),
      'face.jpg': z.looseObject({ content_type: z.literal('image/jpeg', { error: ONE_RECORDING }) }, { error: ONE_RECORDING }).optional(),
    }, { error: ONE_RECORDING }),
  });

const JPEG_ONLY = '视频调查记录只附截图 <n>.jpg (image/jpeg) (only the snapshots, as JPEG, are attached)';

/**
 * 视频防伪调查 kept on an application: head office's signed statement of the snapshots (times, places, digests) with
 * the JPEGs attached. Written once by the branch that brought it back, never changed or deleted (policy.ts
 * APPEND_ONLY); devices check head office's signature and each picture's digest when they show it.
 */
export const loanInvestigationDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^loan-investigation:[0-9A-Z]{26}$/),
  type: z.literal('loan-investigation'),
  branch: required(16),
  applicationId: z.string().startsWith('loanapp:'),
  statement: investigationStatementSchema,
  createdAt: isoUtc,
  createdBy: required(40),
  createdByName: required(80),
  device: required(80),
  // The content type is a shape CouchDB's generated validate_doc_update checks too: nothing but JPEGs is served
  // from the evidence (an HTML page, say).
  _attachments: z.record(z.string().regex(/^[1-9][0-9]?\.jpg$/, JPEG_ONLY), z.looseObject({ content_type: z.literal('image/jpeg', { error: JPEG_ONLY }) }), { error: JPEG_ONLY }),
});
