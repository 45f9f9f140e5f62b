import { randomBytes } from 'node:crypto';
import { badRequest } from '../errors';
import { parseRequestJson } from './json';

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Splits a buffered multipart body (RFC 2046) into parts; CouchDB's multipart/related document uploads use it. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('multipart part without headers end');
    const next = body.indexOf(`\r\n--${boundary}`, headerEnd + 4);
    if (next < 0) throw badRequest('multipart body not terminated');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: body.subarray(headerEnd + 4, next) });
    pos = next + 2;
  }
  return parts;
}

/**
 * Turns a CouchDB multipart/related document upload into a plain document: attachments marked `follows` get their
 * bytes from the following parts, matched by the part's filename when given, else in order.
 */
export function documentFromMultipart(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw badRequest('multipart request without boundary');
  const [first, ...rest] = parseMultipart(body, boundary);
  if (!first) throw badRequest('multipart request without a document part');
  const doc = parseRequestJson(first.body.toString('utf8')) as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('document part must be a JSON object');
  const atts = (doc._attachments ?? {}) as Record<string, Record<string, unknown>>;
  const following = Object.keys(atts).filter((name) => atts[name]?.follows === true);
  const byName = new Map<string, Part>();
  const unnamed: Part[] = [];
  for (const part of rest) {
    const m = /filename="([^"]*)"/.exec(part.headers['content-disposition'] ?? '');
    if (m?.[1] !== undefined) byName.set(m[1], part);
    else unnamed.push(part);
  }
  for (const name of following) {
    const part = byName.get(name) ?? unnamed.shift();
    if (!part) throw badRequest(`attachment ${name} is marked follows but its part is missing`);
    const att = { ...atts[name] };
    delete att.follows;
    delete att.length;
    delete att.encoded_length;
    delete att.encoding;
    att.data = part.body.toString('base64');
    att.content_type ??= part.headers['content-type'] ?? 'application/octet-stream';
    atts[name] = att;
  }
  return doc;
}

/** A multipart/mixed answer with one JSON part per revision, as CouchDB's replicator asks for open_revs. */
export function multipartMixed(jsonParts: unknown[]): { contentType: string; body: Buffer } {
  const boundary = randomBytes(16).toString('hex');
  const text = jsonParts.map((part) => `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(part)}\r\n`).join('');
  return { contentType: `multipart/mixed; boundary="${boundary}"`, body: Buffer.from(`${text}--${boundary}--`) };
}
