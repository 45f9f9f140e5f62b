import { z } from 'zod';
import { ROLES } from '../../../domain/staff/roles';
import { STAFF_REQUEST_KINDS } from '../../../domain/staff/requests';
import { docMeta, isoUtc, required, text } from './common';

const staffNo = z.string().regex(/^[A-Z0-9]{3,16}$/);
const branchCode = z.string().regex(/^[A-Z0-9]{2,16}$/);
/** Head office's Ed25519 signature; devices verify it, the server checks its shape and who wrote it. */
const signature = z.object({ alg: z.literal('ed25519'), keyId: z.string().regex(/^[0-9a-f]{16}$/), value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) });

/** Head office only (see validation/policy.ts HEAD_OFFICE_WRITES): a staff member as head office signed them. */
export const staffDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^staff:[A-Z0-9]{3,16}$/),
  type: z.literal('staff'),
  staffNo,
  name: required(40),
  roles: z.array(z.enum(ROLES)).min(1).max(6),
  branch: branchCode,
  active: z.boolean(),
  passwordHash: z.string().regex(/^scrypt\$\d{4,6}\$\d{1,2}\$\d\$[A-Za-z0-9+/=]{4,64}\$[A-Za-z0-9+/=]{4,128}$/),
  mustChangePassword: z.boolean(),
  version: z.int().min(1),
  updatedAt: isoUtc,
  request: z.string().startsWith('staff-request:').max(80).nullable(),
  sig: signature,
});

/** Head office only: a customer's account in core banking. */
export const accountDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^account:\d{12,19}$/),
  type: z.literal('account'),
  accountNo: z.string().regex(/^\d{12,19}$/),
  customerId: z.string().regex(/^customer:[0-9A-Za-z_-]{1,64}$/),
  branch: branchCode,
  kind: z.enum(['debit-card', 'demand', 'time']),
  status: z.enum(['active', 'frozen', 'closed']),
  openedAt: isoUtc,
  version: z.int().min(1),
  updatedAt: isoUtc,
  sig: signature,
});

/** Head office only: its signed answer to a staff request. */
export const staffDecisionDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^staff-decision:[0-9A-Za-z]{1,40}$/),
  type: z.literal('staff-decision'),
  request: z.string().regex(/^staff-request:[0-9A-Za-z]{1,40}$/),
  branch: branchCode,
  staffNo,
  outcome: z.enum(['done', 'refused']),
  reasonKey: text(80).nullable(),
  reasonParams: z.record(z.string(), text(200)),
  version: z.int().min(1).nullable(),
  decidedAt: isoUtc,
  sig: signature,
});

export const sealedBox = z.object({
  alg: z.literal('x25519-hkdf-sha256-aes256gcm'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  epk: text(200),
  iv: text(24),
  ct: text(8000),
  tag: text(32),
});

/** A branch's request to head office; branch devices write it, and it grants nothing by itself. */
export const staffRequestDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^staff-request:[0-9A-Za-z]{1,40}$/),
  type: z.literal('staff-request'),
  branch: branchCode,
  kind: z.enum(STAFF_REQUEST_KINDS),
  staffNo,
  name: required(40).optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(6).optional(),
  requestedBy: staffNo,
  requestedByName: required(40),
  requestedAt: isoUtc,
  staffName: required(40),
  proofs: z.array(z.object({ staffNo, name: required(40), as: z.enum(['requester', 'approver']), at: isoUtc, box: sealedBox })).min(1).max(4),
  declined: z.object({ staffNo, name: required(40), at: isoUtc, reason: required(200) }).nullable(),
});
