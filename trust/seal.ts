import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const b64 = (max: number) => z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(max);

/**
 * A message only head office can read: an ephemeral X25519 key agreement with head office's sealing key,
 * HKDF-SHA256, AES-256-GCM. Devices seal the passwords that prove a person authorised a staff request; a device
 * credential can copy a sealed box but neither read it nor make one for a password it does not know.
 */
export const sealedBoxSchema = z.object({
  alg: z.literal('x25519-hkdf-sha256-aes256gcm'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  epk: b64(200),
  iv: b64(24),
  ct: b64(8000),
  tag: b64(32),
});
export type SealedBox = z.infer<typeof sealedBoxSchema>;

const INFO = 'jingwei/sealed-box/v1';
const der = (k: KeyObject) => new Uint8Array(k.export({ type: 'spki', format: 'der' }));

function boxKey(shared: Buffer, epk: Uint8Array, recipient: Uint8Array): Uint8Array {
  const salt = new Uint8Array(Buffer.concat([epk, recipient]));
  return new Uint8Array(hkdfSync('sha256', new Uint8Array(shared), salt, INFO, 32));
}

export function seal(payload: unknown, to: { keyId: string; key: KeyObject }): SealedBox {
  const eph = generateKeyPairSync('x25519');
  const epk = der(eph.publicKey);
  const key = boxKey(diffieHellman({ privateKey: eph.privateKey, publicKey: to.key }), epk, der(to.key));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, new Uint8Array(iv));
  cipher.setAAD(new Uint8Array(Buffer.from(to.keyId)));
  const ct = Buffer.concat([new Uint8Array(cipher.update(JSON.stringify(payload), 'utf8')), new Uint8Array(cipher.final())]);
  return {
    alg: 'x25519-hkdf-sha256-aes256gcm', keyId: to.keyId, epk: Buffer.from(epk).toString('base64'),
    iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The payload, or null when the box was not sealed to this key or was altered. */
export function unseal(box: unknown, own: { keyId: string; privateKey: KeyObject; publicKey: KeyObject }): unknown {
  const parsed = sealedBoxSchema.safeParse(box);
  if (!parsed.success || parsed.data.keyId !== own.keyId) return null;
  const b = parsed.data;
  try {
    const epkDer = new Uint8Array(Buffer.from(b.epk, 'base64'));
    const epk = createPublicKey({ key: Buffer.from(epkDer), format: 'der', type: 'spki' });
    if (epk.asymmetricKeyType !== 'x25519') return null;
    const key = boxKey(diffieHellman({ privateKey: own.privateKey, publicKey: epk }), epkDer, der(own.publicKey));
    const decipher = createDecipheriv('aes-256-gcm', key, new Uint8Array(Buffer.from(b.iv, 'base64')));
    decipher.setAAD(new Uint8Array(Buffer.from(b.keyId)));
    decipher.setAuthTag(new Uint8Array(Buffer.from(b.tag, 'base64')));
    const text = Buffer.concat([new Uint8Array(decipher.update(new Uint8Array(Buffer.from(b.ct, 'base64')))), new Uint8Array(decipher.final())]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
