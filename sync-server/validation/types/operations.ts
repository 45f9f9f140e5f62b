import { z } from 'zod';
import { docMeta, isoUtc, required, text } from './common';

const transferSide = z.looseObject({ docs: z.int().min(0), bytes: z.int().min(0) });

/** The branch head's end-of-day sync record. */
export const syncReportDoc = z.looseObject({
  ...docMeta,
  type: z.literal('sync-report'),
  branch: required(16),
  device: required(80),
  runBy: required(40),
  startedAt: isoUtc,
  finishedAt: isoUtc,
  status: z.enum(['complete', 'failed']),
  up: transferSide,
  down: transferSide,
});

/** A scanned ID card or licence with the teller's verdict; the images travel as attachments. */
export const documentDoc = z.looseObject({
  ...docMeta,
  type: z.literal('document'),
  branch: required(16),
  customerId: z.string().startsWith('customer:'),
  kind: required(20),
  verdict: z.enum(['accepted', 'corrected', 'rejected']),
  reason: text(500).optional(),
  fields: z.looseObject({}),
  createdAt: isoUtc,
  createdBy: required(40),
});
