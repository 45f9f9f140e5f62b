import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requestContent, type StaffRequestContent } from '../domain/staff/requests';
import { approvalProofFields } from '../domain/village/credit-line';
import { canonicalJson } from './canonical';
import type { HeadOfficeKeys } from './head-office-keys';
import { seal, unseal, type SealedBox } from './seal';
import type { TrustRoot } from './trust-root';

/** What a proof authorises: a document's id and the digest of the fields it is bound to (an edit breaks it). */
export interface ProofSubject {
  id: string;
  digest: string;
}

/** The request fields every proof is bound to, hashed: a proof moved to another request or an edited one fails. */
export function requestDigest(content: StaffRequestContent): string {
  return createHash('sha256').update('jingwei/staff-request/v1\n' + canonicalJson(requestContent(content))).digest('hex');
}

const requestSubject = (content: StaffRequestContent): ProofSubject => ({ id: content.id, digest: requestDigest(content) });

/** The subject of a proof for another kind of document: its id and the canonical hash of the fields the person authorised. */
export const documentSubject = (kind: string, id: string, fields: unknown): ProofSubject => ({
  id, digest: createHash('sha256').update(`jingwei/${kind}/v1\n` + canonicalJson(fields)).digest('hex'),
});

/** 批量授信: the branch head's proof on a village batch approval, before head office issues credit lines from it. */
export const villageApprovalSubject = (a: Parameters<typeof approvalProofFields>[0]): ProofSubject => documentSubject('village-approval', a._id, approvalProofFields(a));

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

/** A sealed proof for any staff-authorised document (a staff request, a village batch approval…). */
export function sealProofFor(
  trust: TrustRoot,
  subject: ProofSubject,
  who: { staffNo: string; password: string; newPassword?: string },
  at: Date,
): SealedBox {
  const payload: ProofPayload = {
    v: 1, requestId: subject.id, digest: subject.digest, staffNo: who.staffNo, password: who.password,
    ...(who.newPassword !== undefined ? { newPassword: who.newPassword } : {}), at: at.toISOString(),
  };
  return seal(payload, trust.sealingKey);
}

/** The proof's payload when it was sealed to head office for exactly this subject by `staffNo`; null otherwise. */
export function openProofFor(keys: HeadOfficeKeys, box: unknown, subject: ProofSubject, staffNo: string): ProofPayload | null {
  const parsed = proofPayloadSchema.safeParse(unseal(box, keys.sealing));
  if (!parsed.success) return null;
  const p = parsed.data;
  if (p.requestId !== subject.id || p.digest !== subject.digest || p.staffNo !== staffNo) return null;
  return p;
}

export const sealProof = (trust: TrustRoot, content: StaffRequestContent, who: { staffNo: string; password: string; newPassword?: string }, at: Date): SealedBox =>
  sealProofFor(trust, requestSubject(content), who, at);

export const openProof = (keys: HeadOfficeKeys, box: unknown, content: StaffRequestContent, staffNo: string): ProofPayload | null =>
  openProofFor(keys, box, requestSubject(content), staffNo);
