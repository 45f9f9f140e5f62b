import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, CouchError, notFound } from '../errors';
import type { ServerContext } from './context';
import { memberDb, requireServerAdmin, userOf } from './context';
import { allDocs, bulkDocs, bulkGet, revsDiff } from './bulk';
import { changes } from './changes';
import { compact, createDb, dbInfo, deleteDb, ensureFullCommit, getSecurity, putSecurity } from './database';
import { deleteAttachment, deleteDoc, getAttachment, getDoc, postDoc, putAttachment, putDoc } from './documents';

const methodNotAllowed = (allowed: string) => new CouchError(405, 'method_not_allowed', `Only ${allowed} allowed`);
const UNSUPPORTED_DESIGN = new Set(['_view', '_show', '_list', '_update', '_rewrite', '_info', '_search']);
/** CouchDB endpoints that would evaluate a client's query (Mango) or rewrite history; not served here. */
const UNSUPPORTED_DB = new Set(['_find', '_explain', '_index', '_purge']);

/** Splits the raw path ourselves: document ids and attachment names may hold encoded `/` that routers would mangle. */
export function splitPath(rawUrl: string): string[] {
  const path = rawUrl.split('?')[0] ?? '';
  const segments = path.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest('invalid percent-encoding in the URL');
  }
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

async function route(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const [db = '', ...rest] = splitPath(request.url);
  const m = request.method === 'HEAD' ? 'GET' : request.method;
  if (rest.length === 0) {
    if (m === 'GET') return dbInfo(ctx, db, request);
    if (m === 'PUT') return createDb(ctx, db, request, reply);
    if (m === 'DELETE') return deleteDb(ctx, db, request);
    if (m === 'POST') return postDoc(ctx, db, request, reply);
    throw methodNotAllowed('GET,HEAD,PUT,POST,DELETE');
  }
  const [first = '', second, ...tail] = rest;
  const special: Record<string, Partial<Record<string, Handler>>> = {
    _changes: { GET: (q, r) => changes(ctx, db, q, r), POST: (q, r) => changes(ctx, db, q, r) },
    _bulk_docs: { POST: (q, r) => bulkDocs(ctx, db, q, r) },
    _bulk_get: { POST: async (q, r) => bulkGet(ctx, db, q, r) },
    _revs_diff: { POST: async (q) => revsDiff(ctx, db, q) },
    _all_docs: { GET: async (q) => allDocs(ctx, db, q), POST: async (q) => allDocs(ctx, db, q) },
    _security: { GET: async (q) => getSecurity(ctx, db, q), PUT: async (q) => putSecurity(ctx, db, q) },
    _ensure_full_commit: { POST: (q, r) => ensureFullCommit(ctx, db, q, r) },
    _compact: { POST: (q, r) => compact(ctx, db, q, r) },
    _revs_limit: {
      GET: async (q) => (memberDb(ctx, db, userOf(q)), 1000),
      PUT: async (q) => (requireServerAdmin(userOf(q)), { ok: true }),
    },
  };
  // Own properties only: a document called `constructor` or `__proto__` must not find Object.prototype here.
  const endpoint = Object.hasOwn(special, first) ? special[first] : undefined;
  if (rest.length === 1 && endpoint) {
    const handler = Object.hasOwn(endpoint, m) ? endpoint[m] : undefined;
    if (!handler) throw methodNotAllowed(Object.keys(endpoint).join(','));
    return handler(request, reply);
  }
  let docId: string;
  let attachment: string[];
  if (first === '_local' || first === '_design') {
    if (!second) throw notFound('missing');
    docId = `${first}/${second}`;
    attachment = tail;
    if (first === '_local' && attachment.length) throw badRequest('_local documents do not accept attachments.');
    if (first === '_design' && attachment[0] && UNSUPPORTED_DESIGN.has(attachment[0])) {
      // Check access first so an outsider learns nothing about the database.
      memberDb(ctx, db, userOf(request));
      throw new CouchError(501, 'not_implemented', `${attachment[0]} is not supported by the embedded server`);
    }
  } else if (first.startsWith('_')) {
    memberDb(ctx, db, userOf(request));
    if (UNSUPPORTED_DB.has(first)) throw new CouchError(501, 'not_implemented', `${first} is not supported by the embedded server`);
    // As CouchDB: reading or deleting an unknown `_name` finds nothing; writing one is an illegal id.
    if (m === 'PUT' || m === 'POST') throw new CouchError(400, 'illegal_docid', 'Only reserved document ids may start with underscore.');
    throw notFound('missing');
  } else {
    docId = first;
    attachment = second === undefined ? [] : [second, ...tail];
  }
  if (attachment.length) {
    const name = attachment.join('/');
    if (m === 'GET') return getAttachment(ctx, db, docId, name, request, reply);
    if (m === 'PUT') return putAttachment(ctx, db, docId, name, request, reply);
    if (m === 'DELETE') return deleteAttachment(ctx, db, docId, name, request, reply);
    throw methodNotAllowed('GET,HEAD,PUT,DELETE');
  }
  if (m === 'GET') return getDoc(ctx, db, docId, request, reply);
  if (m === 'PUT') return putDoc(ctx, db, docId, request, reply);
  if (m === 'DELETE') return deleteDoc(ctx, db, docId, request, reply);
  throw methodNotAllowed('GET,HEAD,PUT,DELETE');
}

export function registerDispatch(app: FastifyInstance, ctx: ServerContext): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => route(ctx, request, reply);
  app.route({ method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], url: '/*', handler, exposeHeadRoute: false });
}
