import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical';
import type { TrustRoot } from './trust-root';

/** A head-office signature as it travels inside a document (`sig`). */
export const signatureSchema = z.object({
  alg: z.literal('ed25519'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type Signature = z.infer<typeof signatureSchema>;

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** A key's id: the first 16 hex digits of SHA-256 over its SPKI encoding, the same for its private half. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))).digest('hex').slice(0, 16);
}

// Revision bookkeeping changes as a document replicates; the signature covers what head office decided.
const UNSIGNED = new Set(['_rev', '_revisions', '_conflicts', '_deleted_conflicts', '_attachments', '_local_seq', 'sig']);
// Domain separation: a signature over a document can never be replayed as a signature over something else.
const CONTEXT = 'jingwei/head-office-document/v1\n';

function signedBytes(doc: Record<string, unknown>): Uint8Array {
  const content = Object.fromEntries(Object.entries(doc).filter(([k]) => !UNSIGNED.has(k)));
  return new Uint8Array(Buffer.from(CONTEXT + canonicalJson(content), 'utf8'));
}

export function signDoc<T extends Record<string, unknown>>(doc: T, key: SigningKey): T & { sig: Signature } {
  const value = sign(null, signedBytes(doc), key.privateKey).toString('base64');
  return { ...doc, sig: { alg: 'ed25519', keyId: key.keyId, value } };
}

/** True only for a document signed, as it is now, by a key the trust root holds. Never throws on bad input. */
export function verifyDoc(doc: unknown, trust: TrustRoot): boolean {
  if (!doc || typeof doc !== 'object') return false;
  const sig = signatureSchema.safeParse((doc as { sig?: unknown }).sig);
  if (!sig.success) return false;
  const key = trust.signingKeys.get(sig.data.keyId);
  if (!key) return false;
  try {
    return verify(null, signedBytes(doc as Record<string, unknown>), key, new Uint8Array(Buffer.from(sig.data.value, 'base64')));
  } catch {
    return false;
  }
}
