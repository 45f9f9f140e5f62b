import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { isAllowedHost } from '../../domain/net/host-header';
import { isPublicEvent } from '../core/api/contract';
import { apiError } from '../core/api/dispatch';
import { LAN_METHODS } from '../core/queue/queue.contract';
import { ERROR_STATUS } from '../core/api/errors';
import type { CallResult, EventMessage } from '../core/api/transport';
import type { Core } from '../core/core';
import { contentSecurityPolicy } from './csp';

/** Request header the renderer's client sends to get refusals as 200 + envelope; the status comes back in STATUS_HEADER. */
export const RESULT_HEADER = 'x-jingwei-result';
export const STATUS_HEADER = 'x-jingwei-status';

export interface BranchHostOptions {
  core: Core;
  /** 127.0.0.1 by default; the queue device sets its LAN address so counters and the hall display can reach it. */
  host?: string;
  port?: number;
  /**
   * Host names (or `*.suffix` wildcards) answered besides IP literals, localhost, this machine's name and `host`;
   * any other Host header is refused against DNS rebinding. `jingwei branch`: JINGWEI_ALLOWED_HOSTS.
   */
  allowedHosts?: string[];
  /** The renderer build to serve; without it only the API is served. */
  staticDir?: string;
  log?: boolean;
  /**
   * The queue device's face on the branch LAN: HTTPS only, with its certificate from the branch CA (core/lan), and
   * only the queue's LAN API (LAN_METHODS) and public events. Without it the whole API is served over plain HTTP,
   * which only a loopback address may do (the browser mode on one PC, the tests).
   */
  lan?: {
    key: string;
    cert: string;
    /**
     * What this listener answers and the refusal's key for the rest (default: the queue's LAN API). The desk's tablet
     * face (`jingwei branch --tablet`) answers only the tablet's signing methods.
     */
    methods?: readonly string[];
    refusal?: string;
  };
}

export interface BranchHost {
  url: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

const methodParam = z.object({ method: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/).max(80) });
const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7) : undefined);

/** Addresses only this PC can reach: the one place plain HTTP and the whole API may be served. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/** HTTP + server-sent-events face of the core, for the browser mode, the branch LAN and the tests. */
export async function startBranchHost(opts: BranchHostOptions): Promise<BranchHost> {
  const { core, lan } = opts;
  const listenOn = opts.host ?? '127.0.0.1';
  if (!lan && !isLoopback(listenOn)) throw new Error(`${listenOn} is not a loopback address: the branch LAN is served over TLS with the queue-only API (lan)`);
  const server = Fastify({ logger: opts.log ?? false, bodyLimit: 25 * 1024 * 1024, ...(lan ? { https: { key: lan.key, cert: lan.cert, minVersion: 'TLSv1.2' as const } } : {}) });
  const sseClients = new Set<{ send: (e: EventMessage) => void; close: () => void }>();

  const allowedHosts = [...(opts.allowedHosts ?? []), hostname(), ...(opts.host ? [opts.host] : [])];
  // A page on a rebinding name (evil.example → 127.0.0.1) reaches us from the teller's own browser; its Host gives it away.
  server.addHook('onRequest', async (req, reply) => {
    if (isAllowedHost(req.headers.host, allowedHosts)) return;
    const result: CallResult = {
      ok: false,
      error: { code: 'BAD_REQUEST', key: 'error.BAD_REQUEST', params: { reason: `Host ${req.headers.host ?? ''}` }, message: `请求的主机名不被本机接受：${req.headers.host ?? ''}` },
    };
    return reply.status(400).header('connection', 'close').send(result);
  });

  server.addHook('onSend', async (_req, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy());
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
  });

  // A malformed body must come back as the same error shape as every other refusal, never as a crash.
  server.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const result: CallResult = {
      ok: false,
      error: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL', key: 'error.BAD_REQUEST', params: { reason: error.message }, message: `请求格式不正确：${error.message}` },
    };
    void reply.status(status).send(result);
  });

  server.post('/api/:method', async (req, reply) => {
    const params = methodParam.safeParse(req.params);
    if (!params.success) {
      return reply.status(404).send({ ok: false, error: { code: 'NOT_FOUND', key: 'error.unknownMethod', message: '未知的操作' } });
    }
    if (lan && !(lan.methods ?? LAN_METHODS).includes(params.data.method)) {
      const refused: CallResult = { ok: false, error: apiError('FORBIDDEN', lan.refusal ?? 'queue.error.lanQueueOnly', { method: params.data.method }).body };
      return reply.status(403).send(refused);
    }
    const result = await core.call({ method: params.data.method, args: req.body ?? {}, token: bearer(req.headers.authorization), address: req.ip });
    // Answers carry customer data and session tokens: no browser or proxy may keep a copy.
    void reply.header('Cache-Control', 'no-store');
    const status = result.ok ? 200 : ERROR_STATUS[result.error.code];
    // The desk's own client asks for refusals inside a 200 answer (the status in a header): a browser logs every 4xx
    // as "Failed to load resource" in the console, which is noise for an expected "ID already on file". Every
    // other client gets the HTTP status itself.
    if (req.headers[RESULT_HEADER] === 'envelope') return reply.status(200).header(STATUS_HEADER, String(status)).send(result);
    return reply.status(status).send(result);
  });

  server.get('/api/events', async (req, reply) => {
    const token = z.object({ token: z.string().max(200).optional() }).parse(req.query).token;
    // On the LAN only the public events go out: no staff session is ever opened there (counter sessions are queue-only).
    const authenticated = !lan && token ? (await core.call({ method: 'session.me', args: {}, token })).ok : false;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(`retry: 2000\n: ${authenticated ? 'staff' : 'public'}\n\n`);
    const client = {
      // A staff stream lasts only as long as its session: after logout or expiry it carries public events only.
      send: (e: EventMessage) => {
        if (isPublicEvent(e.name) || (authenticated && core.sessionActive(token!))) res.write(`data: ${JSON.stringify(e)}\n\n`);
      },
      close: () => res.end(),
    };
    sseClients.add(client);
    // Comments keep idle connections alive through proxies and let both ends notice a dead LAN link.
    const heartbeat = setInterval(() => res.write(': hb\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      sseClients.delete(client);
    });
  });

  const unsubscribe = core.onEvent((e) => {
    for (const c of sseClients) c.send(e);
  });

  if (opts.staticDir && existsSync(resolve(opts.staticDir, 'index.html'))) {
    await server.register(fastifyStatic, { root: resolve(opts.staticDir), index: ['index.html'] });
  } else {
    server.get('/', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>界面尚未构建：请先运行 <code>npm run build</code>。The renderer is not built: run <code>npm run build</code>.</p>'),
    );
  }

  const address = await server.listen({ host: listenOn, port: opts.port ?? 0 });
  const port = new URL(address).port;
  const shownHost = listenOn.includes(':') ? `[${listenOn}]` : listenOn;
  return {
    url: `${lan ? 'https' : 'http'}://${shownHost}:${port}/`,
    server,
    async close() {
      unsubscribe();
      for (const c of sseClients) c.close();
      await server.close();
    },
  };
}
