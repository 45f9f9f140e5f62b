import { describe, expect, it } from 'vitest';
import type { CallRequest, CallResult, EventMessage } from '../../main/core/api/transport';
import { ApiCallError, createApiClient, type TokenStorage } from './client';

function storage(initial: Record<string, string> = {}): TokenStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const session = { token: 'tok-1', staff: { staffNo: 'T001', name: '王', roles: ['teller'], branch: 'HM01', active: true }, permissions: ['customer.read'], expiresAt: '2026-01-01T00:00:00Z' };

/** A fake branch host answering like main/host: status from the code, body a CallResult. */
function fakeFetch(answer: (method: string, body: unknown, auth: string | null) => CallResult) {
  const seen: { url: string; auth: string | null; body: unknown }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    const auth = new Headers(init.headers).get('authorization');
    const body = JSON.parse(String(init.body));
    seen.push({ url, auth, body });
    const result = answer(url.split('/api/')[1]!, body, auth);
    return new Response(JSON.stringify(result), { status: result.ok ? 200 : 400, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fn, seen };
}

describe('api client over HTTP', () => {
  it('posts the arguments, keeps the token after login and sends it as a bearer', async () => {
    const store = storage();
    const http = fakeFetch((method) => (method === 'session.login' ? { ok: true, value: session } : { ok: true, value: [] }));
    const api = createApiClient({ fetch: http.fn, storage: store, baseUrl: 'http://h/' });
    await api.login('T001', 'pw');
    expect(store.data.get('jingwei.token')).toBe('tok-1');
    await api.call('customers.search', { q: 'zs', limit: 5 });
    expect(http.seen[1]).toEqual({ url: 'http://h/api/customers.search', auth: 'Bearer tok-1', body: { q: 'zs', limit: 5 } });
  });

  it('throws the core\'s error body so forms can show field messages and follow detail', async () => {
    const error = { code: 'DUPLICATE' as const, key: 'customer.duplicateIdNumber', message: '重复', detail: { existingId: 'customer:X' } };
    const http = fakeFetch(() => ({ ok: false, error }));
    const api = createApiClient({ fetch: http.fn, storage: storage({ 'jingwei.token': 't' }) });
    const err = await api.call('customers.get', { id: 'customer:01ARZ3NDEKTSV4RRFFQ69G5FAV' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).body).toEqual(error);
  });

  it('ends the session on UNAUTHENTICATED and tells the app why', async () => {
    const store = storage({ 'jingwei.token': 'old' });
    const http = fakeFetch(() => ({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'error.sessionExpired', message: '登录已过期' } }));
    const api = createApiClient({ fetch: http.fn, storage: store });
    const ends: (string | undefined)[] = [];
    api.onSession((s, reason) => ends.push(s ? 'session' : reason));
    await expect(api.call('session.me', {})).rejects.toBeInstanceOf(ApiCallError);
    expect(ends).toEqual(['expired']);
    expect(store.data.has('jingwei.token')).toBe(false);
    expect(api.token).toBeNull();
  });

  it('does not treat a wrong password as an expired session', async () => {
    const http = fakeFetch(() => ({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'error.badCredentials', message: '工号或密码错误' } }));
    const api = createApiClient({ fetch: http.fn, storage: storage() });
    const ends: unknown[] = [];
    api.onSession((s, reason) => ends.push(reason));
    await expect(api.login('T001', 'bad')).rejects.toMatchObject({ body: { key: 'error.badCredentials' } });
    expect(ends).toEqual([]);
  });

  it('turns an unreachable host or a non-JSON answer into UNAVAILABLE with a Chinese message', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const api = createApiClient({ fetch: down, storage: storage() });
    const err = (await api.call('system.info', {}).catch((e: unknown) => e)) as ApiCallError;
    expect(err.body.code).toBe('UNAVAILABLE');
    expect(err.body.message).toBe('无法连接网点主机，请检查网络连接后重试；如仍无法连接请联系科技部');
    expect(err.body.params).toEqual({ reason: 'Failed to fetch' });

    const html = (async () => new Response('<html>', { status: 502 })) as unknown as typeof fetch;
    const err2 = (await createApiClient({ fetch: html, storage: storage() }).call('system.info', {}).catch((e: unknown) => e)) as ApiCallError;
    expect(err2.body).toMatchObject({ code: 'UNAVAILABLE', params: { reason: 'HTTP 502' } });
  });

  it('logs out locally even when the host is gone', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const store = storage({ 'jingwei.token': 't' });
    const api = createApiClient({ fetch: down, storage: store });
    const ends: unknown[] = [];
    api.onSession((s, reason) => ends.push(reason));
    await api.logout();
    expect(ends).toEqual(['logout']);
    expect(store.data.size).toBe(0);
  });
});

describe('api client events', () => {
  it('opens the stream with the session token, delivers typed events and reopens it after a refused stream', async () => {
    const opened: { url: string; on: { message(d: string): void; error(): void }; closed: boolean }[] = [];
    const api = createApiClient({
      storage: storage({ 'jingwei.token': 'tok' }),
      baseUrl: 'http://h/',
      reconnectMs: 1,
      fetch: fakeFetch(() => ({ ok: true, value: null })).fn,
      openEventSource: (url, on) => {
        const s = { url, on, closed: false };
        opened.push(s);
        return { close: () => void (s.closed = true), isClosed: () => s.closed };
      },
    });
    const got: unknown[] = [];
    const off = api.on('customer.changed', (p) => got.push(p));
    expect(opened.map((o) => o.url)).toEqual(['http://h/api/events?token=tok']);
    opened[0]!.on.message(JSON.stringify({ name: 'customer.changed', payload: { id: 'customer:A', rev: '2-x' } } satisfies EventMessage));
    opened[0]!.on.message(JSON.stringify({ name: 'sync.status', payload: {} }));
    opened[0]!.on.message('not json');
    expect(got).toEqual([{ id: 'customer:A', rev: '2-x' }]);

    opened[0]!.closed = true;
    opened[0]!.on.error();
    await new Promise((r) => setTimeout(r, 20));
    expect(opened).toHaveLength(2);

    off();
    expect(opened[1]!.closed).toBe(true);
  });

  it('uses the Electron bridge when there is one', async () => {
    const calls: CallRequest[] = [];
    let listener: ((e: EventMessage) => void) | null = null;
    const api = createApiClient({
      storage: storage({ 'jingwei.token': 'tok' }),
      bridge: {
        call: async (req) => {
          calls.push(req);
          return { ok: true, value: { app: 'jingwei-branch' } };
        },
        subscribe: (l) => {
          listener = l;
          return () => (listener = null);
        },
      },
    });
    await api.call('system.info', {});
    expect(calls).toEqual([{ method: 'system.info', args: {}, token: 'tok' }]);
    const got: unknown[] = [];
    const off = api.on('sync.status', (p) => got.push(p));
    listener!({ name: 'sync.status', payload: { state: 'online', pending: 0, lastSyncAt: null } });
    expect(got).toHaveLength(1);
    off();
    expect(listener).toBeNull();
  });
});
