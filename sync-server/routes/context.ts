import type { FastifyRequest } from 'fastify';
import type { Databases, DbHandle } from '../databases';
import { SECURITY_DOC_ID } from '../databases';
import { CouchError, forbidden } from '../errors';
import { denied, isDbAdmin, isMember, isServerAdmin } from '../auth/security';
import type { UserCtx } from '../auth/security';
import type { AuthConfig } from '../auth/context';
import type { BudgetLimits } from '../query/budget';
import { USERS_DB } from '../auth/users';

export interface ServerContext {
  dbs: Databases;
  auth: AuthConfig;
  uuid: string;
  version: string;
  /** Largest request body once inflated, for callers allowed to send one (see body-gate.ts). */
  bodyLimit: number;
  /** Limits on evaluating what a client sends to be evaluated (`_changes` selectors). */
  evalBudget: BudgetLimits;
}

declare module 'fastify' {
  interface FastifyRequest {
    userCtx: UserCtx;
    authVia: 'default' | 'cookie' | null;
  }
}

export const userOf = (request: FastifyRequest): UserCtx => request.userCtx;

/** Apache CouchDB answers 401 "You are not a server admin." to anyone else, logged in or not. */
export function requireServerAdmin(user: UserCtx): void {
  if (!isServerAdmin(user)) throw new CouchError(401, 'unauthorized', 'You are not a server admin.');
}

/** `_all_docs` and `_changes`: listing `_users` is for server admins (CouchDB's 401), other databases for members. */
export function memberListing(ctx: ServerContext, name: string, user: UserCtx): DbHandle {
  if (name === USERS_DB) requireServerAdmin(user);
  return memberDb(ctx, name, user);
}

/**
 * Opens a database for a member. `_users` is special as in CouchDB: anyone may reach it, and the document
 * routes then allow a user only their own document.
 */
export function memberDb(ctx: ServerContext, name: string, user: UserCtx, opts: { usersDocAccess?: boolean } = {}): DbHandle {
  const handle = ctx.dbs.require(name);
  if (name === USERS_DB) {
    if (!isServerAdmin(user) && !opts.usersDocAccess) throw denied(user, 'admin');
    return handle;
  }
  if (!isMember(user, handle.security)) throw denied(user, 'db');
  return handle;
}

export function adminDb(ctx: ServerContext, name: string, user: UserCtx): DbHandle {
  const handle = ctx.dbs.require(name);
  if (!isDbAdmin(user, handle.security)) throw denied(user, 'admin');
  return handle;
}

export function assertNotReserved(docId: string): void {
  if (docId === SECURITY_DOC_ID) throw forbidden('This local document is reserved by the server.');
}
