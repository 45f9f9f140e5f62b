import { Transform } from 'node:stream';
import { createGunzip, createInflate, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';

const gzipAsync = promisify(gzip);
// Below this a gzip header costs more than it saves.
const MIN_COMPRESS = 1024;

/**
 * Compressed bodies both ways, because on a 256 kbit/s village link JSON shrinks 3–5×: gzip/deflate request
 * bodies are inflated before parsing (the body limit applies to the inflated size), and buffered responses are
 * gzipped when the client accepts it. Streams (continuous feeds) are left alone so heartbeats are not held back.
 */
export function registerEncoding(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const enc = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (enc === 'identity') return payload;
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
    const inflated = payload.pipe(counter).pipe(enc === 'gzip' ? createGunzip() : createInflate());
    // Fastify compares Content-Length with the bytes received on the wire, not the inflated size.
    Object.defineProperty(inflated, 'receivedEncodedLength', { get: () => encoded });
    payload.on('error', (err) => inflated.destroy(err));
    return inflated;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (size < MIN_COMPRESS || reply.getHeader('content-encoding') || request.method === 'HEAD') return payload;
    if (!/\bgzip\b/i.test(String(request.headers['accept-encoding'] ?? ''))) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^(image\/(jpeg|png|gif|webp)|video\/|audio\/|application\/(zip|gzip|pdf))/i.test(type)) return payload;
    const zipped = await gzipAsync(typeof payload === 'string' ? payload : new Uint8Array(payload.buffer, payload.byteOffset, payload.length));
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'Accept-Encoding');
    reply.removeHeader('content-length');
    return zipped;
  });
}
