import { z } from 'zod';
import { RIGHT_CODES, TIER_CODES } from '../../../domain/value/value-rules';
import { signatureSchema } from '../../../trust/signature';
import { docMeta } from './common';

/**
 * Head office only (validation/policy.ts FEED_ONLY, and signed by head office): a customer's tier, rights and
 * points as head office computed them from core banking's deposit feed and its points ledger. Nothing in it changes
 * merely because a day passed, so it is rewritten only when the tier or the points change.
 */
export const customerValueDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^customer-value:[0-9a-f]{32}$/),
  type: z.literal('customer-value'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  tier: z.enum(TIER_CODES),
  rights: z.array(z.enum(RIGHT_CODES)).max(RIGHT_CODES.length),
  points: z.int().min(0),
  rulesVersion: z.int().min(1),
  sig: signatureSchema,
});
