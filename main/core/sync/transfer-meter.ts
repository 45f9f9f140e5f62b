import { fetch as pouchFetch, type NodeFetchResponse } from 'pouchdb-fetch';

/** Payload bytes that crossed the link, both ways, since the meter was created or last reset. */
export interface TransferCounts {
  bytesSent: number;
  bytesReceived: number;
  requests: number;
}

function bodyBytes(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  return 0;
}

/**
 * A `fetch` for PouchDB's http adapter that counts request and response body bytes. It wraps the adapter's own
 * fetch (node-fetch + cookies), so replication behaves exactly as without it; only the reading methods of the
 * response are intercepted, which is where the bytes are known.
 */
export class TransferMeter {
  private counts: TransferCounts = { bytesSent: 0, bytesReceived: 0, requests: 0 };

  readonly fetch = async (url: string, init: Record<string, unknown> = {}): Promise<NodeFetchResponse> => {
    this.counts.requests++;
    this.counts.bytesSent += bodyBytes(init.body);
    const res = await pouchFetch(url, init);
    const add = (n: number) => {
      this.counts.bytesReceived += n;
    };
    return new Proxy(res, {
      get(target, prop) {
        if (prop === 'json') {
          return async () => {
            const text = await target.text();
            add(Buffer.byteLength(text));
            return JSON.parse(text) as unknown;
          };
        }
        if (prop === 'text') {
          return async () => {
            const text = await target.text();
            add(Buffer.byteLength(text));
            return text;
          };
        }
        if (prop === 'buffer') {
          return async () => {
            const buf = await target.buffer();
            add(buf.length);
            return buf;
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };

  snapshot(): TransferCounts {
    return { ...this.counts };
  }
}
