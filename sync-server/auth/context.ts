import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthorized } from '../errors';
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

function basicCredentials(header: string | undefined): { name: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Who is asking: HTTP basic first (wrong credentials are a 401 even on public endpoints, as in CouchDB), then the
 * AuthSession cookie (an expired or forged cookie just means anonymous). A cookie past 10% of its life is renewed.
 */
export async function resolveUser(auth: AuthConfig, request: FastifyRequest, reply: FastifyReply): Promise<ResolvedUser> {
  const header = request.headers.authorization;
  if (header) {
    const creds = basicCredentials(header);
    if (!creds) throw unauthorized('Authorization header is malformed; only Basic is supported.');
    const user = await auth.users.authenticate(creds.name, creds.password);
    if (!user) throw unauthorized('Name or password is incorrect.');
    return { user, via: 'default' };
  }
  const raw = readCookie(request.headers.cookie, COOKIE_NAME);
  const token = raw ? parseSessionToken(raw) : null;
  if (!token) return { user: ANONYMOUS, via: null };
  const holder = await auth.users.saltOf(token.name);
  const now = Date.now() / 1000;
  if (!holder || !verifySessionToken(token, auth.secret, holder.salt, now, auth.sessionTimeoutSeconds)) {
    return { user: ANONYMOUS, via: null };
  }
  if (now - token.issuedAt > auth.sessionTimeoutSeconds / 10) {
    reply.header('set-cookie', sessionCookie(makeSessionToken(token.name, auth.secret, holder.salt, now), auth.sessionTimeoutSeconds));
  }
  return { user: holder.user, via: 'cookie' };
}
