import { createHash, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { forbidden } from '../errors';

const pbkdf2Async = promisify(pbkdf2);

/** CouchDB 3.4's defaults: PBKDF2-HMAC-SHA256, 600,000 iterations (earlier 3.x used SHA-1 and 10). */
export const DEFAULT_ITERATIONS = 600_000;

/**
 * CouchDB's `[chttpd_auth] max_iterations`: every wrong guess at a user costs the server one hash at that user's
 * count, so a user who could set 10 million iterations made each guess cost 13 s of CPU. A user document above the
 * bound is neither written nor verified (403, CouchDB's words).
 */
export const MAX_ITERATIONS = 1_000_000;

export function assertIterationsAllowed(iterations: number): void {
  if (iterations > MAX_ITERATIONS) throw forbidden('Iteration count is too high for this server');
}

/** The password fields CouchDB keeps in a `_users` document; `pbkdf2_prf` is absent on SHA-1 era documents. */
export const passwordFields = z.object({
  password_scheme: z.literal('pbkdf2'),
  pbkdf2_prf: z.enum(['sha', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
  iterations: z.number().int().min(1),
  salt: z.string().min(1),
  derived_key: z.string().regex(/^[0-9a-f]+$/),
});
export type PasswordFields = z.infer<typeof passwordFields>;

const DIGEST: Record<NonNullable<PasswordFields['pbkdf2_prf']>, { node: string; bytes: number }> = {
  sha: { node: 'sha1', bytes: 20 },
  sha224: { node: 'sha224', bytes: 28 },
  sha256: { node: 'sha256', bytes: 32 },
  sha384: { node: 'sha384', bytes: 48 },
  sha512: { node: 'sha512', bytes: 64 },
};

// Basic auth re-sends the password on every request; CouchDB caches, and so do we, keyed by a fast hash of
// the password plus the stored key, so a password change (new salt/key) invalidates the entry by itself.
const verified = new Map<string, boolean>();
const CACHE_MAX = 2000;
const cacheKeyOf = (password: string, stored: Pick<PasswordFields, 'salt' | 'derived_key'>) =>
  createHash('sha256').update(`${stored.salt}\0${stored.derived_key}\0${password}`).digest('hex');

export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<PasswordFields> {
  const salt = randomBytes(16).toString('hex');
  const key = await pbkdf2Async(password, salt, iterations, DIGEST.sha256.bytes, DIGEST.sha256.node);
  const fields: PasswordFields = { password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256', iterations, salt, derived_key: key.toString('hex') };
  // We just derived it, so the first login need not derive it again.
  verified.set(cacheKeyOf(password, fields), true);
  return fields;
}

export async function verifyPassword(password: string, stored: PasswordFields): Promise<boolean> {
  assertIterationsAllowed(stored.iterations);
  const cacheKey = cacheKeyOf(password, stored);
  const hit = verified.get(cacheKey);
  if (hit !== undefined) return hit;
  const digest = DIGEST[stored.pbkdf2_prf ?? 'sha'];
  const expected = Buffer.from(stored.derived_key, 'hex');
  const key = await pbkdf2Async(password, stored.salt, stored.iterations, expected.length || digest.bytes, digest.node);
  const ok = key.length === expected.length && timingSafeEqual(new Uint8Array(key), new Uint8Array(expected));
  if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value as string);
  verified.set(cacheKey, ok);
  return ok;
}
