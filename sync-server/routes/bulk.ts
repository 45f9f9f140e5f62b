import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toCouchError } from '../errors';
import { parseBody, parseQuery, qBool, qInt, qJson } from '../http/query';
import type { Json } from '../storage';
import { USERS_DB } from '../auth/users';
import { isServerAdmin } from '../auth/security';
import type { ServerContext } from './context';
import { assertNotReserved, memberDb, userOf } from './context';
import { prepareDoc } from './write';

const bulkDocsBody = z.object({
  docs: z.array(z.record(z.string(), z.unknown())).max(100_000),
  new_edits: z.boolean().optional(),
  all_or_nothing: z.boolean().optional(),
});

export async function bulkDocs(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const user = userOf(request);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  const body = parseBody(bulkDocsBody, request.body, '_bulk_docs');
  const newEdits = body.new_edits !== false;
  const results: (Json | null)[] = new Array(body.docs.length).fill(null);
  const accepted: Json[] = [];
  const acceptedAt: number[] = [];
  for (const [i, doc] of body.docs.entries()) {
    try {
      accepted.push(await prepareDoc(ctx, handle, doc, user, { replicated: !newEdits }));
      acceptedAt.push(i);
    } catch (err) {
      const e = toCouchError(err);
      results[i] = { id: doc._id, ...(doc._rev ? { rev: doc._rev } : {}), error: e.error, reason: e.reason };
    }
  }
  if (accepted.length) {
    const written = await handle.store.bulkDocs(accepted, { new_edits: newEdits });
    written.forEach((r, j) => {
      const at = acceptedAt[j];
      if (at === undefined) return;
      results[at] = r.error ? { id: r.id, rev: r.rev, error: r.name ?? r.error, reason: r.reason ?? r.message } : r;
    });
  }
  reply.code(201);
  // CouchDB answers replicated writes (new_edits=false) with their failures only.
  return newEdits ? results : results.filter((r) => r && 'error' in r);
}

const bulkGetBody = z.object({
  docs: z.array(z.looseObject({ id: z.string(), rev: z.string().optional(), atts_since: z.array(z.string()).optional() })).max(100_000),
});

export async function bulkGet(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const user = userOf(request);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  const q = parseQuery({ revs: qBool.optional(), attachments: qBool.optional(), latest: qBool.optional() }, request.query);
  const body = parseBody(bulkGetBody, request.body, '_bulk_get');
  for (const d of body.docs) assertNotReserved(d.id);
  if (handle.name === USERS_DB && !isServerAdmin(user) && body.docs.some((d) => !ctx.auth.users.canRead(user, d.id))) {
    throw toCouchError({ status: 403, name: 'forbidden', message: 'You may read only your own user document.' });
  }
  const res = (await handle.store.bulkGet({
    docs: body.docs,
    revs: q.revs ?? false,
    attachments: q.attachments ?? false,
    latest: q.latest ?? false,
  })) as { results: { id: string; docs: Json[] }[] };
  // PouchDB reports a missing revision as an Error object; CouchDB's wire shape is {id, rev, error, reason}.
  return {
    results: res.results.map((r) => ({
      id: r.id,
      docs: r.docs.map((d) => {
        if (d.ok) return d;
        const e = (d.error ?? {}) as Json;
        return {
          error: {
            id: r.id,
            rev: (e.rev as string | undefined) ?? body.docs.find((x) => x.id === r.id)?.rev ?? 'undefined',
            error: (e.name as string | undefined) ?? (e.error as string | undefined) ?? 'not_found',
            reason: (e.reason as string | undefined) ?? (e.message as string | undefined) ?? 'missing',
          },
        };
      }),
    })),
  };
}

export async function revsDiff(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = memberDb(ctx, dbName, userOf(request));
  const body = parseBody(z.record(z.string(), z.array(z.string()).max(10_000)), request.body, '_revs_diff');
  return handle.store.revsDiff(body);
}

const allDocsQuery = {
  include_docs: qBool.optional(),
  conflicts: qBool.optional(),
  attachments: qBool.optional(),
  descending: qBool.optional(),
  inclusive_end: qBool.optional(),
  update_seq: qBool.optional(),
  limit: qInt.optional(),
  skip: qInt.optional(),
  key: qJson.optional(),
  keys: qJson.optional(),
  startkey: qJson.optional(),
  start_key: qJson.optional(),
  endkey: qJson.optional(),
  end_key: qJson.optional(),
  startkey_docid: z.string().optional(),
};

export async function allDocs(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = memberDb(ctx, dbName, userOf(request));
  const q = parseQuery(allDocsQuery, request.query);
  const body =
    request.method === 'POST' ? parseBody(z.looseObject({ keys: z.array(z.string()).optional() }).optional(), request.body, '_all_docs') : undefined;
  const keys = body?.keys ?? q.keys;
  if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))) {
    throw toCouchError({ status: 400, name: 'bad_request', message: '`keys` must be an array of strings' });
  }
  const opts: Json = {};
  for (const k of ['include_docs', 'conflicts', 'attachments', 'descending', 'inclusive_end', 'update_seq', 'limit', 'skip', 'key'] as const) {
    if (q[k] !== undefined) opts[k] = q[k];
  }
  if (keys) opts.keys = keys;
  const start = q.startkey ?? q.start_key;
  const end = q.endkey ?? q.end_key;
  if (start !== undefined) opts.startkey = start;
  if (end !== undefined) opts.endkey = end;
  return handle.store.allDocs(opts);
}
