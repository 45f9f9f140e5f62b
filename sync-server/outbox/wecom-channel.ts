import type { MessageChannel, OutgoingMessage, SendResult } from './channel';

/**
 * WeCom (企业微信) server API: `gettoken` for an access token (cached until shortly before it expires, fetched
 * again when WeCom says it expired), `message/send` for staff (application text message) and
 * `externalcontact/add_msg_template` for customers added as external contacts — WeCom then asks the staff member
 * to confirm the send in their app, which is how the bank's customer managers message customers.
 * `baseUrl` is WeCom's (https://qyapi.weixin.qq.com) or, in tests, the mock server (wecom-mock.ts).
 */
export interface WeComOptions {
  corpId: string;
  secret: string;
  agentId: number;
  baseUrl?: string;
  clock?: () => Date;
}

interface WeComAnswer {
  errcode: number;
  errmsg: string;
  access_token?: string;
  expires_in?: number;
  msgid?: string;
}

/** Token expired or invalid: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40014, 42001]);
/** WeCom busy / rate limits: worth retrying later. Anything else (bad userid…) will not get better. */
const RETRYABLE = new Set([-1, 45009, 45033]);

export function weComChannel(opts: WeComOptions): MessageChannel {
  const base = opts.baseUrl ?? 'https://qyapi.weixin.qq.com';
  const clock = opts.clock ?? (() => new Date());
  let token: { value: string; until: number } | null = null;

  async function call(path: string, init?: { json: unknown }): Promise<WeComAnswer> {
    const res = await fetch(`${base}${path}`, init ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) } : {});
    if (!res.ok) return { errcode: -1, errmsg: `HTTP ${res.status}` };
    return (await res.json()) as WeComAnswer;
  }

  async function accessToken(): Promise<string | WeComAnswer> {
    if (token && token.until > clock().getTime()) return token.value;
    const a = await call(`/cgi-bin/gettoken?corpid=${encodeURIComponent(opts.corpId)}&corpsecret=${encodeURIComponent(opts.secret)}`);
    if (a.errcode !== 0 || !a.access_token) return a;
    token = { value: a.access_token, until: clock().getTime() + ((a.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  }

  function body(msg: OutgoingMessage): { path: string; json: unknown } | null {
    if (msg.to.kind === 'wecom-user') return { path: '/cgi-bin/message/send', json: { touser: msg.to.userId, msgtype: 'text', agentid: opts.agentId, text: { content: msg.text } } };
    if (msg.to.kind === 'wecom-external') {
      return { path: '/cgi-bin/externalcontact/add_msg_template', json: { chat_type: 'single', external_userid: [msg.to.externalUserId], sender: msg.to.sender, text: { content: msg.text } } };
    }
    return null;
  }

  return {
    name: 'wecom',
    accepts: (to) => to.kind === 'wecom-user' || to.kind === 'wecom-external',
    async send(msg): Promise<SendResult> {
      const req = body(msg);
      if (!req) return { ok: false, retry: false, error: '企业微信不能发送到手机号' };
      try {
        for (let attempt = 0; attempt < 2; attempt++) {
          const t = await accessToken();
          if (typeof t !== 'string') return { ok: false, retry: RETRYABLE.has(t.errcode), error: `gettoken ${t.errcode} ${t.errmsg}` };
          const a = await call(`${req.path}?access_token=${encodeURIComponent(t)}`, { json: req.json });
          if (a.errcode === 0) return { ok: true, providerId: a.msgid ?? null };
          if (TOKEN_ERRORS.has(a.errcode) && attempt === 0) {
            token = null;
            continue;
          }
          return { ok: false, retry: RETRYABLE.has(a.errcode), error: `${a.errcode} ${a.errmsg}` };
        }
        return { ok: false, retry: true, error: 'token refused twice' };
      } catch (err) {
        return { ok: false, retry: true, error: (err as Error).message };
      }
    },
  };
}
