import { z } from 'zod';
import { docMeta, isoUtc, required, text } from './common';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** Device ids as device-config.json allows them; they are part of audit and anchor ids. */
const DEVICE = '[A-Za-z0-9][A-Za-z0-9._-]{0,63}';

/**
 * Audit entries are append-only evidence: who did what, when, on which device. Each device chains its own entries
 * (`prevHash` → `hash`, SHA-256 over the canonical fields) and, since the chain is keyed, adds `mac`, an HMAC of
 * `hash` with a device secret that is not in any database. The server cannot check either (it has no key and
 * validate_doc_update no SHA-256); it keeps them immutable (policy.ts) so that devices and head office can.
 */
export const auditDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(new RegExp(`^audit:${DEVICE}:[0-9]{10}$`)),
  type: z.literal('audit'),
  at: isoUtc,
  actor: required(40),
  action: required(80),
  device: required(64),
  seq: z.int().min(1),
  entity: text(250),
  hash: hex64,
  prevHash: hex64,
  mac: hex64.optional(),
  keyId: z.string().regex(/^[0-9a-f]{16}$/).optional(),
});

/**
 * A device's statement, made when head office had received its chain up to entry `seq`, that entry `seq` has
 * `hash`. Everything is in the id, so no two revisions of one anchor can say different things, and a rewritten
 * chain can only add a contradicting anchor beside the original, never replace it.
 */
export const auditAnchorDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(new RegExp(`^audit-anchor:${DEVICE}:[0-9]{10}:[0-9a-f]{64}$`)),
  type: z.literal('audit-anchor'),
  at: isoUtc,
});
