import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Databases } from './databases';
import { isAllowedHost } from '../domain/net/host-header';
import { badRequest, errorBody, toCouchError } from './errors';
import { registerEncoding } from './http/encoding';
import { assertShallowJson } from './http/json';
import { DEFAULT_BUDGET } from './query/budget';
import type { BudgetLimits } from './query/budget';
import { createStorage } from './storage';
import { DEFAULT_ITERATIONS, hashPassword } from './auth/pbkdf2';
import { resolveUser } from './auth/context';
import { ADMIN_ONLY } from './auth/security';
import { USERS_DB, Users } from './auth/users';
import type { ServerContext } from './routes/context';
import { admitBody, tooLarge } from './routes/body-gate';
import { registerDispatch } from './routes/dispatch';
import { registerServerInfo } from './routes/server-info';
import { registerSession } from './routes/session';

export interface SyncServerOptions {
  /** Folder holding one SQLite file per database plus `server.json` (uuid and cookie secret). */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The server admin; without one nobody can create databases or users. */
  admin?: { name: string; password: string } | null;
  logger?: boolean | FastifyBaseLogger;
  /** `memory` is for development only: nothing survives a restart. */
  storage?: 'sqlite' | 'memory';
  pbkdf2Iterations?: number;
  sessionTimeoutSeconds?: number;
  /** Largest accepted request body after inflating, in bytes. */
  bodyLimit?: number;
  /**
   * Host names (or `*.suffix` wildcards) this server answers besides IP literals and localhost, e.g. the name a
   * reverse proxy forwards; anything else is refused against DNS rebinding. `jingwei server`: JINGWEI_ALLOWED_HOSTS.
   */
  allowedHosts?: string[];
  /** Limits on evaluating client-supplied selectors; tests lower them. */
  evalBudget?: Partial<BudgetLimits>;
}

export interface SyncServer {
  url: string;
  app: FastifyInstance;
  databases: Databases;
  close(): Promise<void>;
}

const serverState = z.object({ uuid: z.string().regex(/^[0-9a-f]{32}$/), secret: z.string().min(32) });

/** The server's identity and cookie secret persist so replication ids and sessions survive restarts. */
function loadState(dataDir: string): z.infer<typeof serverState> {
  const file = join(dataDir, 'server.json');
  if (existsSync(file)) {
    const parsed = serverState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  const state = { uuid: randomUUID().replace(/-/g, ''), secret: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}

function isAttachmentPath(url: string): boolean {
  const segments = (url.split('?')[0] ?? '').split('/').filter(Boolean);
  if (segments[1] === '_local') return false;
  return segments[1] === '_design' ? segments.length >= 4 : segments.length >= 3;
}

export async function createSyncServer(opts: SyncServerOptions): Promise<SyncServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const state = loadState(opts.dataDir);
  const dbs = new Databases(createStorage(opts.storage ?? 'sqlite', opts.dataDir));
  await dbs.init();
  if (!dbs.get(USERS_DB)) await dbs.create(USERS_DB, ADMIN_ONLY);

  const iterations = opts.pbkdf2Iterations ?? DEFAULT_ITERATIONS;
  const admin = opts.admin ? { name: opts.admin.name, password: await hashPassword(opts.admin.password, iterations) } : null;
  const users = new Users(() => dbs.require(USERS_DB).store, admin, iterations);
  const bodyLimit = opts.bodyLimit ?? 256 * 1024 * 1024;
  const ctx: ServerContext = {
    dbs,
    auth: { users, secret: state.secret, sessionTimeoutSeconds: opts.sessionTimeoutSeconds ?? 600 },
    uuid: state.uuid,
    version: '3.3.3',
    bodyLimit,
    evalBudget: { ...DEFAULT_BUDGET, ...opts.evalBudget },
  };

  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 1000 },
  });

  app.removeAllContentTypeParsers();
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(null, undefined);
    // PouchDB labels an attachment without a content type as JSON; its bytes are the attachment, not a document.
    if (request.method === 'PUT' && isAttachmentPath(request.url)) return done(null, bytes);
    const text = bytes.toString('utf8');
    try {
      assertShallowJson(text);
    } catch (err) {
      return done(err as Error, undefined);
    }
    jsonParser(request, text, done);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Attachments, multipart documents and clients that mislabel JSON: keep the bytes, the route decides.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  registerEncoding(app, tooLarge);
  app.decorateRequest('userCtx', null as never);
  app.decorateRequest('authVia', null);
  const allowedHosts = opts.allowedHosts ?? [];
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, allowedHosts)) throw badRequest(`Host ${request.headers.host ?? ''} is not served here.`);
    const resolved = await resolveUser(ctx.auth, request, reply);
    request.userCtx = resolved.user;
    request.authVia = resolved.via;
    request.bodyAllowance = admitBody(ctx, request);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('server', 'CouchDB/3.3.3 (Jingwei)');
    if (!reply.getHeader('content-type')) reply.type('application/json');
    return payload;
  });
  app.setErrorHandler((err, request, reply) => {
    const e = toCouchError(err);
    if (e.status >= 500) request.log.error(err);
    if (e.status === 401 && !request.headers.authorization) reply.header('www-authenticate', 'Basic realm="jingwei"');
    // A body refused unread is not drained: the connection closes instead.
    if (!request.raw.complete) reply.header('connection', 'close');
    reply.code(e.status).type('application/json').send(errorBody(e));
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).type('application/json').send({ error: 'not_found', reason: 'missing' });
  });

  registerServerInfo(app, ctx);
  registerSession(app, ctx);
  registerDispatch(app, ctx);

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  return {
    url: address.replace('[::1]', 'localhost'),
    app,
    databases: dbs,
    async close() {
      await app.close();
      await dbs.close();
    },
  };
}
