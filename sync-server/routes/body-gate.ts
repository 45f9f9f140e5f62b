import type { FastifyRequest } from 'fastify';
import { CouchError, notFound } from '../errors';
import { denied, isMember } from '../auth/security';
import type { ServerContext } from './context';
import { requireServerAdmin } from './context';
import { splitPath } from './dispatch';

/** A login form or JSON; nothing else an anonymous client may make the server read. */
export const SESSION_BODY_LIMIT = 64 * 1024;

export const tooLarge = () => new CouchError(413, 'too_large', 'the request entity is too large');

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Decides from the headers alone — before a byte of the body is read or inflated — whether this caller may send
 * this request a body, and how large it may be once inflated. Anonymous callers may post a login to `/_session`
 * and write to public databases (none of ours is); everyone else must be allowed into the database first. Without
 * this, anonymous requests made the server inflate 256 MB each before the route refused them.
 */
export function admitBody(ctx: ServerContext, request: FastifyRequest): number {
  if (!hasBody(request)) return 0;
  const user = request.userCtx;
  const [first = '', second] = splitPath(request.url);
  let limit = ctx.bodyLimit;
  if (request.method === 'POST' && first === '_session' && second === undefined) {
    limit = SESSION_BODY_LIMIT;
  } else if (first === '' || (first.startsWith('_') && first !== '_users' && first !== '_replicator')) {
    requireServerAdmin(user);
  } else {
    const handle = ctx.dbs.get(first);
    if (!handle) {
      if (request.method === 'PUT' && second === undefined) requireServerAdmin(user);
      else throw notFound('Database does not exist.');
    } else if (first === '_users') {
      // Users change their own password; anonymous sign-up is closed.
      if (user.name === null) throw denied(user, 'db');
    } else if (!isMember(user, handle.security)) {
      throw denied(user, 'db');
    }
  }
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge();
  return limit;
}
