import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requestContent, type StaffRequestContent } from '../domain/staff/requests';
import { canonicalJson } from './canonical';
import type { HeadOfficeKeys } from './head-office-keys';
import { seal, unseal, type SealedBox } from './seal';
import type { TrustRoot } from './trust-root';

/** The request fields every proof is bound to, hashed: a proof moved to another request or an edited one fails. */
export function requestDigest(content: StaffRequestContent): string {
  return createHash('sha256').update('jingwei/staff-request/v1\n' + canonicalJson(requestContent(content))).digest('hex');
}

/**
 * What a person puts in a sealed proof: "I, staffNo, with this password, authorise request id (digest) at
 * time at" — plus, for requests that set one, the new password head office is to hash.
 */
export const proofPayloadSchema = z.object({
  v: z.literal(1),
  requestId: z.string().min(1).max(120),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  staffNo: z.string().min(1).max(16),
  password: z.string().min(1).max(200),
  newPassword: z.string().min(8).max(200).optional(),
  at: z.string(),
});
export type ProofPayload = z.infer<typeof proofPayloadSchema>;

export function sealProof(
  trust: TrustRoot,
  content: StaffRequestContent,
  who: { staffNo: string; password: string; newPassword?: string },
  at: Date,
): SealedBox {
  const payload: ProofPayload = {
    v: 1, requestId: content.id, digest: requestDigest(content), staffNo: who.staffNo, password: who.password,
    ...(who.newPassword !== undefined ? { newPassword: who.newPassword } : {}), at: at.toISOString(),
  };
  return seal(payload, trust.sealingKey);
}

/** The proof's payload when it was sealed to head office for exactly this request by `staffNo`; null otherwise. */
export function openProof(keys: HeadOfficeKeys, box: unknown, content: StaffRequestContent, staffNo: string): ProofPayload | null {
  const parsed = proofPayloadSchema.safeParse(unseal(box, keys.sealing));
  if (!parsed.success) return null;
  const p = parsed.data;
  if (p.requestId !== content.id || p.digest !== requestDigest(content) || p.staffNo !== staffNo) return null;
  return p;
}
