import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, CouchError, notFound } from '../errors';
import { attachmentHeaders } from '../http/attachment-headers';
import { documentFromMultipart, multipartMixed } from '../http/multipart';
import { parseBody, parseQuery, qBool, qJson } from '../http/query';
import type { Json } from '../storage';
import { USERS_DB } from '../auth/users';
import { denied } from '../auth/security';
import type { ServerContext } from './context';
import { assertNotReserved, memberDb, userOf } from './context';
import { afterWrite, checkDocBody, prepareDoc } from './write';

const docObject = z.record(z.string(), z.unknown());

const putQuery = { rev: z.string().max(200).optional(), new_edits: qBool.optional(), batch: z.string().optional() };
const revQuery = { rev: z.string().max(200).optional() };

const getQuery = {
  rev: z.string().max(200).optional(),
  revs: qBool.optional(),
  revs_info: qBool.optional(),
  open_revs: z.union([z.literal('all'), qJson]).optional(),
  latest: qBool.optional(),
  conflicts: qBool.optional(),
  deleted_conflicts: qBool.optional(),
  attachments: qBool.optional(),
  att_encoding_info: qBool.optional(),
  atts_since: qJson.optional(),
  local_seq: qBool.optional(),
  meta: qBool.optional(),
};

function openDocDb(ctx: ServerContext, dbName: string, docId: string, request: FastifyRequest) {
  const user = userOf(request);
  assertNotReserved(docId);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  // Outside a user's own document, `_users` is for server admins — its `_local` documents included.
  if (handle.name === USERS_DB && !ctx.auth.users.canRead(user, docId)) throw denied(user, 'admin');
  return { handle, user };
}

export async function getDoc(ctx: ServerContext, dbName: string, docId: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(getQuery, request.query);
  const opts: Json = {};
  for (const k of ['rev', 'revs', 'revs_info', 'latest', 'conflicts', 'deleted_conflicts', 'attachments', 'local_seq', 'meta'] as const) {
    if (q[k] !== undefined) opts[k] = q[k];
  }
  if (q.open_revs !== undefined) {
    if (q.open_revs !== 'all' && (!Array.isArray(q.open_revs) || q.open_revs.some((r) => typeof r !== 'string'))) {
      throw badRequest('open_revs must be "all" or a JSON array of revisions');
    }
    opts.open_revs = q.open_revs;
    const revs = (await handle.store.get(docId, opts)) as Json[];
    const accept = String(request.headers.accept ?? '');
    // CouchDB's own replicator asks for multipart/mixed; PouchDB asks for JSON.
    if (/multipart\/mixed/i.test(accept) && !/application\/json/i.test(accept)) {
      const mp = multipartMixed(revs.filter((r) => r.ok).map((r) => r.ok));
      reply.type(mp.contentType);
      return mp.body;
    }
    return revs;
  }
  const doc = (await handle.store.get(docId, opts)) as Json;
  if (typeof doc._rev === 'string') reply.header('etag', `"${doc._rev}"`);
  return doc;
}

function bodyDoc(request: FastifyRequest): Json {
  const type = String(request.headers['content-type'] ?? '');
  if (/^multipart\/related/i.test(type)) {
    if (!Buffer.isBuffer(request.body)) throw badRequest('multipart body expected');
    return documentFromMultipart(request.body, type);
  }
  return parseBody(docObject, request.body, 'document');
}

export async function putDoc(ctx: ServerContext, dbName: string, docId: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle, user } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(putQuery, request.query);
  const doc: Json = { ...bodyDoc(request), _id: docId };
  if (q.rev) doc._rev = q.rev;
  return writeOne(ctx, handle, doc, user, q.new_edits !== false, reply);
}

export async function postDoc(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const user = userOf(request);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  const doc = parseBody(docObject, request.body, 'document');
  if (doc._id !== undefined && typeof doc._id !== 'string') throw badRequest('_id must be a string');
  const withId = { ...doc, _id: (doc._id as string | undefined) ?? randomUUID().replace(/-/g, '') };
  assertNotReserved(withId._id);
  return writeOne(ctx, handle, withId, user, true, reply);
}

export async function deleteDoc(ctx: ServerContext, dbName: string, docId: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle, user } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(revQuery, request.query);
  const rev = q.rev ?? String(request.headers['if-match'] ?? '').replace(/"/g, '');
  if (!rev) throw new CouchError(409, 'conflict', 'Document update conflict.');
  return writeOne(ctx, handle, { _id: docId, _rev: rev, _deleted: true }, user, true, reply, 200);
}

async function writeOne(
  ctx: ServerContext,
  handle: ReturnType<typeof memberDb>,
  doc: Json,
  user: ReturnType<typeof userOf>,
  newEdits: boolean,
  reply: FastifyReply,
  status = 201,
) {
  checkDocBody(doc, newEdits);
  const prepared = await prepareDoc(ctx, handle, doc, user, { replicated: !newEdits });
  // A replicated revision (new_edits=false: a branch's scan arrives this way, one document per request) and a
  // replication checkpoint (`_local/`) are committed without their own fsync, as _bulk_docs does (routes/bulk.ts):
  // the WAL keeps commits in order, so a power cut can only take the newest ones together — the checkpoint never
  // survives the revisions it counts, and the replicator sends them again — and the WAL is synced within a second.
  const checkpoint = typeof prepared._id === 'string' && prepared._id.startsWith('_local/');
  const [res] = await handle.store.bulkDocs([prepared], checkpoint || !newEdits ? { new_edits: newEdits, replica: true } : { new_edits: newEdits });
  afterWrite(ctx, handle, [prepared]);
  if (res?.error) throw new CouchError(Number(res.status ?? 400), String(res.name ?? res.error), String(res.reason ?? res.message ?? 'error'));
  const rev = (res?.rev as string | undefined) ?? (prepared._rev as string | undefined);
  reply.code(status);
  if (rev) reply.header('etag', `"${rev}"`);
  return { ok: true, id: prepared._id, rev };
}

export async function getAttachment(ctx: ServerContext, dbName: string, docId: string, name: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(revQuery, request.query);
  const doc = (await handle.store.get(docId, q.rev ? { rev: q.rev } : {})) as Json;
  const atts = (doc._attachments ?? {}) as Record<string, Json>;
  const meta = Object.hasOwn(atts, name) ? atts[name] : undefined;
  if (!meta) throw notFound('Document is missing attachment');
  const data = await handle.store.getAttachment(docId, name, { rev: doc._rev });
  reply.headers(attachmentHeaders(meta.content_type ?? 'application/octet-stream'));
  if (typeof meta.digest === 'string') reply.header('etag', `"${meta.digest}"`);
  return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
}

async function currentDoc(handle: ReturnType<typeof memberDb>, docId: string, rev: string | undefined): Promise<Json> {
  if (!rev) {
    // CouchDB: adding an attachment without a rev creates the document, or conflicts if it exists.
    try {
      await handle.store.get(docId);
    } catch {
      return { _id: docId };
    }
    throw new CouchError(409, 'conflict', 'Document update conflict.');
  }
  return (await handle.store.get(docId, { rev })) as Json;
}

export async function putAttachment(ctx: ServerContext, dbName: string, docId: string, name: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle, user } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(revQuery, request.query);
  if (name.startsWith('_')) throw badRequest('Attachment name must not start with an underscore.');
  const body = request.body;
  const data = Buffer.isBuffer(body) ? body : body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const doc = await currentDoc(handle, docId, q.rev ?? (String(request.headers['if-match'] ?? '').replace(/"/g, '') || undefined));
  const atts = { ...((doc._attachments as Json | undefined) ?? {}) };
  atts[name] = { content_type: String(request.headers['content-type'] ?? 'application/octet-stream').split(';')[0], data: data.toString('base64') };
  return writeOne(ctx, handle, { ...doc, _attachments: atts }, user, true, reply);
}

export async function deleteAttachment(ctx: ServerContext, dbName: string, docId: string, name: string, request: FastifyRequest, reply: FastifyReply) {
  const { handle, user } = openDocDb(ctx, dbName, docId, request);
  const q = parseQuery(revQuery, request.query);
  if (!q.rev) throw new CouchError(409, 'conflict', 'Document update conflict.');
  const doc = (await handle.store.get(docId, { rev: q.rev })) as Json;
  const atts = { ...((doc._attachments as Json | undefined) ?? {}) };
  if (!Object.hasOwn(atts, name)) throw notFound('Document is missing attachment');
  delete atts[name];
  return writeOne(ctx, handle, { ...doc, _attachments: atts }, user, true, reply, 200);
}
