import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, CouchError, toCouchError } from '../errors';
import { parseBody, parseQuery, qBool, qInt, qJson } from '../http/query';
import { bulkGetReplyText } from '../storage';
import type { Json, Store } from '../storage';
import { USERS_DB } from '../auth/users';
import { isServerAdmin } from '../auth/security';
import type { ServerContext } from './context';
import { assertNotReserved, memberDb, memberListing, userOf } from './context';
import { afterWrite, checkDocBody, prepareDoc } from './write';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The envelope only: each document is checked once, by checkDocBody and its type's schema (policy.ts). A zod record
 * schema here walked and copied every document a second time — a tenth of head office's CPU for a pushed batch.
 */
const jsonObject = z.custom<Json>(isObject, 'must be a JSON object');
const bulkDocsBody = z.object({
  docs: z.array(jsonObject).max(100_000),
  new_edits: z.boolean().optional(),
  all_or_nothing: z.boolean().optional(),
});

export async function bulkDocs(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const user = userOf(request);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  const body = parseBody(bulkDocsBody, request.body, '_bulk_docs');
  const newEdits = body.new_edits !== false;
  for (const doc of body.docs) checkDocBody(doc, newEdits);
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
    // A replicated write (new_edits=false) skips the per-commit fsync (db/adapter/handle.ts writeReplica): its
    // sender still holds it and re-sends it unless the checkpoint written after it survived (WAL order).
    const written = await handle.store.bulkDocs(accepted, newEdits ? { new_edits: true } : { new_edits: false, replica: true });
    afterWrite(ctx, handle, accepted);
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

// Module-level: parseQuery compiles a shape once; a shape written inline was compiled afresh on every request (zod's
// JIT, ~100× the parse) — a few per cent of head office's CPU in an end of day, where every pull asks _bulk_get.
const bulkGetQuery = { revs: qBool.optional(), attachments: qBool.optional(), latest: qBool.optional() };

export async function bulkGet(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const user = userOf(request);
  const handle = memberDb(ctx, dbName, user, { usersDocAccess: true });
  const q = parseQuery(bulkGetQuery, request.query);
  const body = parseBody(bulkGetBody, request.body, '_bulk_get');
  for (const d of body.docs) assertNotReserved(d.id);
  if (handle.name === USERS_DB && !isServerAdmin(user) && body.docs.some((d) => !ctx.auth.users.canRead(user, d.id))) {
    throw toCouchError({ status: 403, name: 'forbidden', message: 'You may read only your own user document.' });
  }
  // A replication batch without attachments (what every pull asks) is answered from the stored JSON text: the same
  // reply, without parsing each body only to serialise it again. Attachments, missing revisions and other asks
  // (several revisions of a document, the winner by omission) return null here and take the decoded path below.
  const text = bulkGetReplyText(handle.store, { docs: body.docs, revs: q.revs ?? false, latest: q.latest ?? false });
  if (text !== null) {
    reply.type('application/json; charset=utf-8');
    return text;
  }
  const res = await readRevisions(handle.store, body.docs, { revs: q.revs ?? false, attachments: q.attachments ?? false, latest: q.latest ?? false });
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

type BulkGetAnswer = { results: { id: string; docs: Json[] }[] };
const carriesAttachments = (res: BulkGetAnswer) => res.results.some((r) => r.docs.some((d) => isObject(d.ok) && d.ok._attachments !== undefined));

/**
 * A replicating PouchDB asks `_bulk_get?revs=true&attachments=true` on every pull batch. The store answers a batch
 * without attachment bodies in two queries, but `attachments=true` sends it down PouchDB's per-document `get` shim —
 * three times the CPU of the request. A document without attachments reads the same either way, so the batch is
 * read without them first, and read again the generic way, whole, only when one of its documents has attachments.
 */
async function readRevisions(store: Store, docs: Json[], opts: { revs: boolean; attachments: boolean; latest: boolean }): Promise<BulkGetAnswer> {
  const read = (attachments: boolean) => store.bulkGet({ docs, revs: opts.revs, latest: opts.latest, attachments }) as Promise<BulkGetAnswer>;
  if (!opts.attachments) return read(false);
  const plain = await read(false);
  return carriesAttachments(plain) ? read(true) : plain;
}

/** `{ id: [rev, …] }`, checked in one pass (a zod record of arrays cost more than answering the question). */
const revsDiffBody = z.custom<Record<string, string[]>>(
  (v) => isObject(v) && Object.values(v).every((revs) => Array.isArray(revs) && revs.length <= 10_000 && revs.every((r) => typeof r === 'string')),
  'must map document ids to arrays of revisions',
);

export async function revsDiff(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = memberDb(ctx, dbName, userOf(request));
  const body = parseBody(revsDiffBody, request.body, '_revs_diff');
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

const allDocsBody = z
  .looseObject({
    keys: z.unknown().optional(),
    key: z.unknown().optional(),
    startkey: z.unknown().optional(),
    start_key: z.unknown().optional(),
    endkey: z.unknown().optional(),
    end_key: z.unknown().optional(),
    limit: z.number().int().min(0).optional(),
    skip: z.number().int().min(0).optional(),
    include_docs: z.boolean().optional(),
    conflicts: z.boolean().optional(),
    attachments: z.boolean().optional(),
    descending: z.boolean().optional(),
    inclusive_end: z.boolean().optional(),
    update_seq: z.boolean().optional(),
  })
  .optional();

const queryParseError = (reason: string) => new CouchError(400, 'query_parse_error', reason);

/** No document id starts with `_` and a NUL: stands for a key that cannot be an id, so the store finds nothing. */
const noSuchId = (i: number) => `_\u0000${i}`;

/**
 * `_all_docs` the CouchDB way: options in the query or (POST) the body, the query winning. Ids are strings, and
 * CouchDB orders every other JSON value before all of them (Erlang term order on the id tree), so a non-string
 * `key` finds nothing, a non-string `keys` entry is a `not_found` row, and a non-string start or end key is the
 * very beginning of the index — never a 500.
 */
export async function allDocs(ctx: ServerContext, dbName: string, request: FastifyRequest) {
  const handle = memberListing(ctx, dbName, userOf(request));
  const q = parseQuery(allDocsQuery, request.query);
  const body = request.method === 'POST' ? (parseBody(allDocsBody, request.body, '_all_docs') ?? {}) : {};
  if (body.keys !== undefined && !Array.isArray(body.keys)) throw badRequest('`keys` member must be an array.');
  const pick = <K extends keyof typeof q & keyof typeof body>(k: K) => (q[k] !== undefined ? q[k] : body[k]);
  const keys = pick('keys');
  if (keys !== undefined && !Array.isArray(keys)) throw queryParseError('`keys` must be an array of strings.');
  const key = pick('key');
  const start = pick('startkey') ?? pick('start_key');
  const end = pick('endkey') ?? pick('end_key');
  if (keys !== undefined && (key !== undefined || start !== undefined || end !== undefined)) {
    throw queryParseError('`keys` is incompatible with `key`, `start_key` and `end_key`');
  }
  const opts: Json = {};
  for (const k of ['include_docs', 'conflicts', 'attachments', 'descending', 'inclusive_end', 'update_seq', 'limit', 'skip'] as const) {
    const v = pick(k);
    if (v !== undefined) opts[k] = v;
  }
  const descending = opts.descending === true;
  const isId = (v: unknown) => typeof v === 'string';
  if (keys) {
    const res = (await handle.store.allDocs({ ...opts, keys: keys.map((k, i) => (isId(k) ? k : noSuchId(i))) })) as { rows: Json[] };
    res.rows = res.rows.map((row) => (row.error && typeof row.key === 'string' && row.key.startsWith('_\u0000') ? { ...row, key: keys[Number(row.key.slice(2))] } : row));
    return res;
  }
  // A non-string bound that sorts before every id: from the start (as first bound), or nothing (as last bound).
  const empty = (key !== undefined && !isId(key)) || (end !== undefined && !isId(end) && !descending) || (start !== undefined && !isId(start) && descending);
  if (empty) return { ...(await handle.store.allDocs({ ...opts, limit: 0 })), rows: [] };
  if (key !== undefined) opts.key = key;
  if (start !== undefined && isId(start)) opts.startkey = start;
  if (end !== undefined && isId(end)) opts.endkey = end;
  return handle.store.allDocs(opts);
}
