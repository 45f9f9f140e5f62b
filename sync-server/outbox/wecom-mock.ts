import { createServer, type Server } from 'node:http';
import { weComSignature } from './wecom-callback';

/**
 * A stand-in for WeCom's server API in tests (no WeCom tenant here): `gettoken`, `message/send` and
 * `externalcontact/add_msg_template`, checking the token like WeCom does. Listens on 127.0.0.1, port chosen by
 * the OS. `busy(n)` makes the next n sends answer errcode -1 (系统繁忙); `expireToken()` makes the current token
 * answer 42001 once.
 */
export interface WeComMock {
  url: string;
  sent: { path: string; body: Record<string, unknown> }[];
  tokensIssued: number;
  busy(n: number): void;
  expireToken(): void;
  /**
   * What WeCom does when a customer writes back: POSTs the text message as XML to the bank's callback URL,
   * signed with the callback token (plain mode, see wecom-callback.ts). Resolves with the HTTP status.
   */
  customerReplies(callbackUrl: string, token: string, msg: { externalUserId: string; text: string; at?: Date }): Promise<number>;
  close(): Promise<void>;
}

export async function startWeComMock(creds: { corpId: string; secret: string }): Promise<WeComMock> {
  let token = '';
  let busy = 0;
  const state: Pick<WeComMock, 'sent' | 'tokensIssued'> = { sent: [], tokensIssued: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const answer = (json: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== creds.corpId || url.searchParams.get('corpsecret') !== creds.secret) return answer({ errcode: 40001, errmsg: 'invalid credential' });
      token = `tok-${++state.tokensIssued}`;
      return answer({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (url.searchParams.get('access_token') !== token) return answer({ errcode: 42001, errmsg: 'access_token expired' });
      if (busy > 0) {
        busy--;
        return answer({ errcode: -1, errmsg: 'system busy' });
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      state.sent.push({ path: url.pathname, body });
      if (url.pathname === '/cgi-bin/message/send') return answer({ errcode: 0, errmsg: 'ok', msgid: `msg-${state.sent.length}` });
      if (url.pathname === '/cgi-bin/externalcontact/add_msg_template') return answer({ errcode: 0, errmsg: 'ok', msgid: `tpl-${state.sent.length}`, fail_list: [] });
      answer({ errcode: 60011, errmsg: 'no privilege' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    get sent() {
      return state.sent;
    },
    get tokensIssued() {
      return state.tokensIssued;
    },
    busy: (n) => void (busy = n),
    expireToken: () => void (token = 'expired'),
    async customerReplies(callbackUrl, callbackToken, msg) {
      const timestamp = String(Math.floor((msg.at ?? new Date()).getTime() / 1000));
      const nonce = Math.random().toString(36).slice(2);
      const xml = `<xml><ToUserName><![CDATA[${creds.corpId}]]></ToUserName><FromUserName><![CDATA[${msg.externalUserId}]]></FromUserName>` +
        `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${msg.text}]]></Content><MsgId>${nonce}</MsgId></xml>`;
      const q = new URLSearchParams({ msg_signature: weComSignature(callbackToken, timestamp, nonce), timestamp, nonce });
      const res = await fetch(`${callbackUrl}?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
      await res.text();
      return res.status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
