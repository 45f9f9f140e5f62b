import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type EventMessage } from '../main/core/api/transport';
import { translate } from '../i18n/translate';
import { CORE_UNAVAILABLE_ZH, createBridge, type IpcPort } from './bridge';

function fakeIpc(invoke: IpcPort['invoke'] = async (_c, payload) => ({ ok: true, value: payload })) {
  const emitter = new EventEmitter();
  const port = {
    invoke: vi.fn(invoke),
    on: vi.fn((channel: string, l: (...a: unknown[]) => void) => void emitter.on(channel, l)),
    off: vi.fn((channel: string, l: (...a: unknown[]) => void) => void emitter.off(channel, l)),
  };
  // What ipcRenderer delivers: an event object carrying `sender` (the ipcRenderer) plus the message.
  const deliver = (message: unknown) => emitter.emit(IPC_EVENT_CHANNEL, { sender: { secret: 'ipcRenderer' }, ports: [] }, message);
  return { port, emitter, deliver };
}

describe('createBridge().call', () => {
  it('invokes only the call channel with a copy holding just method, args and token', async () => {
    const { port } = fakeIpc();
    const bridge = createBridge(port);
    const request = { method: 'customers.search', args: { q: '李' }, token: 'tok', extra: () => 'smuggled' };
    const result = await bridge.call(request);
    expect(port.invoke).toHaveBeenCalledTimes(1);
    const [channel, sent] = port.invoke.mock.calls[0]!;
    expect(channel).toBe(IPC_CALL_CHANNEL);
    expect(sent).toEqual({ method: 'customers.search', args: { q: '李' }, token: 'tok' });
    expect(sent).not.toBe(request);
    expect(result).toEqual({ ok: true, value: sent });
  });

  it('omits an absent token', async () => {
    const { port } = fakeIpc();
    await createBridge(port).call({ method: 'session.login', args: {} });
    expect(Object.keys(port.invoke.mock.calls[0]![1] as object)).toEqual(['method', 'args']);
  });

  it('turns a refused or broken channel into an UNAVAILABLE result', async () => {
    const { port } = fakeIpc(async () => {
      throw new Error("Error invoking remote method 'jingwei:call': ForeignSenderError");
    });
    const result = await createBridge(port).call({ method: 'x', args: {} });
    expect(result).toEqual({ ok: false, error: { code: 'UNAVAILABLE', key: 'shell.coreUnavailable', message: translate('shell.coreUnavailable') } });
  });

  it('keeps its built-in message equal to the dictionary entry', () => {
    expect(CORE_UNAVAILABLE_ZH).toBe(translate('shell.coreUnavailable', {}, 'zh-CN'));
  });
});

describe('createBridge().subscribe', () => {
  it('hands listeners plain { name, payload } data, never the IPC event', () => {
    const { port, deliver } = fakeIpc();
    const bridge = createBridge(port);
    const received: unknown[][] = [];
    bridge.subscribe((...args: unknown[]) => void received.push(args));
    deliver({ name: 'customer.changed', payload: { id: 'customer:1', rev: '2-b' }, sender: 'leak?' });
    expect(received).toEqual([[{ name: 'customer.changed', payload: { id: 'customer:1', rev: '2-b' } }]]);
    expect(JSON.stringify(received)).not.toContain('ipcRenderer');
  });

  it('ignores malformed messages', () => {
    const { port, deliver } = fakeIpc();
    const listener = vi.fn();
    createBridge(port).subscribe(listener);
    for (const bad of [null, 'x', 42, { payload: 1 }, { name: 5 }]) deliver(bad);
    expect(listener).not.toHaveBeenCalled();
  });

  it('shares one IPC listener among subscribers and detaches it after the last unsubscribe', () => {
    const { port, emitter, deliver } = fakeIpc();
    const bridge = createBridge(port);
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.subscribe(a);
    const offB = bridge.subscribe(b);
    expect(emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    deliver({ name: 'sync.status', payload: {} });
    offA();
    offA();
    deliver({ name: 'sync.status', payload: {} });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    offB();
    expect(emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    expect(port.off).toHaveBeenCalledTimes(1);
    bridge.subscribe(a);
    expect(emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
  });

  it('treats two subscriptions of the same function as independent', () => {
    const { port, deliver } = fakeIpc();
    const bridge = createBridge(port);
    const listener = vi.fn();
    const off1 = bridge.subscribe(listener);
    bridge.subscribe(listener);
    off1();
    deliver({ name: 'sync.status', payload: {} });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering to others when one listener throws, and reports the error', () => {
    const { port, deliver } = fakeIpc();
    const errors: unknown[] = [];
    const bridge = createBridge(port, (e) => errors.push(e));
    const good = vi.fn<(e: EventMessage) => void>();
    bridge.subscribe(() => {
      throw new Error('component crashed');
    });
    bridge.subscribe(good);
    deliver({ name: 'sync.status', payload: { state: 'online' } });
    expect(good).toHaveBeenCalledWith({ name: 'sync.status', payload: { state: 'online' } });
    expect(errors).toEqual([new Error('component crashed')]);
  });

  it('exposes a frozen object with only call and subscribe', () => {
    const bridge = createBridge(fakeIpc().port);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(() => bridge.subscribe('nope' as never)).toThrow(TypeError);
  });
});
