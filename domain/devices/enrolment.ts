/**
 * Device enrolment and revocation, as head office's `_users` documents record them. IT issues a one-time code:
 * the device user's document gets the code as its password and an expiry marker. While the marker is there the
 * user is only "enrolling" (head office grants it nothing but its own user document); the device redeems the
 * code by setting a password of its own and removing the marker in one write, so the code works once. A revoked
 * device keeps its name and password but holds only the revoked role: it can log in to learn it was revoked
 * (and wipe itself), and can read or write nothing.
 */

/** Held by a device user whose enrolment code is not redeemed yet: no database lists it. */
export const ENROLLING_ROLE = 'jingwei-enrolling';
/** Held by a revoked device user: no database lists it; the device wipes its data when it sees it. */
export const REVOKED_ROLE = 'jingwei-revoked';
/** The field of a `_users` document that marks an unredeemed enrolment. */
export const ENROLMENT_FIELD = 'jingwei_enrolment';
/** The field of a `_users` document that records a revocation. */
export const REVOCATION_FIELD = 'jingwei_revoked';

/**
 * The field of a `_users` document naming the device (its device id) that redeemed the code: set in the same write
 * as the device's own password, never changed by the device afterwards.
 */
export const DEVICE_FIELD = 'jingwei_device';
/**
 * The role head office derives from DEVICE_FIELD on every request (never stored): its holder writes device reports,
 * audit entries and audit anchors only under its own device id.
 */
export const DEVICE_ROLE_PREFIX = 'jingwei-device:';
/** Device ids as device-config.json allows them (they are part of audit, anchor and report ids). */
export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const DEVICE_USER = /^[a-z0-9][a-z0-9._-]{2,63}$/;
/** Crockford base32: no I, L, O, U — nothing to misread when IT reads a code out over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_CHARS = 24;

export interface EnrolmentMarker {
  issuedAt: string;
  expiresAt: string;
  issuedBy: string;
  branch: string;
}

export type EnrolmentState = 'pending' | 'expired' | 'enrolled' | 'revoked';

/** `hm01-desk-02:7K2Q-M9XA-…` — the device user's name and 120 random bits, in groups of four. */
export function formatEnrolmentCode(deviceUser: string, random: Uint8Array): string {
  if (random.length < SECRET_CHARS) throw new Error('enrolment code: 24 random bytes needed');
  const chars = Array.from(random.subarray(0, SECRET_CHARS), (b) => ALPHABET[b & 31]).join('');
  return `${deviceUser}:${chars.match(/.{4}/g)!.join('-')}`;
}

/** The device user and the password the code stands for; null when it is not a code. Case and spaces are forgiven. */
export function parseEnrolmentCode(text: string): { deviceUser: string; secret: string } | null {
  const at = text.trim().lastIndexOf(':');
  if (at < 0) return null;
  const deviceUser = text.trim().slice(0, at).toLowerCase();
  const secret = text.trim().slice(at + 1).toUpperCase().replace(/[\s-]/g, '');
  if (!DEVICE_USER.test(deviceUser) || secret.length !== SECRET_CHARS || [...secret].some((c) => !ALPHABET.includes(c))) return null;
  return { deviceUser, secret: secret.match(/.{4}/g)!.join('-') };
}

/** Where a device user stands, from its `_users` document. */
export function enrolmentState(user: { roles?: unknown; [ENROLMENT_FIELD]?: unknown }, now: Date): EnrolmentState {
  if (Array.isArray(user.roles) && user.roles.includes(REVOKED_ROLE)) return 'revoked';
  const marker = user[ENROLMENT_FIELD] as Partial<EnrolmentMarker> | undefined;
  if (!marker || typeof marker !== 'object') return 'enrolled';
  const expires = Date.parse(String(marker.expiresAt));
  return Number.isFinite(expires) && now.getTime() < expires ? 'pending' : 'expired';
}

/**
 * The roles a user document grants right now: an unredeemed code grants nothing but enrolling, an expired one
 * nothing at all (null: the login fails).
 */
export function effectiveRoles(user: { roles: string[]; [ENROLMENT_FIELD]?: unknown; [DEVICE_FIELD]?: unknown }, now: Date): string[] | null {
  const state = enrolmentState(user, now);
  if (state === 'expired') return null;
  if (state === 'pending') return [ENROLLING_ROLE];
  const roles = user.roles.filter((r) => !r.startsWith(DEVICE_ROLE_PREFIX));
  const device = user[DEVICE_FIELD];
  return state === 'enrolled' && typeof device === 'string' && DEVICE_ID.test(device) ? [...roles, `${DEVICE_ROLE_PREFIX}${device}`] : roles;
}
