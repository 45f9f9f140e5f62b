import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { utf8 } from './bytes';

/**
 * Files only this device's account may read. The modes are set explicitly rather than left to the umask,
 * which is 022 on a stock Debian desktop (files 0644, readable by every local account). On Windows the modes
 * are a no-op: there the folder under %APPDATA% is already limited to the user by its ACL.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates the folder (and missing parents) and narrows its mode to 0700 if it was wider. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Narrows an existing file to 0600 (files written by older versions were 0644). */
export function makePrivate(file: string): void {
  if (posix && (statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
}

/**
 * Writes the file atomically (temporary file + fsync + rename) with mode 0600 from the first byte, so a
 * crash leaves the old or the new content and no reader ever sees a wider mode or half a file.
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  ensurePrivateDir(dirname(file));
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    writeAll(fd, typeof data === 'string' ? utf8(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Creates the file only if it does not exist yet, 0600. Returns false when another process was
 * first; the caller then reads what that process wrote. This is what makes first use of a key race-free.
 */
export function createPrivateFileExclusive(file: string, data: string | Uint8Array): boolean {
  ensurePrivateDir(dirname(file));
  // Written whole under a temporary name first, then linked in: a reader never sees a half-written file.
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writePrivateFile(tmp, data);
  try {
    // link() fails with EEXIST instead of replacing, unlike rename().
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}
