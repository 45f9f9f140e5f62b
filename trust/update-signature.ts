import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

/**
 * Release signatures that a device checks before it installs an update, on every platform (on Windows in
 * addition to Authenticode with the pinned publisher). The release job (build/release.ts) signs, with IT's
 * Ed25519 release key, one line naming the file and its SHA-512; the signature travels beside the file as
 * `<file>.sig` (base64) on the update server. A device holds the public key in device-config.json
 * (`updatePublicKey`), so neither a compromised update server nor a TLS interception can make it install
 * anything IT did not sign. The same `.sig` checks by hand with OpenSSL 3:
 *   printf 'jingwei-update/1 %s %s\n' FILE "$(sha512sum FILE | cut -d' ' -f1)" > stmt
 *   openssl pkeyutl -verify -pubin -inkey release.pub.pem -rawin -in stmt -sigfile <(base64 -d FILE.sig)
 */
export const SIGNATURE_SUFFIX = '.sig';

/** The signed statement: the file's name (so a signed old installer cannot stand in for another) and digest. */
export function updateStatement(fileName: string, sha512Hex: string): string {
  return `jingwei-update/1 ${basename(fileName)} ${sha512Hex}\n`;
}

export async function sha512OfFile(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

/** The device config's key: an Ed25519 public key as PEM or as base64 SPKI (DER). Throws on anything else. */
export function parseUpdatePublicKey(text: string): KeyObject {
  const key = text.includes('BEGIN PUBLIC KEY') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the update key is ${key.asymmetricKeyType}, not ed25519`);
  return key;
}

/** Checks a downloaded update against its base64 signature; false for any mismatch or malformed signature. */
export async function verifyUpdateFile(file: string, signatureBase64: string, publicKey: KeyObject, fileName = basename(file)): Promise<boolean> {
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  if (signature.length !== 64) return false;
  const statement = Buffer.from(updateStatement(fileName, await sha512OfFile(file)));
  return verify(null, new Uint8Array(statement), publicKey, new Uint8Array(signature));
}

/**
 * Fetches `<remote name>.sig` from the update feed and checks the downloaded file against it. A missing or
 * unreadable signature is a failed check: an unsigned update is never installed.
 */
export async function verifyDownloadedUpdate(opts: {
  feedUrl: string;
  downloadedFile: string;
  remoteName: string;
  publicKey: KeyObject;
  /** The device's credentials when the feed is head office's `updates` database (members only). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}): Promise<boolean> {
  const base = opts.feedUrl.endsWith('/') ? opts.feedUrl : `${opts.feedUrl}/`;
  const res = await (opts.fetch ?? fetch)(new URL(`${opts.remoteName}${SIGNATURE_SUFFIX}`, base), { headers: opts.headers ?? {} });
  if (!res.ok) return false;
  return verifyUpdateFile(opts.downloadedFile, await res.text(), opts.publicKey, basename(opts.remoteName));
}
