import type { ApiArgs, ApiResult, EventMap, EventName, MethodName } from '../../main/core/api/contract';
import type { ApiErrorBody } from '../../main/core/api/errors';
import type { SessionView } from '../../main/core/session/session.contract';
import type { Bridge, CallRequest, CallResult, EventMessage } from '../../main/core/api/transport';
import { followEventStream } from './event-stream';
import { translate } from '../../i18n/translate';

/** A failed call, carrying the core's error body so screens can show the field messages and act on `detail`. */
export class ApiCallError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
  }
}

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A server-sent event stream, reduced to what the client needs so tests can supply their own. */
export interface EventStream {
  close(): void;
  /** True when the stream will not reconnect by itself (the server refused it). */
  isClosed(): boolean;
}
export type OpenEventStream = (url: string, on: { message(data: string): void; error(): void; open?(): void }) => EventStream;

export interface ClientOptions {
  /** Electron's preload bridge; when absent the client talks HTTP to the branch host. */
  bridge?: Bridge;
  fetch?: typeof fetch;
  /** Origin + path prefix of the host, ending in '/'. */
  baseUrl?: string;
  storage?: TokenStorage;
  openEventSource?: OpenEventStream;
  /** Delay before re-opening an event stream the server closed (e.g. after a host restart). */
  reconnectMs?: number;
}

export type SessionEndReason = 'logout' | 'expired';
/** Called with the new session after login, or with null and the reason when it ends. */
export type SessionListener = (session: SessionView | null, reason?: SessionEndReason) => void;

const TOKEN_KEY = 'jingwei.token';

function unavailable(reason: string): ApiErrorBody {
  return { code: 'UNAVAILABLE', key: 'desk.error.hostUnreachable', params: { reason }, message: translate('desk.error.hostUnreachable', { reason }) };
}

function isCallResult(value: unknown): value is CallResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function httpTransport(fetchFn: typeof fetch, baseUrl: string) {
  return async (req: CallRequest): Promise<CallResult> => {
    let res: Response;
    try {
      res = await fetchFn(`${baseUrl}api/${encodeURIComponent(req.method)}`, {
        method: 'POST',
        // Refusals come back as 200 with the error inside (branch-host.ts RESULT_HEADER), so the console stays quiet.
        headers: { 'content-type': 'application/json', 'x-jingwei-result': 'envelope', ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
        body: JSON.stringify(req.args ?? {}),
      });
    } catch (e) {
      return { ok: false, error: unavailable(e instanceof Error ? e.message : String(e)) };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return { ok: false, error: unavailable(`HTTP ${res.status}`) };
    }
    return isCallResult(body) ? body : { ok: false, error: unavailable(`HTTP ${res.status}`) };
  };
}

/**
 * The renderer's only way to reach the core. Same calls over Electron IPC or HTTP; the session token lives in
 * sessionStorage so a reload keeps the teller logged in but closing the window does not.
 */
export function createApiClient(opts: ClientOptions = {}) {
  const storage = opts.storage ?? memoryStorage();
  const baseUrl = opts.baseUrl ?? '/';
  const transport = opts.bridge ? (req: CallRequest) => opts.bridge!.call(req) : httpTransport(opts.fetch ?? fetch, baseUrl);
  const sessionListeners = new Set<SessionListener>();
  const eventListeners = new Set<(e: EventMessage) => void>();
  const streamListeners = new Set<() => void>();
  let token: string | null = storage.getItem(TOKEN_KEY);
  let stopEvents: (() => void) | null = null;

  function setToken(next: string | null): void {
    token = next;
    if (next) storage.setItem(TOKEN_KEY, next);
    else storage.removeItem(TOKEN_KEY);
    restartEvents();
  }

  function endSession(reason: SessionEndReason): void {
    setToken(null);
    for (const l of sessionListeners) l(null, reason);
  }

  async function call<M extends MethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
    const res = await transport({ method, args, token: token ?? undefined });
    if (res.ok) return res.value as ApiResult<M>;
    // An expired or unknown session sends the teller back to the login screen, wherever the call came from.
    if (res.error.code === 'UNAUTHENTICATED' && method !== 'session.login' && token) endSession('expired');
    throw new ApiCallError(res.error);
  }

  function openEvents(): (() => void) | null {
    if (opts.bridge) return opts.bridge.subscribe((e) => dispatch(e));
    if (!opts.openEventSource) return null;
    // Without a session the host still sends the public events (the hall display and kiosk are not logged in).
    const url = token ? `${baseUrl}api/events?token=${encodeURIComponent(token)}` : `${baseUrl}api/events`;
    return followEventStream(opts.openEventSource, url, opts.reconnectMs ?? 3000, dispatch, () => {
      for (const l of streamListeners) l();
    });
  }

  function dispatch(e: EventMessage): void {
    for (const l of eventListeners) l(e);
  }

  function subscribe(listener: (e: EventMessage) => void): () => void {
    eventListeners.add(listener);
    if (eventListeners.size === 1) restartEvents();
    return () => {
      eventListeners.delete(listener);
      if (!eventListeners.size) restartEvents();
    };
  }

  function restartEvents(): void {
    stopEvents?.();
    stopEvents = eventListeners.size ? openEvents() : null;
  }

  return {
    call,
    get token() {
      return token;
    },
    async login(staffNo: string, password: string): Promise<SessionView> {
      const session = await call('session.login', { staffNo, password });
      setToken(session.token);
      for (const l of sessionListeners) l(session);
      return session;
    },
    async logout(): Promise<void> {
      try {
        if (token) await call('session.logout', {});
      } catch {
        // Logging out must always succeed locally, even when the host is gone.
      }
      endSession('logout');
    },
    /** Resumes a session kept in sessionStorage; null when there is none or it expired. */
    async resume(): Promise<SessionView | null> {
      if (!token) return null;
      try {
        return await call('session.me', {});
      } catch (e) {
        if (e instanceof ApiCallError && e.body.code === 'UNAUTHENTICATED') return null;
        throw e;
      }
    },
    /** Called each time the event stream opens or re-opens (e.g. after a host restart). */
    onStreamOpen(listener: () => void): () => void {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    onSession(listener: SessionListener): () => void {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
    subscribe,
    on<N extends EventName>(name: N, listener: (payload: EventMap[N]) => void): () => void {
      return subscribe((e) => {
        if (e.name === name) listener(e.payload as EventMap[N]);
      });
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function memoryStorage(): TokenStorage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

declare global {
  interface Window {
    jingwei?: Bridge;
  }
}

function browserOptions(): ClientOptions {
  if (typeof window === 'undefined') return {};
  return {
    bridge: window.jingwei,
    storage: window.sessionStorage,
    baseUrl: '/',
    fetch: window.fetch.bind(window),
    openEventSource: (url, on) => {
      const es = new EventSource(url);
      es.onmessage = (m: MessageEvent) => on.message(String(m.data));
      es.onerror = () => on.error();
      es.onopen = () => on.open?.();
      return { close: () => es.close(), isClosed: () => es.readyState === EventSource.CLOSED };
    },
  };
}

/** The page's client: IPC inside Electron, HTTP in a browser pointed at the branch host. */
export const api = createApiClient(browserOptions());
