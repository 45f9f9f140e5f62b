import { z } from 'zod';
import { docMeta, isoUtc, required, text } from './common';

/** Audit entries are append-only evidence: who did what, when, on which device. */
export const auditDoc = z.looseObject({
  ...docMeta,
  type: z.literal('audit'),
  at: isoUtc,
  actor: required(40),
  action: required(80),
  device: text(80).optional(),
  seq: z.int().min(0).optional(),
  target: text(250).optional(),
});
