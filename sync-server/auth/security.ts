import { z } from 'zod';
import { CouchError } from '../errors';

const principals = z.object({
  names: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
});

/** A database's `_security` object, exactly CouchDB's shape. */
export const securityObject = z.looseObject({
  admins: principals.default({ names: [], roles: [] }),
  members: principals.default({ names: [], roles: [] }),
});
export type SecurityObject = z.infer<typeof securityObject>;

/** CouchDB 3's `default_security = admin_only`: a new database is closed until someone grants access. */
export const ADMIN_ONLY: SecurityObject = {
  admins: { names: [], roles: ['_admin'] },
  members: { names: [], roles: ['_admin'] },
};

export interface UserCtx {
  name: string | null;
  roles: string[];
}

export const ANONYMOUS: UserCtx = { name: null, roles: [] };

export const isServerAdmin = (user: UserCtx) => user.roles.includes('_admin');

function matches(user: UserCtx, who: { names: string[]; roles: string[] }): boolean {
  return (user.name !== null && who.names.includes(user.name)) || user.roles.some((r) => who.roles.includes(r));
}

export function isDbAdmin(user: UserCtx, sec: SecurityObject): boolean {
  return isServerAdmin(user) || matches(user, sec.admins);
}

/** CouchDB: with no member names and no member roles the database is public. */
export function isMember(user: UserCtx, sec: SecurityObject): boolean {
  if (isDbAdmin(user, sec)) return true;
  if (sec.members.names.length === 0 && sec.members.roles.length === 0) return true;
  return matches(user, sec.members);
}

/** 401 for someone who has not said who they are, 403 for someone who has and may not — CouchDB's split. */
export function denied(user: UserCtx, what: 'db' | 'admin'): CouchError {
  if (user.name === null) {
    return new CouchError(401, 'unauthorized', what === 'db' ? 'You are not authorized to access this db.' : 'You are not a db or server admin.');
  }
  return new CouchError(403, 'forbidden', what === 'db' ? 'You are not allowed to access this db.' : 'You are not a db or server admin.');
}
