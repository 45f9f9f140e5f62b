import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { DeviceSecrets } from '../secrets/device-secrets';

/**
 * Where the device keeps its audit key material: a device secret outside every database (the OS keystore through
 * main/core/secrets, or a 0600 key file in browser mode). The log reads it once at start and writes it when a key
 * is made or rotated.
 */
export interface AuditKeyStore {
  load(): Promise<string | null>;
  save(value: string): Promise<void>;
}

/**
 * The audit key material as ONE device secret (secrets/device-secrets.ts: encrypted under the device master key,
 * which the OS keystore or a 0600 key file protects), so keys and the legacy boundary change together.
 */
export const AUDIT_KEYS_SECRET = 'audit-keys';
export function deviceAuditKeyStore(secrets: Pick<DeviceSecrets, 'secret' | 'setSecret'>): AuditKeyStore {
  return {
    load: async () => secrets.secret(AUDIT_KEYS_SECRET),
    save: async (value) => secrets.setSecret(AUDIT_KEYS_SECRET, value),
  };
}

/** For tests and tools that keep the key only as long as the process lives. */
export function memoryAuditKeyStore(initial: string | null = null): AuditKeyStore & { value: string | null } {
  const store = {
    value: initial,
    load: async () => store.value,
    save: async (value: string) => {
      store.value = value;
    },
  };
  return store;
}

export interface AuditKey {
  id: string;
  /** Imported once: HMAC with a KeyObject skips re-importing the raw key for every entry. */
  key: KeyObject;
  /** First sequence number this key signs; it signs until the next key's `fromSeq`. */
  fromSeq: number;
  createdAt: string;
}

const material = z.object({
  v: z.literal(1),
  keys: z.array(z.object({
    id: z.string().regex(/^[0-9a-f]{16}$/),
    key: z.base64().refine((k) => Buffer.from(k, 'base64').length === 32, 'key must be 32 bytes'),
    fromSeq: z.int().min(1),
    createdAt: z.iso.datetime(),
  })).min(1),
});

/** A key's public name: an HMAC of a constant, so it tells which key was used without saying anything about it. */
export const keyIdOf = (key: KeyObject) => createHmac('sha256', key).update('jingwei audit key id').digest('hex').slice(0, 16);

/** The `mac` of an entry: HMAC-SHA256 of its chain hash, which already covers every field and the link. */
export const macOf = (key: KeyObject, hash: string) => createHmac('sha256', key).update(hash).digest('hex');

// A Buffer is a Uint8Array at run time; TypeScript 6 with @types/node 20 no longer says so (its buffer may be shared).
const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function macMatches(key: KeyObject, hash: string, mac: string): boolean {
  const expected = view(Buffer.from(macOf(key, hash), 'hex'));
  const given = view(Buffer.from(mac, 'hex'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The device's audit keys in order of use. Entries before the first key's `fromSeq` were written before the chain
 * was keyed (the legacy part); from there on every entry must carry the MAC of the key in force at its sequence
 * number. The boundary lives with the keys, outside the database, so stripping MACs off later entries cannot pass
 * them off as legacy.
 */
export class AuditKeyring {
  private constructor(
    private readonly store: AuditKeyStore,
    private keys: AuditKey[],
  ) {}

  /**
   * Loads the key material, or makes the first key, signing from `firstSeq()` on — asked only then, since
   * finding it may read the chain.
   */
  static async open(store: AuditKeyStore, firstSeq: () => Promise<number>, now: Date): Promise<AuditKeyring> {
    const saved = await store.load();
    if (saved !== null) {
      const parsed = material.parse(JSON.parse(saved));
      return new AuditKeyring(store, parsed.keys.map((k) => ({ ...k, key: createSecretKey(view(Buffer.from(k.key, 'base64'))) })));
    }
    const ring = new AuditKeyring(store, []);
    await ring.rotate(await firstSeq(), now);
    return ring;
  }

  /** Last sequence number written before keying: those entries verify by their hash chain alone. */
  get legacyUntil(): number {
    return this.keys[0]!.fromSeq - 1;
  }

  get current(): AuditKey {
    return this.keys[this.keys.length - 1]!;
  }

  /** The key that must have signed entry `seq`, or null for a legacy entry. */
  keyFor(seq: number): AuditKey | null {
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i]!.fromSeq <= seq) return this.keys[i]!;
    return null;
  }

  /**
   * Starts a new key at `fromSeq` (the next entry's number); older keys stay to verify what they signed. Call it
   * from the write queue so no entry is being built meanwhile.
   */
  async rotate(fromSeq: number, now: Date): Promise<AuditKey> {
    if (this.keys.length && fromSeq <= this.current.fromSeq) throw new Error(`a new audit key must start after #${this.current.fromSeq}`);
    const key = createSecretKey(view(randomBytes(32)));
    const next: AuditKey = { id: keyIdOf(key), key, fromSeq, createdAt: now.toISOString() };
    const keys = [...this.keys, next];
    await this.store.save(JSON.stringify({ v: 1, keys: keys.map((k) => ({ ...k, key: k.key.export().toString('base64') })) }));
    this.keys = keys;
    return next;
  }
}
