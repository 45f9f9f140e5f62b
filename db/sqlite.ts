/**
 * The one place that knows the SQLite driver: better-sqlite3-multiple-ciphers (better-sqlite3's API on
 * SQLite3 Multiple Ciphers, which encrypts every page of the database file and of its WAL).
 *
 * Stores on a branch PC are opened with a 32-byte random key from the device secrets
 * (main/core/secrets), given to SQLite as a raw key (`x'…'`): no passphrase, so no key derivation (Argon2id for
 * this cipher) on open.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import Driver from 'better-sqlite3-multiple-ciphers';
import type Sqlite from 'better-sqlite3-multiple-ciphers';

export type Database = Sqlite.Database;
export type Statement<BindParameters extends unknown[] | object = unknown[], Result = unknown> = Sqlite.Statement<BindParameters, Result>;

/** 32 random bytes, or null for a store that is deliberately plain (in-memory, head office's server). */
export type StoreKey = Uint8Array | null;

/**
 * AEGIS-256 (SQLite3 Multiple Ciphers' `aegis` scheme): authenticated encryption of every page (a flipped
 * bit is an error, not silently different data) built on the AES round function, so it runs on AES-NI.
 * Measured beside the SQLCipher 4 scheme (AES-256-CBC + HMAC-SHA512) through our adapter it cost a fraction as
 * much per page (bench/store-encryption.bench.ts). The file opens with the sqlite3mc shell given the raw key.
 */
export const STORE_CIPHER = 'aegis';
export const STORE_KEY_BYTES = 32;

export class StoreKeyError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'StoreKeyError';
  }
}

const hex = (key: Uint8Array) => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');

function keyPragma(name: 'key' | 'rekey', key: Uint8Array): string {
  if (key.byteLength !== STORE_KEY_BYTES) throw new Error(`a store key has ${STORE_KEY_BYTES} bytes, not ${key.byteLength}`);
  return `${name} = "x'${hex(key)}'"`;
}

/**
 * Database files are 0600 whatever the umask: the file is made with that mode before SQLite opens it, and
 * SQLite gives its -wal and -shm files the mode of the database file. (No-op on Windows, where the user's
 * profile folder is private by its ACL.)
 */
function restrictMode(file: string): void {
  if (file === ':memory:' || process.platform === 'win32') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/** What a connection runs to read a store encrypted under `key` (also the WAL checkpoint thread's connection). */
export function unlockPragmas(key: Uint8Array): string[] {
  return [`cipher = '${STORE_CIPHER}'`, keyPragma('key', key)];
}

/** Opens a database file (created 0600 if missing) and unlocks it; a wrong key or a plain file fails here, not later. */
export function openSqlite(file: string, key: StoreKey, opts: { readonly?: boolean } = {}): Database {
  if (!opts.readonly) restrictMode(file);
  const db = new Driver(file, { readonly: opts.readonly ?? false });
  // An in-memory database never reaches the disk (and SQLite3 Multiple Ciphers refuses to key one).
  if (!key || file === ':memory:') return db;
  try {
    for (const p of unlockPragmas(key)) db.pragma(p);
    // SQLite reads page 1 lazily: touch it now so that a wrong key is reported by the open.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    const plain = isPlainSqliteFile(file);
    throw new StoreKeyError(file, plain ? 'is not encrypted' : `cannot be unlocked with this device's key (${(error as Error).message})`);
  }
  return db;
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** An unencrypted SQLite file starts with its magic string; an encrypted one with random salt. */
export function isPlainSqliteFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(PLAIN_HEADER.length);
    return readSync(fd, new Uint8Array(head.buffer), 0, head.length, 0) === head.length && head.equals(new Uint8Array(PLAIN_HEADER));
  } finally {
    closeSync(fd);
  }
}

function rowCounts(db: Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Rewrites a closed store under `target`: a consistent copy (VACUUM INTO) is re-keyed, checked table by table
 * against the original, and only then renamed over it, so a crash at any point leaves either the untouched
 * original or the finished copy (a stale `.rewrite` file is discarded by the next attempt).
 * Returns the row counts carried over.
 */
function rewriteStore(file: string, source: StoreKey, target: Uint8Array): Record<string, number> {
  const tmp = `${file}.rewrite`;
  for (const f of [tmp, `${tmp}-journal`]) rmSync(f, { force: true });
  // VACUUM INTO accepts an existing empty file: made 0600 first, the copy is never readable by others.
  restrictMode(tmp);
  const src = openSqlite(file, source);
  let before: Record<string, number>;
  try {
    src.pragma('wal_checkpoint(TRUNCATE)');
    before = rowCounts(src);
    src.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    src.close();
  }
  // The copy is under the source's key (or plain); re-keying needs a rollback journal, and the store goes back
  // to WAL when it is next opened.
  const copy = openSqlite(tmp, source);
  try {
    copy.pragma('journal_mode = DELETE');
    copy.pragma(`cipher = '${STORE_CIPHER}'`);
    copy.pragma(keyPragma('rekey', target));
  } finally {
    copy.close();
  }
  const check = openSqlite(tmp, target);
  try {
    const after = rowCounts(check);
    if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`rewriting ${file} changed its rows: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    const ok = check.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new Error(`rewritten copy of ${file} failed its check: ${String(ok)}`);
  } finally {
    check.close();
  }
  fsyncFile(tmp);
  // The WAL was checkpointed into the file above and holds nothing the copy lacks.
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  renameSync(tmp, file);
  return before;
}

/**
 * Encrypts a store written by a version before encryption (plain SQLite) in place, keeping every row. The
 * plain pages are gone from the file system afterwards, though not necessarily from the disk's free blocks.
 */
export function encryptPlainStore(file: string, key: Uint8Array): Record<string, number> {
  return rewriteStore(file, null, key);
}

/** Moves a closed encrypted store from one key to another (key rotation). */
export function rekeyStore(file: string, from: Uint8Array, to: Uint8Array): Record<string, number> {
  return rewriteStore(file, from, to);
}

function unlocks(file: string, key: Uint8Array): boolean {
  try {
    openSqlite(file, key, { readonly: true }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Brings an existing store file under `key` before it is opened: a plain one (written before encryption) is
 * encrypted; one still under an older generation of the key (a rotation interrupted before the store was
 * re-keyed) is re-keyed. Nothing to do for a new file or one already under `key`.
 */
export function adoptStoreFile(file: string, key: Uint8Array, previousKeys: readonly Uint8Array[] = []): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  if (isPlainSqliteFile(file)) {
    encryptPlainStore(file, key);
    return;
  }
  if (!previousKeys.length || unlocks(file, key)) return;
  const old = previousKeys.find((k) => unlocks(file, k));
  if (old) rekeyStore(file, old, key);
}
