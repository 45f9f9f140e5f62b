import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, errorBody, notFound, toCouchError } from '../errors';
import { parseBody, parseQuery, qBool, qInt, qJson } from '../http/query';
import type { ChangesFeed, Json, Store } from '../storage';
import { compileSelector, selectorTextFilter } from '../query/selector';
import { EvalBudget, timeoutError } from '../query/budget';
import type { ServerContext } from './context';
import { memberListing, userOf } from './context';

const MAX_WAIT_MS = 60_000;

const changesQuery = {
  feed: z.enum(['normal', 'longpoll', 'continuous']).optional(),
  since: z.union([z.literal('now'), qInt]).optional(),
  limit: qInt.optional(),
  include_docs: qBool.optional(),
  conflicts: qBool.optional(),
  attachments: qBool.optional(),
  descending: qBool.optional(),
  style: z.enum(['main_only', 'all_docs']).optional(),
  heartbeat: z.union([z.literal('true'), qInt]).optional(),
  timeout: qInt.optional(),
  filter: z.string().max(200).optional(),
  doc_ids: qJson.optional(),
  seq_interval: qInt.optional(),
  view: z.string().max(200).optional(),
};

const changesBody = z.looseObject({ doc_ids: z.array(z.string()).optional(), selector: z.unknown().optional() }).optional();

/**
 * PouchDB's changes options from CouchDB's query; design-document filters and views are not supported here.
 * A selector is compiled by our own bounded Mango evaluator and handed to the store as a plain filter function,
 * never as `selector` (PouchDB's own matcher runs `$regex` and multiplies `$or` branches inside `$and`).
 */
function feedOptions(q: ReturnType<typeof parseQuery<typeof changesQuery>>, body: z.infer<typeof changesBody>, budget: EvalBudget): Json {
  const opts: Json = { return_docs: true };
  for (const k of ['include_docs', 'conflicts', 'attachments', 'descending', 'style'] as const) if (q[k] !== undefined) opts[k] = q[k];
  if (q.filter === '_doc_ids') {
    const ids = body?.doc_ids ?? q.doc_ids;
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw badRequest('filter=_doc_ids needs doc_ids, a JSON array of strings');
    opts.doc_ids = ids;
  } else if (q.filter === '_selector') {
    if (body?.selector === undefined) throw badRequest('Selector must be specified in POST payload');
    opts.filter = compileSelector(body.selector, budget);
    // SQLite stores decide most rows of a pull pass's feed from the stored text, without decoding the body.
    const fromText = selectorTextFilter(body.selector);
    if (fromText) opts.textFilter = fromText;
  } else if (q.filter === '_design') {
    opts.filter = (doc: Json) => typeof doc._id === 'string' && doc._id.startsWith('_design/');
  } else if (q.filter === '_view') {
    if (!q.view) throw badRequest('`view` filter parameter is not provided.');
    throw notFound('view filters are not supported by the embedded server (use _doc_ids or _selector)');
  } else if (q.filter !== undefined) {
    throw notFound(`filter ${q.filter} is not supported by the embedded server (use _doc_ids or _selector)`);
  }
  return opts;
}

async function sinceOf(store: Store, since: 'now' | number | undefined): Promise<number | string> {
  if (since === 'now') return (await store.info()).update_seq;
  return since ?? 0;
}

export async function changes(ctx: ServerContext, dbName: string, request: FastifyRequest, reply: FastifyReply) {
  const handle = memberListing(ctx, dbName, userOf(request));
  const q = parseQuery(changesQuery, request.query);
  const body = request.method === 'POST' ? parseBody(changesBody, request.body, '_changes') : undefined;
  const budget = new EvalBudget(ctx.evalBudget);
  // The store reports a filter that gave up as "Filter function threw"; the client should hear why.
  const failure = (err: unknown) => (budget.exceeded ? timeoutError() : err);
  const opts = feedOptions(q, body, budget);
  const since = await sinceOf(handle.store, q.since);
  const feed = q.feed ?? 'normal';
  const heartbeatMs = q.heartbeat === 'true' ? 60_000 : q.heartbeat;
  const waitMs = Math.min(q.timeout ?? MAX_WAIT_MS, MAX_WAIT_MS);

  if (feed === 'continuous') return continuous(handle.store, { ...opts, since, limit: q.limit }, request, reply, heartbeatMs, waitMs);

  const now = await handle.store.changes({ ...opts, since, ...(q.limit !== undefined ? { limit: q.limit } : {}) }).catch((err) => {
    throw failure(err);
  });
  if (feed === 'normal' || now.results.length > 0 || q.descending) return { results: now.results, last_seq: now.last_seq, pending: 0 };

  return longpoll(handle.store, opts, since, q.limit, reply, heartbeatMs, waitMs, failure);
}

/** Waits for the first change after `since`, then answers with everything new, as CouchDB's longpoll does. */
async function longpoll(
  store: Store,
  opts: Json,
  since: number | string,
  limit: number | undefined,
  reply: FastifyReply,
  heartbeatMs: number | undefined,
  waitMs: number,
  failure: (err: unknown) => unknown,
) {
  // Heartbeats mean writing before the answer is known, so the response is taken out of fastify's hands.
  if (heartbeatMs) {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'must-revalidate' });
  }
  const waiting = new Promise<{ results: Json[]; last_seq: number | string }>((resolve, reject) => {
    let done = false;
    let live: ChangesFeed | null = null;
    const timers: NodeJS.Timeout[] = [];
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      timers.forEach((t) => clearTimeout(t));
      live?.cancel();
      fn();
    };
    timers.push(setTimeout(() => finish(() => resolve({ results: [], last_seq: since })), waitMs));
    if (heartbeatMs) {
      const beat = () => {
        if (done) return;
        reply.raw.write('\n');
        timers.push(setTimeout(beat, heartbeatMs));
      };
      timers.push(setTimeout(beat, heartbeatMs));
    }
    reply.raw.on('close', () => finish(() => resolve({ results: [], last_seq: since })));
    live = store.changes({ ...opts, since, live: true, return_docs: false });
    live.on('change', () =>
      finish(() => {
        store
          .changes({ ...opts, since, ...(limit !== undefined ? { limit } : {}) })
          .then((r) => resolve({ results: r.results, last_seq: r.last_seq }), reject);
      }),
    );
    live.on('error', (err) => finish(() => reject(err)));
  });
  let answer: Json;
  try {
    answer = { ...(await waiting), pending: 0 };
  } catch (err) {
    if (!heartbeatMs) throw failure(err);
    // The 200 and heartbeats are already out: the error can only travel as the body.
    answer = errorBody(toCouchError(failure(err)));
  }
  if (!heartbeatMs) return answer;
  if (!reply.raw.destroyed) reply.raw.end(JSON.stringify(answer) + '\n');
  return reply;
}

function continuous(
  store: Store,
  opts: Json,
  request: FastifyRequest,
  reply: FastifyReply,
  heartbeatMs: number | undefined,
  waitMs: number,
) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'must-revalidate' });
  let lastSeq: unknown = opts.since;
  let sent = 0;
  let idle: NodeJS.Timeout | null = null;
  let beat: NodeJS.Timeout | null = null;
  const limit = typeof opts.limit === 'number' ? opts.limit : Infinity;
  const liveOpts: Json = { ...opts, live: true, return_docs: false };
  delete liveOpts.limit;
  const feed = store.changes(liveOpts);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    feed.cancel();
    if (idle) clearTimeout(idle);
    if (beat) clearInterval(beat);
    if (!res.destroyed) res.end(JSON.stringify({ last_seq: lastSeq }) + '\n');
  };
  // Without a heartbeat the feed closes after `timeout` of silence; with one it stays open until the client leaves.
  const armIdle = () => {
    if (heartbeatMs) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(end, waitMs);
  };
  if (heartbeatMs) beat = setInterval(() => res.write('\n'), heartbeatMs);
  armIdle();
  feed.on('change', (change) => {
    if (ended) return;
    lastSeq = change.seq;
    res.write(JSON.stringify(change) + '\n');
    armIdle();
    if (++sent >= limit) end();
  });
  feed.on('error', end);
  reply.raw.on('close', end);
  return reply;
}
