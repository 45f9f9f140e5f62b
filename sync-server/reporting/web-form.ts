import type http from 'node:http';

/** Answers a request of head office's web pages (`jingwei report`): status, content type, body, extra headers. */
export type Reply = (status: number, type: string, body: string, headers?: Record<string, string | string[]>) => void;

export const HTML = 'text/html; charset=utf-8';

/** A small urlencoded form (sign-in, one IT action); anything else, or more than `maxBytes` (4 KiB), is null. */
export async function readForm(req: http.IncomingMessage, maxBytes = 4096): Promise<URLSearchParams | null> {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > maxBytes) return null;
  }
  return new URLSearchParams(body);
}

/** A form posted from another site (or page) is refused: the cookie is SameSite=Strict, and the Origin must be ours. */
export const sameOrigin = (req: http.IncomingMessage) => req.headers.origin === undefined || req.headers.origin === `http://${req.headers.host}`;
