import { Readable, Transform } from 'node:stream';
import { gunzip, gunzipSync, gzip, gzipSync, inflate, inflateSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
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
/**
 * Compressed request bodies up to this size are inflated in one call on the request's thread (at most
 * INFLATE_FLOOR + 200 × 32 KB ≈ 7.4 MB of output, a few ms); larger ones on zlib's pool. A streaming inflater
 * (a zlib stream and two transforms per request) cost ~0.2 ms of CPU for a typical push batch, the one-shot call a
 * third to a half of it; every batch a branch pushes is gzipped.
 */
const SYNC_INFLATE_MAX = 32 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** Largest body this request may have once inflated, decided before reading it (0: none expected). */
    bodyAllowance: number;
  }
}

/** Counts what flows through and fails the stream with `413 too_large` past `limit` bytes (a plain body). */
function limiter(limit: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) return done(tooLarge());
      done(null, chunk);
    },
  });
}

/**
 * Reads a compressed request body whole, failing with `413 too_large` past `limit` bytes on the wire; the rest of a
 * refused body is left unread (the error handler closes the connection).
 */
function readEncoded(payload: NodeJS.ReadableStream, limit: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        stop();
        payload.pause();
        return reject(tooLarge());
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.length)), length));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
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
    if (enc === 'identity') return limit < app.initialConfig.bodyLimit! ? payload.pipe(limiter(limit, tooLarge)) : payload;
    if (enc !== 'gzip' && enc !== 'deflate') {
      throw Object.assign(new Error(`unsupported Content-Encoding ${enc}`), { statusCode: 415, error: 'bad_content_type' });
    }
    const encoded = await readEncoded(payload, limit, tooLarge);
    // The output is capped where a streaming check would have stopped: the allowance, and the allowed inflation of
    // the bytes read. zlib stops at the cap (a bomb costs at most that much work), and the answer is 413.
    const maxOutputLength = Math.max(1, Math.min(limit, INFLATE_FLOOR + MAX_INFLATE_RATIO * encoded.length));
    const view = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length);
    let body: Buffer;
    try {
      if (encoded.length <= SYNC_INFLATE_MAX) body = (enc === 'gzip' ? gunzipSync : inflateSync)(view, { maxOutputLength });
      else body = await (enc === 'gzip' ? gunzipAsync : inflateAsync)(view, { maxOutputLength });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
      throw err;
    }
    const inflated = Readable.from([body], { objectMode: false });
    // Fastify compares Content-Length with the bytes received on the wire, not the inflated size.
    Object.defineProperty(inflated, 'receivedEncodedLength', { value: encoded.length });
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
