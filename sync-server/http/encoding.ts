import { Transform } from 'node:stream';
import { createGunzip, createInflate, gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);
// Below this a gzip header costs more than it saves.
const MIN_COMPRESS = 1024;
/**
 * Replies up to this size are gzipped on the request's own thread. zlib's asynchronous path builds a stream and hops
 * to libuv's pool and back, ~0.2–1 ms of CPU per reply whatever its size — more than deflating a 64 KB reply itself
 * (~0.25 ms): on a `_revs_diff` answer (~7 KB) it tripled the server's cost of the request. Larger replies (a pull's
 * big `_bulk_get`) still go to the pool, so one reply never holds the event loop for long.
 */
const SYNC_COMPRESS_MAX = 128 * 1024;

/** Inflating may grow a body this much (plus {@link INFLATE_FLOOR}); real JSON shrinks 3–20×, a gzip bomb ~1000×. */
export const MAX_INFLATE_RATIO = 200;
const INFLATE_FLOOR = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** Largest body this request may have once inflated, decided before reading it (0: none expected). */
    bodyAllowance: number;
  }
}

/**
 * Counts what flows through and fails the stream with `413 too_large` past `limit` bytes, or past the allowed
 * inflation of `encoded()` bytes read from the wire. Destroying the pipeline stops the inflater too, so a bomb
 * costs the server at most `limit` bytes of work, never its whole expansion.
 */
function limiter(limit: number, encoded: (() => number) | null, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit || (encoded && seen > INFLATE_FLOOR + MAX_INFLATE_RATIO * encoded())) return done(tooLarge());
      done(null, chunk);
    },
  });
}

/**
 * Compressed bodies both ways, because on a 256 kbit/s village link JSON shrinks 3–5×: gzip/deflate request
 * bodies are inflated before parsing (the request's allowance, its inflation ratio and the body limit apply to the
 * inflated size), and buffered responses are gzipped when the client accepts it. Streams (continuous feeds) are
 * left alone so heartbeats are not held back.
 */
export function registerEncoding(app: FastifyInstance, tooLarge: () => Error): void {
  app.decorateRequest('bodyAllowance', 0);
  app.addHook('preParsing', async (request, _reply, payload) => {
    const enc = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
    const limit = request.bodyAllowance;
    if (enc === 'identity') return limit < app.initialConfig.bodyLimit! ? payload.pipe(limiter(limit, null, tooLarge)) : payload;
    if (enc !== 'gzip' && enc !== 'deflate') {
      throw Object.assign(new Error(`unsupported Content-Encoding ${enc}`), { statusCode: 415, error: 'bad_content_type' });
    }
    let encoded = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        encoded += chunk.length;
        done(null, chunk);
      },
    });
    const inflater = enc === 'gzip' ? createGunzip() : createInflate();
    const inflated = payload.pipe(counter).pipe(inflater).pipe(limiter(limit, () => encoded, tooLarge));
    // Fastify compares Content-Length with the bytes received on the wire, not the inflated size.
    Object.defineProperty(inflated, 'receivedEncodedLength', { get: () => encoded });
    const fail = (err: Error) => inflated.destroy(err);
    payload.on('error', fail);
    inflater.on('error', fail);
    inflated.on('error', () => {
      // Stop reading and inflating the moment the body is refused.
      inflater.destroy();
      counter.destroy();
    });
    return inflated;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding') || request.method === 'HEAD') return payload;
    if (!/\bgzip\b/i.test(String(request.headers['accept-encoding'] ?? ''))) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^(image\/(jpeg|png|gif|webp)|video\/|audio\/|application\/(zip|gzip|pdf))/i.test(type)) return payload;
    // Encoded once (no separate UTF-8 length pass over a large, mostly Chinese, reply); zlib takes the bytes.
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (bytes.length < MIN_COMPRESS) return bytes;
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const zipped = bytes.length <= SYNC_COMPRESS_MAX ? gzipSync(view) : await gzipAsync(view);
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'Accept-Encoding');
    reply.removeHeader('content-length');
    return zipped;
  });
}
