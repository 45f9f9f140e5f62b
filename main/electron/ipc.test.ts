import { describe, expect, it, vi } from 'vitest';
import { CoreEvents } from '../core/events';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallRequest, type CallResult } from '../core/api/transport';
import { ForeignSenderError, forwardEvents, registerCallHandler, senderIsTrusted } from './ipc';

const ROOT = 'app://jingwei/';
type Handler = (event: { senderFrame: { url: string; parent: unknown } | null }, raw: unknown) => Promise<CallResult>;

function setup(call: (req: CallRequest) => Promise<CallResult> = async (req) => ({ ok: true, value: req })) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const core = { call: vi.fn(call), onEvent: () => () => {} };
  const log = vi.fn();
  const dispose = registerCallHandler({ ipcMain: ipcMain as never, core, roots: [ROOT], log });
  const ours = { senderFrame: { url: `${ROOT}index.html?role=desk`, parent: null } };
  return { handlers, ipcMain, core, log, dispose, ours, handler: () => handlers.get(IPC_CALL_CHANNEL)! };
}

describe('registerCallHandler', () => {
  it('registers the call channel and nothing else', () => {
    const { handlers, dispose } = setup();
    expect([...handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('forwards a well-formed request from our page to the core and returns its result', async () => {
    const { handler, core, ours } = setup();
    const result = await handler()(ours, { method: 'customers.search', args: { q: '张' }, token: 't1' });
    expect(core.call).toHaveBeenCalledWith({ method: 'customers.search', args: { q: '张' }, token: 't1' });
    expect(result).toEqual({ ok: true, value: { method: 'customers.search', args: { q: '张' }, token: 't1' } });
  });

  it('passes no token key when the page sent none (public methods)', async () => {
    const { handler, core, ours } = setup();
    await handler()(ours, { method: 'session.login', args: {} });
    expect(core.call.mock.calls[0]![0]).toEqual({ method: 'session.login', args: {} });
    expect('token' in core.call.mock.calls[0]![0]).toBe(false);
  });

  it('rejects foreign senders without touching the core', async () => {
    const { handler, core, log } = setup();
    await expect(handler()({ senderFrame: { url: 'https://evil.example/', parent: null } }, { method: 'audit.verify', args: {} })).rejects.toBeInstanceOf(ForeignSenderError);
    await expect(handler()({ senderFrame: { url: `${ROOT}index.html`, parent: {} } }, { method: 'audit.verify', args: {} })).rejects.toBeInstanceOf(ForeignSenderError);
    await expect(handler()({ senderFrame: null }, { method: 'audit.verify', args: {} })).rejects.toBeInstanceOf(ForeignSenderError);
    expect(core.call).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('ipc refused from https://evil.example/');
  });

  it('answers a malformed envelope with a BAD_REQUEST result naming the field', async () => {
    const { handler, core, ours } = setup();
    for (const raw of [null, 'x', { args: {} }, { method: '', args: {} }, { method: 'a', args: {}, token: 5 }, { method: 'a', args: {}, extra: 1 }]) {
      const result = await handler()(ours, raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('BAD_REQUEST');
        expect(result.error.message).toMatch(/^请求格式不正确：/);
      }
    }
    const missing = await handler()(ours, { args: {} });
    expect(!missing.ok && missing.error.params?.reason).toMatch(/^method:/);
    expect(core.call).not.toHaveBeenCalled();
  });

  it('turns a core that throws into an UNAVAILABLE result', async () => {
    const { handler, ours, log } = setup(async () => {
      throw new Error('database closed');
    });
    const result = await handler()(ours, { method: 'customers.search', args: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', key: 'shell.coreUnavailable' } });
    expect(log).toHaveBeenCalledWith('core.call customers.search threw: Error: database closed');
  });
});

describe('senderIsTrusted', () => {
  it('needs a top frame inside one of the roots', () => {
    expect(senderIsTrusted({ url: `${ROOT}index.html`, parent: null }, [ROOT])).toBe(true);
    expect(senderIsTrusted({ url: `${ROOT}index.html`, parent: null }, [])).toBe(false);
    expect(senderIsTrusted(undefined, [ROOT])).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends each core event as plain data to every live window, skipping closed and failing ones', () => {
    const events = new CoreEvents();
    const sent: unknown[][] = [];
    const live = { isDestroyed: () => false, send: (...a: unknown[]) => void sent.push(a) };
    const closed = { isDestroyed: () => true, send: vi.fn() };
    const broken = {
      isDestroyed: () => false,
      send: () => {
        throw new Error('render frame disposed');
      },
    };
    const log = vi.fn();
    const stop = forwardEvents(events, () => [broken, closed, live], log);

    events.emit('sync.status', { state: 'online', pending: 0, lastSyncAt: null });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { name: 'sync.status', payload: { state: 'online', pending: 0, lastSyncAt: null } }]]);
    expect(closed.send).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('event sync.status not delivered: Error: render frame disposed');

    stop();
    events.emit('customer.changed', { id: 'customer:1', rev: '1-a' });
    expect(sent).toHaveLength(1);
  });
});
