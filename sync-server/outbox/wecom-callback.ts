import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * WeCom's callback (接收消息与事件): WeCom first checks the URL with a GET carrying `echostr`, then POSTs each
 * message as XML (`<xml><FromUserName/><CreateTime/><MsgType>text</MsgType><Content/>…</xml>`), signed with the
 * callback token: `msg_signature` = SHA-1 of the sorted token, timestamp, nonce (and `echostr` on the GET).
 * Plain mode only: WeCom's production mode also AES-encrypts the body with the EncodingAESKey (the `Encrypt`
 * element) — not built here, there is no tenant to test it against; the signature check is the same.
 */
export interface CallbackText {
  from: string;
  text: string;
  at: string;
}

export const weComSignature = (token: string, ...parts: string[]) => createHash('sha1').update([token, ...parts].sort().join('')).digest('hex');

const element = (xml: string, name: string): string | null => {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2] ?? '') : null;
};

function signed(token: string, q: URLSearchParams, ...extra: string[]): boolean {
  const given = new Uint8Array(Buffer.from(q.get('msg_signature') ?? ''));
  const want = new Uint8Array(Buffer.from(weComSignature(token, q.get('timestamp') ?? '', q.get('nonce') ?? '', ...extra)));
  return given.length === want.length && timingSafeEqual(given, want);
}

const MAX_BODY = 64 * 1024;

/** An HTTP handler for the callback URL; `onText` gets each customer text message (others are acknowledged and ignored). */
export function weComCallbackHandler(opts: { token: string; onText(msg: CallbackText): void }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://callback');
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method === 'GET') {
      const echo = url.searchParams.get('echostr') ?? '';
      return signed(opts.token, url.searchParams, echo) ? reply(200, echo) : reply(403, 'bad signature');
    }
    if (req.method !== 'POST') return reply(405, 'method not allowed');
    // Authenticate before reading the body.
    if (!signed(opts.token, url.searchParams)) return reply(403, 'bad signature');
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reply(413, 'too large');
        req.destroy();
      } else chunks.push(new Uint8Array(c));
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const xml = Buffer.concat(chunks).toString('utf8');
      const from = element(xml, 'FromUserName');
      const created = Number(element(xml, 'CreateTime'));
      if (element(xml, 'MsgType') === 'text' && from && Number.isFinite(created)) {
        opts.onText({ from, text: element(xml, 'Content') ?? '', at: new Date(created * 1000).toISOString() });
      }
      // WeCom expects an empty 200 (or "success") within 5 s, else it retries.
      reply(200, 'success');
    });
  };
}
