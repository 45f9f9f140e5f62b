import { z } from 'zod';
import { RELATIONS } from '../../../domain/village/household-list';
import { docMeta, isoUtc, required, text } from './common';

const fen = z.int().min(0);
const residentId = z.string().regex(/^[0-9]{17}[0-9X]$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

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
