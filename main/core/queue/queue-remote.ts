import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { EventMap } from '../api/contract';
import { ERROR_STATUS, ApiError, type ErrorCode } from '../api/errors';
import { apiError } from '../api/dispatch';
import type { CallContext, Handlers } from '../api/handlers';
import type { CoreEvents } from '../events';
import { QUEUE_PUBLIC_EVENTS, queueContract } from './queue.contract';

/** Where a counter PC's queue lives: the queue device's branch host on the LAN and its counter key. */
export interface QueueHostConfig {
  url: string;
  counterKey: string;
}

export interface RemoteQueueDeps {
  host: QueueHostConfig;
  events: CoreEvents;
  log: (level: 'warn' | 'error', message: string, detail?: unknown) => void;
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
const eventMessage = z.object({ name: z.enum(QUEUE_PUBLIC_EVENTS), payload: z.unknown() });

type QueueMethod = keyof typeof queueContract;

/**
 * The queue of a counter PC that runs its own core: every queue method is carried to the queue device over the LAN,
 * under a queue-only session the queue device opens for the teller logged in here (this core has checked the
 * password; the counter key proves the PC is one of the branch's counters). The queue device's public events are
 * re-emitted here, so the counter screen works exactly as on the queue device itself. A LAN failure is UNAVAILABLE,
 * which the counter screen shows and retries with the same request id.
 */
export function remoteQueue(deps: RemoteQueueDeps): { handlers: Handlers<typeof queueContract>; close(): void } {
  const base = deps.host.url.endsWith('/') ? deps.host.url : `${deps.host.url}/`;
  const hostName = new URL(base).host;
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 5000;
  const tokens = new Map<string, Promise<string>>();
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
    } catch {
      throw unreachable();
    }
    const parsed = envelope.safeParse(body);
    if (!parsed.success) {
      deps.log('warn', `queue host answered ${method} with an unexpected body`, parsed.error.issues);
      throw unreachable();
    }
    return parsed.data;
  }

  function tokenFor(staffNo: string): Promise<string> {
    let token = tokens.get(staffNo);
    if (!token) {
      token = post('queue.counterLogin', { counterKey: deps.host.counterKey, staffNo }).then((r) => {
        if (!r.ok) throw new ApiError(r.error);
        return (r.value as { token: string }).token;
      });
      tokens.set(staffNo, token);
      // A refused or failed login is asked again next time, not remembered.
      token.catch(() => tokens.delete(staffNo));
    }
    return token;
  }

  async function forward(method: QueueMethod, args: unknown, ctx: CallContext): Promise<unknown> {
    const staffNo = ctx.actor?.staffNo;
    let res = await post(method, args, staffNo ? await tokenFor(staffNo) : undefined);
    // The queue device restarted (its sessions are in memory) or the session expired: log in again, once.
    if (!res.ok && res.error.code === 'UNAUTHENTICATED' && staffNo) {
      tokens.delete(staffNo);
      res = await post(method, args, await tokenFor(staffNo));
    }
    if (!res.ok) throw new ApiError(res.error);
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

  const handlers = Object.fromEntries(
    (Object.keys(queueContract) as QueueMethod[]).map((m) => [m, (args: unknown, ctx: CallContext) => forward(m, args, ctx)]),
  ) as unknown as Handlers<typeof queueContract>;
  return { handlers, close: () => stop.abort() };
}
