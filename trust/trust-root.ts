import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const keyId = z.string().regex(/^[0-9a-f]{16}$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);

/**
 * What a device believes about head office, pinned at provisioning (device-config, `--trust-root FILE` or the
 * data folder's trust-root.json) and never read from a database a branch can write. Several signing keys may be
 * trusted at once so head office can roll to a new key without a day on which logins fail (SECURITY.md §9).
 */
export const trustRootSchema = z.object({
  version: z.literal(1),
  /** A root made by `jingwei demo` / `--seed-demo`: its private key sits in the same data folder. Never in production. */
  demo: z.boolean().default(false),
  /** Ed25519 public keys (SPKI DER, base64) whose signatures on staff, account and decision documents devices accept. */
  signingKeys: z.array(z.object({ keyId, publicKey: base64 })).min(1).max(8),
  /** The X25519 public key devices seal password proofs to (SPKI DER, base64). */
  sealingKey: z.object({ keyId, publicKey: base64 }),
});
export type TrustRootFile = z.infer<typeof trustRootSchema>;

export interface TrustRoot {
  demo: boolean;
  signingKeys: ReadonlyMap<string, KeyObject>;
  sealingKey: { keyId: string; key: KeyObject };
}

const spki = (b64: string, type: 'ed25519' | 'x25519') => {
  const key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== type) throw new Error(`trust root: expected an ${type} key, got ${key.asymmetricKeyType}`);
  return key;
};

export function parseTrustRoot(json: unknown): TrustRoot {
  const f = trustRootSchema.parse(json);
  return {
    demo: f.demo,
    signingKeys: new Map(f.signingKeys.map((k) => [k.keyId, spki(k.publicKey, 'ed25519')])),
    sealingKey: { keyId: f.sealingKey.keyId, key: spki(f.sealingKey.publicKey, 'x25519') },
  };
}

export function loadTrustRoot(file: string): TrustRoot {
  return parseTrustRoot(JSON.parse(readFileSync(file, 'utf8')));
}
