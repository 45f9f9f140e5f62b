import { createCipheriv, createDecipheriv } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { bytes, concatBytes, fromBase64, randomKey, toBase64, utf8 } from './bytes';
import { beginMasterRotation, finishMasterRotation, loadMasterKeys, SecretsError, type MasterKey, type MasterKeys, type OsKeystore, type Protection } from './master-key';
import { createPrivateFileExclusive, ensurePrivateDir, makePrivate, writePrivateFile } from './private-files';

/**
 * The device's secrets: named random keys (store encryption, audit HMAC, TLS…) and named secret values
 * (the head-office device password, private keys in PEM, enrolment credentials).
 *
 * Layout of the folder (0700, every file 0600):
 *   master-key.json      32-byte master key, wrapped by the OS keystore (Electron) or plain (browser mode/CLI)
 *   entries/<name>.json  one file per name, every value AES-256-GCM under the master key, the name and
 *                        generation bound in as associated data (an entry copied to another name fails)
 *
 * Keys are random, never derived from a password, so opening is a file read and one AES-GCM decryption:
 * nothing slow per open. A key has generations: `rotateKey` makes a new current one and keeps the older
 * ones (to verify what they signed, or until a store is re-keyed) until `retireKeys` drops them.
 */
export interface DeviceSecrets {
  readonly protection: Protection;
  /** The current 32-byte key named `name`; made on first use (race-free between processes). */
  key(name: string): Uint8Array;
  /** Every kept generation of the key, newest first; empty when the key was never made. */
  keyring(name: string): KeyGeneration[];
  /** Makes a new current generation; the older ones stay until retired. */
  rotateKey(name: string): KeyGeneration;
  /** Drops the generations older than `keepFrom`. */
  retireKeys(name: string, keepFrom: number): void;
  secret(name: string): string | null;
  setSecret(name: string, value: string): void;
  deleteSecret(name: string): void;
  /** A new master key; every entry is re-encrypted under it. Safe to interrupt: the next open finishes it. */
  rotateMaster(): Promise<void>;
}

export interface KeyGeneration {
  generation: number;
  key: Uint8Array;
  createdAt: string;
}

export { SecretsError, type OsKeystore, type Protection };

export const KEY_BYTES = 32;
const NAME = /^[a-z0-9][a-z0-9._-]{0,79}$/;

const sealedSchema = z.strictObject({ g: z.int().min(1), at: z.string(), m: z.string(), iv: z.base64(), tag: z.base64(), data: z.base64() });
const entrySchema = z.strictObject({ v: z.literal(1), kind: z.enum(['key', 'secret']), generations: z.array(sealedSchema).min(1) });
type Sealed = z.infer<typeof sealedSchema>;
type Entry = z.infer<typeof entrySchema>;
type Plain = { g: number; at: string; value: Uint8Array };

const aad = (name: string, kind: Entry['kind'], g: number) => utf8(`jingwei-secret/1|${kind}|${name}|${g}`);

function seal(master: MasterKey, name: string, kind: Entry['kind'], g: number, at: string, plain: Uint8Array): Sealed {
  const iv = randomKey(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv).setAAD(aad(name, kind, g));
  const data = concatBytes([cipher.update(plain), cipher.final()]);
  return { g, at, m: master.id, iv: toBase64(iv), tag: toBase64(bytes(cipher.getAuthTag())), data: toBase64(data) };
}

function open(masters: MasterKeys, name: string, kind: Entry['kind'], s: Sealed): Uint8Array {
  const master = [masters.current, masters.next].find((m) => m?.id === s.m);
  if (!master) throw new SecretsError(`secret ${name} was sealed under a master key this device no longer has`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, fromBase64(s.iv)).setAAD(aad(name, kind, s.g));
    decipher.setAuthTag(fromBase64(s.tag));
    return concatBytes([decipher.update(fromBase64(s.data)), decipher.final()]);
  } catch {
    throw new SecretsError(`secret ${name} (generation ${s.g}) failed its integrity check`);
  }
}

export interface OpenSecretsOptions {
  /** The secrets folder, by default `<dataDir>/secrets`. */
  dir: string;
  /** The OS keystore (Electron safeStorage); without it the master key sits in a 0600 key file. */
  keystore?: OsKeystore;
  clock?: () => Date;
}

class FileSecrets implements DeviceSecrets {
  private readonly cache = new Map<string, { kind: Entry['kind']; generations: Plain[] }>();

  constructor(
    private readonly dir: string,
    private readonly keystore: OsKeystore | undefined,
    private readonly clock: () => Date,
    private masters: MasterKeys,
  ) {}

  get protection(): Protection {
    return this.masters.protection;
  }

  private get entriesDir(): string {
    return join(this.dir, 'entries');
  }

  private file(name: string): string {
    if (!NAME.test(name)) throw new SecretsError(`invalid secret name ${JSON.stringify(name)}`);
    return join(this.entriesDir, `${name}.json`);
  }

  private read(name: string, kind: Entry['kind']) {
    const hit = this.cache.get(name);
    if (hit) return this.checkKind(name, hit.kind, kind) && hit;
    const file = this.file(name);
    if (!existsSync(file)) return null;
    makePrivate(file);
    const parsed = entrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new SecretsError(`${file} is not a secret entry`);
    this.checkKind(name, parsed.data.kind, kind);
    const entry = {
      kind: parsed.data.kind,
      generations: parsed.data.generations.map((s) => ({ g: s.g, at: s.at, value: open(this.masters, name, parsed.data.kind, s) })).sort((a, b) => b.g - a.g),
    };
    this.cache.set(name, entry);
    return entry;
  }

  private checkKind(name: string, found: Entry['kind'], wanted: Entry['kind']): true {
    if (found !== wanted) throw new SecretsError(`${name} is a ${found}, not a ${wanted}`);
    return true;
  }

  private serialize(name: string, kind: Entry['kind'], generations: Plain[], master = this.masters.current): string {
    const entry: Entry = { v: 1, kind, generations: generations.map((x) => seal(master, name, kind, x.g, x.at, x.value)) };
    return JSON.stringify(entry);
  }

  private write(name: string, kind: Entry['kind'], generations: Plain[]): void {
    writePrivateFile(this.file(name), this.serialize(name, kind, generations));
    this.cache.set(name, { kind, generations });
  }

  key(name: string): Uint8Array {
    const existing = this.read(name, 'key');
    if (existing) return existing.generations[0]!.value;
    const first = [{ g: 1, at: this.clock().toISOString(), value: randomKey(KEY_BYTES) }];
    // Two processes making the same key at once: the second one's file is refused and it reads the first's.
    if (createPrivateFileExclusive(this.file(name), this.serialize(name, 'key', first))) {
      this.cache.set(name, { kind: 'key', generations: first });
      return first[0]!.value;
    }
    return this.read(name, 'key')!.generations[0]!.value;
  }

  keyring(name: string): KeyGeneration[] {
    return (this.read(name, 'key')?.generations ?? []).map((x) => ({ generation: x.g, key: x.value, createdAt: x.at }));
  }

  rotateKey(name: string): KeyGeneration {
    this.key(name);
    const generations = this.read(name, 'key')!.generations;
    const fresh = { g: generations[0]!.g + 1, at: this.clock().toISOString(), value: randomKey(KEY_BYTES) };
    this.write(name, 'key', [fresh, ...generations]);
    return { generation: fresh.g, key: fresh.value, createdAt: fresh.at };
  }

  retireKeys(name: string, keepFrom: number): void {
    const entry = this.read(name, 'key');
    if (!entry) return;
    const kept = entry.generations.filter((x) => x.g >= keepFrom);
    if (!kept.length) throw new SecretsError(`retiring every generation of ${name} would lose the key`);
    this.write(name, 'key', kept);
  }

  secret(name: string): string | null {
    const value = this.read(name, 'secret')?.generations[0]!.value;
    return value ? Buffer.from(value).toString('utf8') : null;
  }

  setSecret(name: string, value: string): void {
    const previous = this.read(name, 'secret');
    const g = (previous?.generations[0]!.g ?? 0) + 1;
    // A secret value keeps no history: the old password is of no use once replaced.
    this.write(name, 'secret', [{ g, at: this.clock().toISOString(), value: utf8(value) }]);
  }

  deleteSecret(name: string): void {
    this.read(name, 'secret');
    rmSync(this.file(name), { force: true });
    this.cache.delete(name);
  }

  async rotateMaster(): Promise<void> {
    await this.finishRotation(await beginMasterRotation(this.dir, this.keystore));
  }

  private names(): string[] {
    return readdirSync(this.entriesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter((n) => NAME.test(n));
  }

  /** Re-seals every entry under `next`, then makes `next` the master key. Re-running it is harmless. */
  async finishRotation(next: MasterKey): Promise<void> {
    this.masters = { ...this.masters, next };
    for (const name of this.names()) {
      const { kind } = entrySchema.parse(JSON.parse(readFileSync(this.file(name), 'utf8')));
      const entry = this.read(name, kind)!;
      writePrivateFile(this.file(name), this.serialize(name, kind, entry.generations, next));
    }
    await finishMasterRotation(this.dir, next, this.keystore);
    this.masters = { current: next, next: null, protection: this.masters.protection };
  }
}

/**
 * Opens (creating on first use) the device's secrets folder. Only the master key needs the (asynchronous) OS
 * keystore; after that every call is synchronous: one small file per name, read once and cached.
 */
export async function openDeviceSecrets(opts: OpenSecretsOptions): Promise<DeviceSecrets> {
  ensurePrivateDir(opts.dir);
  ensurePrivateDir(join(opts.dir, 'entries'));
  const masters = await loadMasterKeys(opts.dir, opts.keystore);
  const secrets = new FileSecrets(opts.dir, opts.keystore, opts.clock ?? (() => new Date()), masters);
  if (masters.next) await secrets.finishRotation(masters.next);
  return secrets;
}

/** Where the core keeps its secrets when nothing else is configured. */
export const defaultSecretsDir = (dataDir: string) => join(dataDir, 'secrets');
