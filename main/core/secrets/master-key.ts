import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromBase64, randomKey, toBase64 } from './bytes';
import { createPrivateFileExclusive, makePrivate, writePrivateFile } from './private-files';

/**
 * The OS keystore, as the Electron shell hands it in (main/electron/os-keystore.ts wraps `safeStorage`:
 * DPAPI on Windows, the login keychain on macOS, libsecret/kwallet on Linux). The core never imports electron.
 */
export interface OsKeystore {
  /** Short name for logs and `secrets.protection`, e.g. `safeStorage:dpapi`. */
  readonly name: string;
  protect(plain: Uint8Array): Promise<Buffer>;
  /** `stale`: the keystore rotated its own key and asks for the value to be protected again. */
  unprotect(blob: Buffer): Promise<{ plain: Uint8Array; stale: boolean }>;
}

export type Protection = 'os-keystore' | 'key-file';

export const MASTER_KEY_BYTES = 32;
const MASTER_FILE = 'master-key.json';
/** Written first during a master-key rotation, renamed over MASTER_FILE once every entry is re-encrypted. */
const NEXT_MASTER_FILE = 'master-key.next.json';

const masterFileSchema = z.discriminatedUnion('protection', [
  z.strictObject({ v: z.literal(1), protection: z.literal('key-file'), key: z.base64() }),
  z.strictObject({ v: z.literal(1), protection: z.literal('os-keystore'), keystore: z.string(), wrapped: z.base64() }),
]);
type MasterFile = z.infer<typeof masterFileSchema>;

export interface MasterKey {
  /** 8 hex digits of SHA-256 of the key: entries record which master key encrypted them. */
  id: string;
  key: Uint8Array;
}

export class SecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsError';
  }
}

export const masterKeyId = (key: Uint8Array) => createHash('sha256').update(key).digest('hex').slice(0, 8);

async function encode(key: Uint8Array, keystore: OsKeystore | undefined): Promise<string> {
  const file: MasterFile = keystore
    ? { v: 1, protection: 'os-keystore', keystore: keystore.name, wrapped: (await keystore.protect(key)).toString('base64') }
    : { v: 1, protection: 'key-file', key: toBase64(key) };
  return JSON.stringify(file);
}

async function decode(file: string, keystore: OsKeystore | undefined): Promise<{ key: Uint8Array; protection: Protection; stale: boolean }> {
  makePrivate(file);
  const parsed = masterFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new SecretsError(`${file} is not a master key file`);
  const m = parsed.data;
  if (m.protection === 'key-file') return { key: fromBase64(m.key), protection: 'key-file', stale: !!keystore };
  if (!keystore) {
    throw new SecretsError(`${file} is protected by the OS keystore (${m.keystore}); open this data folder from the desktop application on this device`);
  }
  let opened: { plain: Uint8Array; stale: boolean };
  try {
    opened = await keystore.unprotect(Buffer.from(m.wrapped, 'base64'));
  } catch (error) {
    throw new SecretsError(`the OS keystore (${keystore.name}) could not unlock ${file}: ${(error as Error).message}`);
  }
  if (opened.plain.byteLength !== MASTER_KEY_BYTES) throw new SecretsError(`${file} did not unlock to a ${MASTER_KEY_BYTES}-byte key`);
  return { key: opened.plain, protection: 'os-keystore', stale: opened.stale };
}

export interface MasterKeys {
  current: MasterKey;
  /** Set while a rotation was interrupted: entries may still be under either key. */
  next: MasterKey | null;
  protection: Protection;
}

/**
 * Loads the device's master key, making it on first use. A key file left from browser mode is moved into the
 * OS keystore as soon as one is offered (never the other way: a wrapped key is not unwrapped to disk).
 */
export async function loadMasterKeys(dir: string, keystore: OsKeystore | undefined): Promise<MasterKeys> {
  const file = join(dir, MASTER_FILE);
  if (!existsSync(file)) createPrivateFileExclusive(file, await encode(randomKey(MASTER_KEY_BYTES), keystore));
  const { key, stale } = await decode(file, keystore);
  // Also re-wraps a key file left from browser mode, and a wrapping the keystore itself calls outdated.
  if (stale) writePrivateFile(file, await encode(key, keystore));
  const nextFile = join(dir, NEXT_MASTER_FILE);
  const next = existsSync(nextFile) ? (await decode(nextFile, keystore)).key : null;
  return { current: { id: masterKeyId(key), key }, next: next ? { id: masterKeyId(next), key: next } : null, protection: keystore ? 'os-keystore' : 'key-file' };
}

/** Step 1 of a rotation: the new key is stored before any entry depends on it. */
export async function beginMasterRotation(dir: string, keystore: OsKeystore | undefined): Promise<MasterKey> {
  const key = randomKey(MASTER_KEY_BYTES);
  writePrivateFile(join(dir, NEXT_MASTER_FILE), await encode(key, keystore));
  return { id: masterKeyId(key), key };
}

/** Last step: the new key becomes the only one (after every entry was re-encrypted under it). */
export async function finishMasterRotation(dir: string, next: MasterKey, keystore: OsKeystore | undefined): Promise<void> {
  writePrivateFile(join(dir, MASTER_FILE), await encode(next.key, keystore));
  rmSync(join(dir, NEXT_MASTER_FILE), { force: true });
}
