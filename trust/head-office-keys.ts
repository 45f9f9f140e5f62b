import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { keyIdOf, type SigningKey } from './signature';
import { parseTrustRoot, type TrustRoot, type TrustRootFile } from './trust-root';

const der64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400);

/** Head office's private keys, as the identity service keeps them in a 0600 file (SECURITY.md §9). */
const keysFileSchema = z.object({
  version: z.literal(1),
  demo: z.boolean(),
  /** Newest first: the first signs; the others stay trusted until every document they signed is re-signed. */
  signing: z.array(der64).min(1).max(8),
  sealing: der64,
});

export interface HeadOfficeKeys {
  demo: boolean;
  /** Newest first; `signing[0]` signs. */
  signing: SigningKey[];
  sealing: { keyId: string; privateKey: KeyObject; publicKey: KeyObject };
}

const exportPrivate = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const importPrivate = (b64: string) => createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
const exportPublic = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');
const signingKey = (privateKey: KeyObject): SigningKey => ({ keyId: keyIdOf(createPublicKey(privateKey)), privateKey });

export const signerOf = (keys: HeadOfficeKeys): SigningKey => keys.signing[0]!;

export function generateHeadOfficeKeys(demo: boolean): HeadOfficeKeys {
  const sealing = generateKeyPairSync('x25519');
  return {
    demo,
    signing: [signingKey(generateKeyPairSync('ed25519').privateKey)],
    sealing: { keyId: keyIdOf(sealing.publicKey), privateKey: sealing.privateKey, publicKey: sealing.publicKey },
  };
}

/** A new signing key in front (it signs from now on); the old ones stay trusted until dropped. */
export function rotateSigningKey(keys: HeadOfficeKeys): HeadOfficeKeys {
  return { ...keys, signing: [signingKey(generateKeyPairSync('ed25519').privateKey), ...keys.signing].slice(0, 8) };
}

export function saveHeadOfficeKeys(file: string, keys: HeadOfficeKeys): void {
  const body = { version: 1, demo: keys.demo, signing: keys.signing.map((k) => exportPrivate(k.privateKey)), sealing: exportPrivate(keys.sealing.privateKey) };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function loadHeadOfficeKeys(file: string): HeadOfficeKeys {
  const f = keysFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const sealingPrivate = importPrivate(f.sealing);
  const sealingPublic = createPublicKey(sealingPrivate);
  return {
    demo: f.demo,
    signing: f.signing.map((k) => signingKey(importPrivate(k))),
    sealing: { keyId: keyIdOf(sealingPublic), privateKey: sealingPrivate, publicKey: sealingPublic },
  };
}

/** Loads the keys, or makes and saves new ones when the file does not exist yet. */
export function loadOrCreateHeadOfficeKeys(file: string, demo: boolean): HeadOfficeKeys {
  if (existsSync(file)) return loadHeadOfficeKeys(file);
  const keys = generateHeadOfficeKeys(demo);
  saveHeadOfficeKeys(file, keys);
  return keys;
}

/** The public half devices pin: what `trust-root.json` holds. */
export function trustRootFileOf(keys: HeadOfficeKeys): TrustRootFile {
  return {
    version: 1, demo: keys.demo,
    signingKeys: keys.signing.map((k) => ({ keyId: k.keyId, publicKey: exportPublic(createPublicKey(k.privateKey)) })),
    sealingKey: { keyId: keys.sealing.keyId, publicKey: exportPublic(keys.sealing.publicKey) },
  };
}

export const trustRootOf = (keys: HeadOfficeKeys): TrustRoot => parseTrustRoot(trustRootFileOf(keys));
