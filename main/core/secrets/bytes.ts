import { randomBytes } from 'node:crypto';

/**
 * Under TypeScript 6 with @types/node 20, a `Buffer` is no longer assignable to `Uint8Array` /
 * `ArrayBufferView` (its `buffer` may be shared), although at run time it is one. Keys and sealed values are
 * therefore plain `Uint8Array`s; these helpers view Node's Buffers as such without copying.
 */
export const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export const concatBytes = (parts: readonly Buffer[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(bytes(p), off);
    off += p.byteLength;
  }
  return out;
};

export const randomKey = (n: number): Uint8Array => bytes(randomBytes(n));
export const utf8 = (s: string): Uint8Array => bytes(Buffer.from(s, 'utf8'));
export const toBase64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const fromBase64 = (s: string) => bytes(Buffer.from(s, 'base64'));
