import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, unauthorized } from '../errors';
import { makeSessionToken, parseSessionToken, readCookie, sessionTokenCurrent, sessionTokenSigned } from './cookie';
import type { ParsedToken } from './cookie';
import { ANONYMOUS } from './security';
import type { UserCtx } from './security';
import type { Users } from './users';

export const COOKIE_NAME = 'AuthSession';

export interface AuthConfig {
  users: Users;
  secret: string;
  sessionTimeoutSeconds: number;
}

export interface ResolvedUser {
  user: UserCtx;
  via: 'default' | 'cookie' | null;
}

export function sessionCookie(token: string, maxAgeSeconds: number | null): string {
  const age = maxAgeSeconds === null ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${COOKIE_NAME}=${token}; Version=1; Path=/; HttpOnly; SameSite=Lax${age}`;
}

/**
 * CouchDB's reading of `Authorization` (couch_httpd_auth:basic_name_pw): only "Basic " exactly, then base64 of
 * "name:password" split at the first colon. Anything else — another scheme, "Basic:" with a stray colon, no colon,
 * the "_:_" log-out pair — is no credential (anonymous); base64 that does not decode is a 400.
 */
function basicCredentials(header: string): { name: string; password: string } | null {
  if (!header.startsWith('Basic ')) return null;
  const b64 = header.slice('Basic '.length).replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
    throw badRequest('Authorization header has invalid base64 value');
  }
  const text = Buffer.from(b64, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0 || text === '_:_') return null;
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Session tokens whose MAC has been checked, per server (its secret): token text → the user salt it was checked
 * against. A device sends the same cookie on every request, and the HMAC behind each check (and each renewal) was
 * ~5 % of head office's CPU in an end of day. Only the MAC is remembered: the user is looked up and the token's age
 * checked on every request, so an expired token, a removed or revoked user, or a password change (new salt: the
 * entry no longer matches) refuses at once. Only tokens that passed are kept — and only the server can mint those —
 * so the map grows with real sessions, not with an attacker's guesses; past the bound the oldest entry goes.
 */
const SIGNED_MAX = 10_000;
const signedTokens = new WeakMap<AuthConfig, Map<string, string>>();
/** The renewed token of the current second per user and salt: within one second it is the same string anyway. */
const renewals = new WeakMap<AuthConfig, Map<string, { second: number; token: string }>>();

function remember<V>(byServer: WeakMap<AuthConfig, Map<string, V>>, auth: AuthConfig, key: string, value: V): void {
  let map = byServer.get(auth);
  if (!map) byServer.set(auth, (map = new Map()));
  if (!map.has(key) && map.size >= SIGNED_MAX) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

function tokenSigned(auth: AuthConfig, text: string, token: ParsedToken, salt: string): boolean {
  if (signedTokens.get(auth)?.get(text) === salt) return true;
  if (!sessionTokenSigned(token, auth.secret, salt)) return false;
  remember(signedTokens, auth, text, salt);
  return true;
}

function renewedToken(auth: AuthConfig, name: string, salt: string, nowSeconds: number): string {
  const second = Math.floor(nowSeconds);
  const key = `${name}\u0000${salt}`;
  const last = renewals.get(auth)?.get(key);
  if (last?.second === second) return last.token;
  const token = makeSessionToken(name, auth.secret, salt, second);
  remember(renewals, auth, key, { second, token });
  return token;
}

async function cookieUser(auth: AuthConfig, request: FastifyRequest, reply: FastifyReply): Promise<UserCtx | null> {
  const raw = readCookie(request.headers.cookie, COOKIE_NAME);
  const token = raw ? parseSessionToken(raw) : null;
  if (!raw || !token) return null;
  const now = Date.now() / 1000;
  if (!sessionTokenCurrent(token, now, auth.sessionTimeoutSeconds)) return null;
  const holder = await auth.users.saltOf(token.name);
  if (!holder || !tokenSigned(auth, raw, token, holder.salt)) return null;
  if (now - token.issuedAt > auth.sessionTimeoutSeconds / 10) {
    reply.header('set-cookie', sessionCookie(renewedToken(auth, token.name, holder.salt, now), auth.sessionTimeoutSeconds));
  }
  return holder.user;
}

/**
 * Who is asking, in CouchDB's order: a valid AuthSession cookie first (an expired or forged one counts for nothing;
 * one past 10% of its life is renewed), then HTTP basic — wrong credentials are a 401 even on public endpoints.
 */
export async function resolveUser(auth: AuthConfig, request: FastifyRequest, reply: FastifyReply): Promise<ResolvedUser> {
  const fromCookie = await cookieUser(auth, request, reply);
  if (fromCookie) return { user: fromCookie, via: 'cookie' };
  const creds = basicCredentials(request.headers.authorization ?? '');
  if (!creds) return { user: ANONYMOUS, via: null };
  const user = await auth.users.authenticate(creds.name, creds.password);
  if (!user) throw unauthorized('Name or password is incorrect.');
  return { user, via: 'default' };
}
