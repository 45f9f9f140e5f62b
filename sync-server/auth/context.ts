import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, unauthorized } from '../errors';
import { makeSessionToken, parseSessionToken, readCookie, verifySessionToken } from './cookie';
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

async function cookieUser(auth: AuthConfig, request: FastifyRequest, reply: FastifyReply): Promise<UserCtx | null> {
  const raw = readCookie(request.headers.cookie, COOKIE_NAME);
  const token = raw ? parseSessionToken(raw) : null;
  if (!token) return null;
  const holder = await auth.users.saltOf(token.name);
  const now = Date.now() / 1000;
  if (!holder || !verifySessionToken(token, auth.secret, holder.salt, now, auth.sessionTimeoutSeconds)) return null;
  if (now - token.issuedAt > auth.sessionTimeoutSeconds / 10) {
    reply.header('set-cookie', sessionCookie(makeSessionToken(token.name, auth.secret, holder.salt, now), auth.sessionTimeoutSeconds));
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
