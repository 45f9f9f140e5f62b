import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { REVOKED_ROLE } from '../../../../domain/devices/enrolment';
import { DeviceRevokedError, HttpError, NetworkError } from './errors';
import { WireMeter } from './wire-meter';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
/** zlib's typings want a plain Uint8Array view of a Buffer. */
const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** Below this a gzip header and the CPU cost outweigh the saving. */
const MIN_GZIP_BYTES = 1024;
/** Exchanges up to this size both ways time the round trip (see CouchHttpOptions.localLinkMs). */
const SMALL_EXCHANGE = 2048;
/** Small exchanges seen before the link may count as local. */
const LOCAL_SAMPLES = 2;
/** The local-link bound for a server on a loopback address (see CouchHttpOptions.localLinkMs). */
const LOOPBACK_LINK_MS = 5;
const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
/** A reply larger than this is refused rather than buffered (a batch is a few MB at most). */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface Credentials {
  username: string;
  password: string;
}

export interface CouchHttpOptions {
  /** The database URL without credentials, e.g. https://hq.example/branch-hm01. */
  dbUrl: string;
  auth?: Credentials;
  /**
   * Gzip request bodies: `auto` (default) asks the server once with a small compressed request and compresses
   * only if it understood it; Apache CouchDB versions differ here, so nothing is assumed.
   */
  gzip?: 'auto' | boolean;
  /** A connection with no byte in either direction for this long is given up as dead (a silent link). */
  idleTimeoutMs?: number;
  /** Connections kept open to the server; requests beyond it queue. */
  maxSockets?: number;
  /**
   * A server whose quickest small exchange took less than this (ms) is on the same machine or LAN: there
   * compressing costs both sides more CPU than the bytes it saves take to send, so bodies go plain both ways.
   * Measured, not guessed from the address alone: a link simulator or a tunnel to a distant head office listens
   * on 127.0.0.1 too. Default 1 ms, and 5 ms for a loopback address (a busy machine answers itself in a few ms,
   * the weak links simulated here take ≥ 10 ms); 0 always compresses.
   */
  localLinkMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (serialised here, gzipped when the server accepts it). */
  json?: unknown;
  /** A raw body (multipart documents, attachments), sent as is. */
  body?: Buffer;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Told the size of the body as it will go on the wire (after gzip), before it is sent. */
  onBody?(bytes: number): void;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

type Phase = 'unknown' | 'probing' | 'yes' | 'no';

/** `JINGWEI_SYNC_TRACE=1`: one line per request on stderr (start, duration, bytes), for IT looking at a weak link. */
const trace = process.env.JINGWEI_SYNC_TRACE === '1' ? (line: string) => process.stderr.write(`[sync] ${line}\n`) : null;

/** The server (or a proxy in front of it) did not understand a compressed body. */
const refusedGzip = (reply: HttpReply) =>
  reply.status === 415 || (reply.status === 400 && /gzip|encoding/i.test(reply.body.toString('utf8')) && !HttpError.from(400, reply.body, '').garbled);

/**
 * The one HTTP client of sync: a CouchDB database over keep-alive connections, so a 300 ms line pays its
 * handshake once, not per request. Bodies are gzipped both ways where the server accepts it (not over a local link,
 * see CouchHttpOptions.localLinkMs); replies are inflated off the main thread (zlib's pool). It logs in with `POST /_session` and sends the cookie, as CouchDB's own
 * replicator does, so the server checks the password once rather than hashing it for every request; servers
 * without sessions get HTTP basic. Every failure becomes an `HttpError` (the server answered) or a `NetworkError`
 * (it did not) — nothing escapes as an unhandled event.
 */
export class CouchHttp {
  readonly dbUrl: string;
  readonly serverUrl: string;
  readonly meter = new WireMeter();
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly idleTimeoutMs: number;
  private gzipPhase: Phase;
  private gzipProbe: Promise<void> | null = null;
  private inconclusiveProbesLeft = 3;
  private cookie: string | null = null;
  private loggingIn: Promise<void> | null = null;
  private sessionsSupported = true;
  private closed = false;
  private readonly localLinkMs: number;
  /** Quickest small exchange so far (ms) and how many were timed. */
  private quickest = Infinity;
  private timedExchanges = 0;

  constructor(private readonly opts: CouchHttpOptions) {
    const url = new URL(opts.dbUrl);
    if (url.username || url.password) throw new Error('credentials belong in `auth`, not in the URL');
    this.dbUrl = url.toString().replace(/\/+$/, '');
    url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '/');
    this.serverUrl = url.toString().replace(/\/+$/, '');
    this.transport = url.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 4, scheduling: 'lifo' });
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 90_000;
    this.gzipPhase = opts.gzip === true ? 'yes' : opts.gzip === false ? 'no' : 'unknown';
    const localLinkMs = opts.localLinkMs ?? 1;
    this.localLinkMs = localLinkMs > 0 && isLoopback(url.hostname) ? Math.max(localLinkMs, LOOPBACK_LINK_MS) : localLinkMs;
  }

  /** The server answered small requests within `localLinkMs`: nothing gained by compressing (see the option). */
  get localLink(): boolean {
    return this.timedExchanges >= LOCAL_SAMPLES && this.quickest < this.localLinkMs;
  }

  /** Whether request bodies are being compressed (after the first probe). */
  get gzipRequests(): boolean {
    return this.gzipPhase === 'yes';
  }

  /** A request relative to the database (`''`, `/_changes`, `/doc%2Fid`); `absolute` paths start at the server root. */
  async request(method: string, path: string, opts: RequestOptions = {}, absolute = false): Promise<HttpReply> {
    if (this.closed) throw new NetworkError('closed', 'the sync client was closed');
    if (this.opts.auth && this.sessionsSupported && !this.cookie) await this.ensureSession(opts.signal);
    let reply = await this.send(method, path, opts, absolute);
    if (reply.status === 401 && this.cookie) {
      // The session expired or the server restarted with a new secret: log in again once.
      this.cookie = null;
      await this.ensureSession(opts.signal);
      reply = await this.send(method, path, opts, absolute);
    }
    // Refused by a database this device used to reach: a revocation shows in the session's roles.
    if (reply.status === 403 && this.opts.auth && this.sessionsSupported) await this.assertNotRevoked(opts.signal);
    return reply;
  }

  /** JSON in, JSON out; a non-2xx answer throws `HttpError` with CouchDB's `error`/`reason`. */
  async json<T>(method: string, path: string, opts: RequestOptions = {}, absolute = false): Promise<T> {
    const reply = await this.request(method, path, { accept: 'application/json', ...opts }, absolute);
    if (reply.status >= 400) throw HttpError.from(reply.status, reply.body, `${method} ${path || '/'}`);
    try {
      return JSON.parse(reply.body.toString('utf8')) as T;
    } catch {
      throw new HttpError(reply.status, 'bad_response', `${method} ${path || '/'}: the server's answer is not JSON`);
    }
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  /**
   * What another thread needs to open its own client to the same database (replica-thread.ts): the same options,
   * with what this client already learnt about gzip, so the twin does not probe again.
   */
  twinOptions(): CouchHttpOptions {
    const gzip = this.gzipPhase === 'yes' ? true : this.gzipPhase === 'no' ? false : this.opts.gzip;
    return { ...this.opts, ...(gzip === undefined ? {} : { gzip }) };
  }

  /** Logs in now rather than with the first request (a no-op without credentials or once logged in). */
  async login(signal?: AbortSignal): Promise<void> {
    if (this.opts.auth && this.sessionsSupported && !this.cookie) await this.ensureSession(signal);
  }

  /** Finds out now whether request bodies may be compressed, instead of holding up the first large request. */
  async negotiateGzip(signal?: AbortSignal): Promise<void> {
    await this.maybeProbeGzip(signal);
  }

  private async ensureSession(signal?: AbortSignal): Promise<void> {
    this.loggingIn ??= (async () => {
      const { username, password } = this.opts.auth!;
      const reply = await this.send('POST', '/_session', { json: { name: username, password }, signal, accept: 'application/json' }, true, false);
      if (reply.status === 404 || reply.status === 405 || reply.status === 501) {
        this.sessionsSupported = false;
        return;
      }
      if (reply.status >= 400) throw HttpError.from(reply.status, reply.body, 'POST /_session');
      if (!this.cookie) this.sessionsSupported = false;
      if (rolesOf(reply.body).includes(REVOKED_ROLE)) {
        this.cookie = null;
        throw new DeviceRevokedError();
      }
    })().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async assertNotRevoked(signal?: AbortSignal): Promise<void> {
    const reply = await this.send('GET', '/_session', { signal, accept: 'application/json' }, true);
    const ctx = (parseJson(reply.body) as { userCtx?: { roles?: unknown } } | null)?.userCtx;
    if (Array.isArray(ctx?.roles) && ctx.roles.includes(REVOKED_ROLE)) throw new DeviceRevokedError();
  }

  private async maybeProbeGzip(signal?: AbortSignal): Promise<void> {
    if (this.gzipPhase !== 'unknown') return this.gzipProbe ?? undefined;
    this.gzipPhase = 'probing';
    this.gzipProbe = (async () => {
      // A harmless request whose answer proves the server inflated the body: it echoes the id back.
      const probe = { 'jingwei-gzip-probe': ['1-00000000000000000000000000000000'] };
      const body = await gzipAsync(view(Buffer.from(JSON.stringify(probe))));
      try {
        const reply = await this.send('POST', '/_revs_diff', { body, contentType: 'application/json', signal }, false, true, 'gzip');
        if (reply.status < 300) {
          let answer: unknown = null;
          try {
            answer = JSON.parse(reply.body.toString('utf8'));
          } catch {
            // Not JSON: not a server that understood the body.
          }
          this.gzipPhase = answer && typeof answer === 'object' && 'jingwei-gzip-probe' in answer ? 'yes' : 'no';
        } else {
          // 400/415: it could not read the body. Anything else (a missing database, a login problem) says nothing
          // about gzip; the question is asked again later.
          this.gzipPhase = reply.status === 400 || reply.status === 415 || --this.inconclusiveProbesLeft <= 0 ? 'no' : 'unknown';
        }
      } catch (e) {
        // Unknown yet (the link dropped): ask again with the next request.
        this.gzipPhase = 'unknown';
        throw e;
      } finally {
        this.gzipProbe = null;
      }
    })();
    return this.gzipProbe;
  }

  private async send(
    method: string,
    path: string,
    opts: RequestOptions,
    absolute: boolean,
    withAuth = true,
    encoding?: 'gzip',
  ): Promise<HttpReply> {
    // Cancelled while it waited its turn: nothing was sent, so nothing is counted as spent.
    if (opts.signal?.aborted) throw new NetworkError('aborted', 'the request was cancelled');
    let body = opts.body;
    let contentType = opts.contentType;
    let contentEncoding = encoding;
    if (opts.json !== undefined) {
      body = Buffer.from(JSON.stringify(opts.json));
      contentType ??= 'application/json';
      if (body.length >= MIN_GZIP_BYTES && this.gzipPhase !== 'no' && !this.localLink) {
        await this.maybeProbeGzip(opts.signal);
        if (this.gzipPhase === 'yes') {
          body = await gzipAsync(view(body));
          contentEncoding = 'gzip';
        }
      }
    }
    const url = new URL((absolute ? this.serverUrl : this.dbUrl) + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json', 'accept-encoding': this.localLink ? 'identity' : 'gzip' };
    if (contentType) headers['content-type'] = contentType;
    if (contentEncoding) headers['content-encoding'] = contentEncoding;
    if (body) headers['content-length'] = String(body.length);
    if (withAuth && this.opts.auth) {
      if (this.cookie) headers.cookie = this.cookie;
      else headers.authorization = 'Basic ' + Buffer.from(`${this.opts.auth.username}:${this.opts.auth.password}`).toString('base64');
    }
    const sentBytes = body?.length ?? 0;
    opts.onBody?.(sentBytes);
    this.meter.started(sentBytes);
    const t0 = performance.now();
    let unsent = false;
    try {
      const reply = await this.exchange(method, url, headers, body, opts.signal, () => (unsent = true));
      this.meter.finished(reply.wireBytes);
      if (sentBytes <= SMALL_EXCHANGE && reply.wireBytes <= SMALL_EXCHANGE && reply.status < 500) {
        this.quickest = Math.min(this.quickest, performance.now() - t0);
        this.timedExchanges++;
      }
      trace?.(`${(t0 / 1000).toFixed(3)} +${((performance.now() - t0) / 1000).toFixed(3)} ${method} ${url.pathname} up ${sentBytes} down ${reply.wireBytes} ${reply.status}`);
      this.keepCookie(reply.headers['set-cookie']);
      if (contentEncoding === 'gzip' && !encoding && refusedGzip(reply)) {
        // A server that stopped understanding compressed bodies (a proxy in between changed): stop compressing.
        this.gzipPhase = 'no';
        return this.send(method, path, opts, absolute, withAuth);
      }
      return reply;
    } catch (e) {
      this.meter.failed(sentBytes, unsent);
      trace?.(`${(t0 / 1000).toFixed(3)} +${((performance.now() - t0) / 1000).toFixed(3)} ${method} ${url.pathname} up ${sentBytes} FAILED ${(e as Error).message}`);
      throw e;
    }
  }

  private keepCookie(setCookie: string[] | undefined): void {
    for (const c of setCookie ?? []) {
      const m = /^AuthSession=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] ? `AuthSession=${m[1]}` : null;
    }
  }

  private exchange(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal: AbortSignal | undefined,
    onUnsent: () => void,
  ): Promise<HttpReply & { wireBytes: number }> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        onUnsent();
        return reject(new NetworkError('aborted', 'the request was cancelled'));
      }
      let settled = false;
      // Bytes the connection had written before this request: a request that failed without adding any (cancelled
      // while it waited for a connection) cost the link nothing.
      let writtenBefore: number | null = null;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        if (writtenBefore === null || (req.socket?.bytesWritten ?? writtenBefore) === writtenBefore) onUnsent();
        signal?.removeEventListener('abort', onAbort);
        req.destroy();
        reject(e);
      };
      const onAbort = () => fail(new NetworkError('aborted', 'the request was cancelled'));
      const req = this.transport.request(url, { method, headers, agent: this.agent });
      req.once('socket', (socket) => (writtenBefore = socket.bytesWritten));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.setTimeout(this.idleTimeoutMs, () => fail(new NetworkError('ETIMEDOUT', `no answer from ${url.host} for ${this.idleTimeoutMs / 1000} s`)));
      req.on('error', (e: NodeJS.ErrnoException) => fail(NetworkError.from(e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) fail(new NetworkError('too-large', `the answer of ${url.pathname} exceeds ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(NetworkError.from(e)));
        res.on('aborted', () => fail(new NetworkError('ECONNRESET', 'the connection was cut during the answer')));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new NetworkError('ECONNRESET', 'the connection was cut during the answer'));
          const raw = Buffer.concat(chunks as Uint8Array[]);
          const inflate = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? '')) ? gunzipAsync(view(raw)) : Promise.resolve(raw);
          inflate.then(
            (data) => {
              if (settled) return;
              settled = true;
              signal?.removeEventListener('abort', onAbort);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, wireBytes: size });
            },
            () => fail(new NetworkError('ECONNRESET', 'the answer arrived truncated (gzip stream incomplete)')),
          );
        });
      });
      req.end(body);
    });
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

/** The roles in `POST /_session`'s answer (`{ok, name, roles}`). */
function rolesOf(body: Buffer): unknown[] {
  const roles = (parseJson(body) as { roles?: unknown } | null)?.roles;
  return Array.isArray(roles) ? roles : [];
}
