import { z } from 'zod';
import { ERROR_STATUS, ApiError, type ApiErrorBody, type ErrorCode } from '../api/errors';
import { actorOf, type CallContext } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { pinnedFetch } from '../lan/pinned-fetch';
import { COUNTER_SESSION_METHODS, type CounterLogin } from './queue.contract';
import type { RemoteQueueDeps } from './queue-remote';

// The queue host's answers cross the LAN: their envelope is checked; the value is the same contract's result type.
const errorBody = z.object({
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
  key: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  fields: z.array(z.object({ path: z.string(), key: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
const envelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: errorBody })]);
const counterLoginValue = z.object({ token: z.string().min(1), pass: z.string().min(1), expiresAt: z.iso.datetime() });

/** Methods a counter PC carries to the queue device: its teller's counter work and the public board. */
export type Forwarded = Exclude<(typeof COUNTER_SESSION_METHODS)[number], 'session.logout'>;
export const FORWARDED_METHODS = COUNTER_SESSION_METHODS.filter((m): m is Forwarded => m !== 'session.logout');
const PUBLIC_READS: readonly Forwarded[] = ['queue.board', 'queue.marketing'];

interface Link {
  token: string;
  pass: string;
  expiresAtMs: number;
}

/** What the counter PC's side of the LAN queue works over: the queue device's address, the client, the kept counter sessions. */
export interface RemoteLinkContext {
  deps: RemoteQueueDeps;
  /** The queue device's address, ending in `/`. */
  base: string;
  hostName: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The counter session on the queue device per local session. */
  links: Map<string, Promise<Link>>;
  /** Aborted when the core closes: every request and the event stream end. */
  stop: AbortController;
}

export function remoteLinkContext(deps: RemoteQueueDeps): RemoteLinkContext {
  const base = deps.host.url.endsWith('/') ? deps.host.url : `${deps.host.url}/`;
  return {
    deps, base, hostName: new URL(base).host, fetch: deps.fetch ?? pinnedFetch(deps.host.ca), timeoutMs: deps.timeoutMs ?? 5000,
    links: new Map(), stop: new AbortController(),
  };
}

/**
 * The queue device's refusals keep their words, but its UNAUTHENTICATED is not this desk's session ending: it
 * must not send the teller back to the login screen here.
 */
const asLocal = (e: ApiErrorBody): ApiError => new ApiError(e.code === 'UNAUTHENTICATED' ? { ...e, code: 'FORBIDDEN' } : e);
/** A TLS refusal of the queue device's certificate (not issued by the pinned branch CA, wrong address, expired). */
function isUntrusted(e: unknown): boolean {
  const code = (e as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /CERT|SIGNATURE|ISSUER|ALTNAME/.test(code);
}

const notConnected = () => apiError('FORBIDDEN', 'queue.error.counterNotConnected', undefined, { detail: { connect: true } });
const unreachable = (c: RemoteLinkContext) => apiError('UNAVAILABLE', 'queue.error.hostUnreachable', { host: c.hostName });

export async function post(c: RemoteLinkContext, method: string, args: unknown, token?: string): Promise<z.infer<typeof envelope>> {
  let body: unknown;
  try {
    const res = await c.fetch(`${c.base}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
      signal: AbortSignal.any([AbortSignal.timeout(c.timeoutMs), c.stop.signal]),
    });
    body = await res.json();
  } catch (e) {
    if (isUntrusted(e)) {
      c.deps.log('error', `queue host ${c.hostName} presented a certificate this PC does not trust`, (e as { cause?: unknown }).cause);
      throw apiError('UNAVAILABLE', 'queue.error.hostUntrusted', { host: c.hostName });
    }
    throw unreachable(c);
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    c.deps.log('warn', `queue host answered ${method} with an unexpected body`, parsed.error.issues);
    throw unreachable(c);
  }
  return parsed.data;
}

async function counterLogin(c: RemoteLinkContext, args: Record<string, string>): Promise<Link> {
  const res = await post(c, 'queue.counterLogin', { counterKey: c.deps.host.counterKey, ...args });
  if (!res.ok) throw asLocal(res.error);
  const v = counterLoginValue.parse(res.value) satisfies CounterLogin;
  return { token: v.token, pass: v.pass, expiresAtMs: Date.parse(v.expiresAt) };
}

function keep(c: RemoteLinkContext, localToken: string, link: Promise<Link>): Promise<Link> {
  c.links.set(localToken, link);
  // A refused or failed proof is not remembered: the teller is asked for her password again.
  link.catch(() => c.links.get(localToken) === link && c.links.delete(localToken));
  return link;
}

async function linkFor(c: RemoteLinkContext, localToken: string): Promise<Link> {
  const link = await (c.links.get(localToken) ?? Promise.reject(notConnected())).catch(() => Promise.reject(notConnected()));
  if (link.expiresAtMs <= Date.now()) {
    c.links.delete(localToken);
    throw notConnected();
  }
  return link;
}

/** Proves the teller to the queue device and keeps the counter session for her local session. */
export async function connect(c: RemoteLinkContext, localToken: string, staffNo: string, password: string): Promise<void> {
  await keep(c, localToken, counterLogin(c, { staffNo, password }));
}

/** Forgets a local session's counter session and closes it on the queue device. */
export function disconnect(c: RemoteLinkContext, localToken: string): void {
  const link = c.links.get(localToken);
  c.links.delete(localToken);
  void link?.then((l) => post(c, 'session.logout', {}, l.token)).catch(() => undefined);
}

/** One counter method, carried to the queue device under the local session's counter session. */
export async function forward(c: RemoteLinkContext, method: Forwarded, args: unknown, ctx: CallContext): Promise<unknown> {
  if (PUBLIC_READS.includes(method)) {
    const res = await post(c, method, args);
    if (!res.ok) throw asLocal(res.error);
    return res.value;
  }
  const localToken = actorOf(ctx).token;
  const link = await linkFor(c, localToken);
  let res = await post(c, method, args, link.token);
  // The queue device restarted (its sessions are in memory): renew the counter session with today's pass, once.
  if (!res.ok && res.error.code === 'UNAUTHENTICATED') {
    const renewed = await keep(c, localToken, counterLogin(c, { pass: link.pass })).catch((e: unknown) => {
      if (e instanceof ApiError && e.body.code === 'UNAVAILABLE') throw e;
      throw notConnected();
    });
    res = await post(c, method, args, renewed.token);
  }
  if (!res.ok) throw asLocal(res.error);
  return res.value;
}
