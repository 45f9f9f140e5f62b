import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CouchDB's AuthSession cookie: base64url("name:TIMEHEX:" + HMAC-SHA256(secret + user salt, "name:TIMEHEX")).
 * Keying the HMAC on the user's salt means a password change ends every session of that user.
 */
export function makeSessionToken(name: string, secret: string, userSalt: string, nowSeconds: number): string {
  const body = `${name}:${Math.floor(nowSeconds).toString(16).toUpperCase()}`;
  const mac = createHmac('sha256', secret + userSalt).update(body).digest();
  return Buffer.concat([new Uint8Array(Buffer.from(body + ':')), new Uint8Array(mac)]).toString('base64url');
}

export interface ParsedToken {
  name: string;
  issuedAt: number;
  raw: Buffer;
}

export function parseSessionToken(token: string): ParsedToken | null {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  const text = raw.toString('latin1');
  const second = text.indexOf(':', text.indexOf(':') + 1);
  if (second < 0) return null;
  const [name, hex] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1, second)];
  if (!name || !/^[0-9A-F]{1,12}$/.test(hex)) return null;
  return { name: Buffer.from(name, 'latin1').toString('utf8'), issuedAt: parseInt(hex, 16), raw };
}

/** Issued no longer than `timeoutSeconds` ago (and not more than a minute ahead of this clock). */
export function sessionTokenCurrent(token: ParsedToken, nowSeconds: number, timeoutSeconds: number): boolean {
  return !(token.issuedAt + timeoutSeconds < nowSeconds || token.issuedAt > nowSeconds + 60);
}

/** The token's MAC is the one this secret and this user's salt give. */
export function sessionTokenSigned(token: ParsedToken, secret: string, userSalt: string): boolean {
  const expected = Buffer.from(makeSessionToken(token.name, secret, userSalt, token.issuedAt), 'base64url');
  return expected.length === token.raw.length && timingSafeEqual(new Uint8Array(expected), new Uint8Array(token.raw));
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
