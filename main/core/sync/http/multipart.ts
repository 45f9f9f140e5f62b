import { randomBytes } from 'node:crypto';

export interface AttachmentStub {
  content_type?: string;
  digest?: string;
  length?: number;
  revpos?: number;
  stub?: boolean;
  follows?: boolean;
}

/**
 * A document with attachment bodies as CouchDB's replicator uploads it: `PUT /db/id?new_edits=false` with a
 * multipart/related body — the JSON first, its `follows` attachments after it as raw bytes in the same order.
 * No base64: a 150 KB scan costs 150 KB on the line, not 200 KB.
 */
export function multipartRelated(doc: Record<string, unknown>, bodies: Map<string, Buffer>): { body: Buffer; contentType: string } {
  const boundary = randomBytes(16).toString('hex');
  const atts = (doc._attachments ?? {}) as Record<string, AttachmentStub>;
  const json: Record<string, unknown> = { ...doc, _attachments: {} };
  const parts: Buffer[] = [];
  for (const [name, att] of Object.entries(atts)) {
    const data = bodies.get(name);
    if (!data) {
      (json._attachments as Record<string, AttachmentStub>)[name] = { ...att, stub: true };
      continue;
    }
    const { stub: _s, ...meta } = att;
    (json._attachments as Record<string, AttachmentStub>)[name] = { ...meta, length: data.length, follows: true };
    // The file name lets a server match parts by name; a name that would break the header relies on the order.
    const disposition = /^[\x20-\x7e]+$/.test(name) && !/["\\]/.test(name) ? `Content-Disposition: attachment; filename="${name}"\r\n` : '';
    const head = `\r\n--${boundary}\r\n${disposition}Content-Type: ${att.content_type ?? 'application/octet-stream'}\r\nContent-Length: ${data.length}\r\n\r\n`;
    parts.push(Buffer.from(head), data);
  }
  const first = Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}`);
  const body = Buffer.concat([first, ...parts, Buffer.from(`\r\n--${boundary}--`)] as Uint8Array[]);
  return { body, contentType: `multipart/related; boundary="${boundary}"` };
}
