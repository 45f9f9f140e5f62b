import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { EventMap } from '../api/contract';
import { ERROR_STATUS, ApiError, type ApiErrorBody, type ErrorCode } from '../api/errors';
import { actorOf, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { CoreEvents } from '../events';
import { pinnedFetch } from '../lan/pinned-fetch';
import { COUNTER_SESSION_METHODS, QUEUE_PUBLIC_EVENTS, type CounterLogin, type queueContract } from './queue.contract';

/** Where a counter PC's queue lives: the queue device's LAN service, its counter key and the branch CA it pins. */
export interface QueueHostConfig {
  /** https:// address of the queue device. */
  url: string;
  counterKey: string;
  /** The branch CA bundle (PEM, the queue device's `lan-tls/branch-ca.pem`): the only CA trusted for the queue device. */
  ca: string;
}

export interface RemoteQueueDeps {
  host: QueueHostConfig;
  events: CoreEvents;
  log: (level: 'warn' | 'error', message: string, detail?: unknown) => void;
  /** The LAN client; by default pinned to `host.ca` (lan/pinned-fetch.ts). */
  fetch?: typeof fetch;
  /** A counter waits this long for the queue host before it says the LAN is down (and its screen retries). */
  timeoutMs?: number;
}

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
const eventMessage = z.object({ name: z.enum(QUEUE_PUBLIC_EVENTS), payload: z.unknown() });

/** Methods a counter PC carries to the queue device: its teller's counter work and the public board. */
type Forwarded = Exclude<(typeof COUNTER_SESSION_METHODS)[number], 'session.logout'>;
export const FORWARDED_METHODS = COUNTER_SESSION_METHODS.filter((m): m is Forwarded => m !== 'session.logout');
const PUBLIC_READS: readonly Forwarded[] = ['queue.board', 'queue.marketing'];

export type RemoteQueueHandlers = Pick<Handlers<typeof queueContract>, Forwarded | 'queue.connectCounter' | 'queue.issue'>;

export interface RemoteQueue {
  handlers: RemoteQueueHandlers;
  /**
   * Proves the teller to the queue device with the password she just logged in with here; the counter session and
   * pass it gets are kept for this local session only. Rejects with the queue device's answer.
   */
  connect(localToken: string, staffNo: string, password: string): Promise<void>;
  /** The local session ended: forget its counter session and close it on the queue device. */
  disconnect(localToken: string): void;
  close(): void;
}

interface Link {
  token: string;
  pass: string;
  expiresAtMs: number;
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

/**
 * The queue of a counter PC that runs its own core: the teller's counter work and the board are carried to the
 * queue device over the LAN, under a counter session the queue device opened after checking her password itself
 * (the counter key alone gets nothing). The queue device's public events are re-emitted here, so the counter
 * screen works exactly as on the queue device itself. A LAN failure is UNAVAILABLE, which the counter screen
 * shows and retries with the same request id.
 */
export function remoteQueue(deps: RemoteQueueDeps): RemoteQueue {
  const base = deps.host.url.endsWith('/') ? deps.host.url : `${deps.host.url}/`;
  const hostName = new URL(base).host;
  const doFetch = deps.fetch ?? pinnedFetch(deps.host.ca);
  const timeoutMs = deps.timeoutMs ?? 5000;
  const links = new Map<string, Promise<Link>>();
  const stop = new AbortController();

  const unreachable = () => apiError('UNAVAILABLE', 'queue.error.hostUnreachable', { host: hostName });

  async function post(method: string, args: unknown, token?: string): Promise<z.infer<typeof envelope>> {
    let body: unknown;
    try {
      const res = await doFetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(args),
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop.signal]),
      });
      body = await res.json();
    } catch (e) {
      if (isUntrusted(e)) {
        deps.log('error', `queue host ${hostName} presented a certificate this PC does not trust`, (e as { cause?: unknown }).cause);
        throw apiError('UNAVAILABLE', 'queue.error.hostUntrusted', { host: hostName });
      }
      throw unreachable();
    }
    const parsed = envelope.safeParse(body);
    if (!parsed.success) {
      deps.log('warn', `queue host answered ${method} with an unexpected body`, parsed.error.issues);
      throw unreachable();
    }
    return parsed.data;
  }

  async function counterLogin(args: Record<string, string>): Promise<Link> {
    const res = await post('queue.counterLogin', { counterKey: deps.host.counterKey, ...args });
    if (!res.ok) throw asLocal(res.error);
    const v = counterLoginValue.parse(res.value) satisfies CounterLogin;
    return { token: v.token, pass: v.pass, expiresAtMs: Date.parse(v.expiresAt) };
  }

  function keep(localToken: string, link: Promise<Link>): Promise<Link> {
    links.set(localToken, link);
    // A refused or failed proof is not remembered: the teller is asked for her password again.
    link.catch(() => links.get(localToken) === link && links.delete(localToken));
    return link;
  }

  async function linkFor(localToken: string): Promise<Link> {
    const link = await (links.get(localToken) ?? Promise.reject(notConnected())).catch(() => Promise.reject(notConnected()));
    if (link.expiresAtMs <= Date.now()) {
      links.delete(localToken);
      throw notConnected();
    }
    return link;
  }

  async function forward(method: Forwarded, args: unknown, ctx: CallContext): Promise<unknown> {
    if (PUBLIC_READS.includes(method)) {
      const res = await post(method, args);
      if (!res.ok) throw asLocal(res.error);
      return res.value;
    }
    const localToken = actorOf(ctx).token;
    const link = await linkFor(localToken);
    let res = await post(method, args, link.token);
    // The queue device restarted (its sessions are in memory): renew the counter session with today's pass, once.
    if (!res.ok && res.error.code === 'UNAUTHENTICATED') {
      const renewed = await keep(localToken, counterLogin({ pass: link.pass })).catch((e: unknown) => {
        if (e instanceof ApiError && e.body.code === 'UNAVAILABLE') throw e;
        throw notConnected();
      });
      res = await post(method, args, renewed.token);
    }
    if (!res.ok) throw asLocal(res.error);
    return res.value;
  }

  async function followEvents(): Promise<void> {
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      try {
        const res = await doFetch(`${base}api/events`, { signal: stop.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        attempt = 0;
        // Calls made while the stream was down are not replayed: bring the screens the whole board instead.
        const board = await post('queue.board', {});
        if (board.ok) deps.events.emit('queue.updated', board.value as EventMap['queue.updated']);
        const parser = createParser({
          onEvent: (e) => {
            let msg: unknown;
            try {
              msg = JSON.parse(e.data);
            } catch {
              return;
            }
            const parsed = eventMessage.safeParse(msg);
            if (parsed.success) deps.events.emit(parsed.data.name, parsed.data.payload as EventMap[typeof parsed.data.name]);
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch (e) {
        if (stop.signal.aborted) return;
        if (attempt === 0) deps.log('warn', `queue host event stream lost (${hostName}); reconnecting`, e);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(1000 * 2 ** Math.min(attempt, 4), 10_000));
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
  void followEvents();

  async function connect(localToken: string, staffNo: string, password: string): Promise<void> {
    await keep(localToken, counterLogin({ staffNo, password }));
  }

  const forwarded = Object.fromEntries(
    FORWARDED_METHODS.map((m) => [m, (args: unknown, ctx: CallContext) => forward(m, args, ctx)]),
  ) as unknown as Pick<Handlers<typeof queueContract>, Forwarded>;
  const handlers: RemoteQueueHandlers = {
    ...forwarded,
    'queue.connectCounter': async ({ password }, ctx) => {
      const actor = actorOf(ctx);
      await connect(actor.token, actor.staffNo, password);
      return { connected: true as const };
    },
    // Tickets come from the kiosk: this PC holds no kiosk key and does not number tickets of its own.
    'queue.issue': async () => {
      throw apiError('FORBIDDEN', 'queue.error.kioskOnly');
    },
  };

  return {
    handlers,
    connect,
    disconnect(localToken) {
      const link = links.get(localToken);
      links.delete(localToken);
      void link?.then((l) => post('session.logout', {}, l.token)).catch(() => undefined);
    },
    close: () => stop.abort(),
  };
}
