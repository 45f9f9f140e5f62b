import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A teller's working day: a pass renews her counter session until then without her password. */
export const COUNTER_PASS_MS = 12 * 60 * 60 * 1000;
const PREFIX = 'cp1';

const claimsSchema = z.strictObject({
  staffNo: z.string().min(1).max(20),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type CounterPassClaims = z.infer<typeof claimsSchema>;

const mac = (key: Uint8Array, body: string) => createHmac('sha256', key).update(`${PREFIX}.${body}`).digest();

/**
 * The queue device's receipt that a teller proved her password here: `cp1.<claims>.<HMAC>` under this device's
 * pass key (never leaves the device). A counter PC keeps it for the teller's session and presents it when this
 * device has restarted and forgotten its sessions; it is worth nothing without the counter key as well.
 */
export function makeCounterPass(key: Uint8Array, staffNo: string, now: Date): { pass: string; expiresAt: Date } {
  const claims: CounterPassClaims = { staffNo, issuedAt: now.getTime(), expiresAt: now.getTime() + COUNTER_PASS_MS };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { pass: `${PREFIX}.${body}.${mac(key, body).toString('base64url')}`, expiresAt: new Date(claims.expiresAt) };
}

/** The claims of a pass this device made and that has not run out; null for anything else. */
export function readCounterPass(key: Uint8Array, pass: string, now: Date): CounterPassClaims | null {
  const [prefix, body, sig, ...rest] = pass.split('.');
  if (prefix !== PREFIX || !body || !sig || rest.length) return null;
  const expected = mac(key, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(new Uint8Array(given), new Uint8Array(expected))) return null;
  let claims: CounterPassClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  const at = now.getTime();
  return claims.issuedAt <= at + 60_000 && at < claims.expiresAt ? claims : null;
}
