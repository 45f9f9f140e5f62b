import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Bridge, type CallRequest, type CallResult, type EventMessage } from '../main/core/api/transport';

/** The slice of `ipcRenderer` the bridge uses; the preload passes closures over it, never the object itself. */
export interface IpcPort {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): void;
  off(channel: string, listener: (event: unknown, message: unknown) => void): void;
}

function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

/**
 * The zh-CN text of `shell.coreUnavailable`. The preload cannot carry the dictionaries (they pull in domain code,
 * and every byte here loads into every page); the renderer translates by key anyway. A test keeps the two equal.
 */
export const CORE_UNAVAILABLE_ZH = '本机数据服务没有响应，请重新启动精微网点；仍不能恢复请联系科技部';

function unavailable(): CallResult {
  return { ok: false, error: { code: 'UNAVAILABLE', key: 'shell.coreUnavailable', message: CORE_UNAVAILABLE_ZH } };
}

/**
 * Builds `window.jingwei`. It can reach exactly one invoke channel and one event channel; requests are copied
 * field by field so nothing but plain data crosses, and listeners get `{ name, payload }`, never the IPC event
 * (whose `sender` would hand the page the whole ipcRenderer).
 */
export function createBridge(ipc: IpcPort, reportListenerError: (error: unknown) => void = (e) => setTimeout(() => { throw e; })): Bridge {
  const listeners = new Set<(event: EventMessage) => void>();

  const onMessage = (_event: unknown, message: unknown) => {
    if (!isEventMessage(message)) return;
    const copy: EventMessage = { name: message.name, payload: message.payload };
    for (const listener of [...listeners]) {
      // One broken screen component must not starve the others of events.
      try {
        listener(copy);
      } catch (error) {
        reportListenerError(error);
      }
    }
  };

  const bridge: Bridge = {
    async call(request: CallRequest): Promise<CallResult> {
      const envelope: CallRequest = { method: request.method, args: request.args };
      if (request.token !== undefined) envelope.token = request.token;
      try {
        return (await ipc.invoke(IPC_CALL_CHANNEL, envelope)) as CallResult;
      } catch {
        return unavailable();
      }
    },
    subscribe(listener: (event: EventMessage) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('subscribe expects a function');
      // One IPC listener for all subscribers keeps Electron's max-listener warning away on busy screens.
      if (listeners.size === 0) ipc.on(IPC_EVENT_CHANNEL, onMessage);
      const own = (event: EventMessage) => listener(event);
      listeners.add(own);
      return () => {
        if (!listeners.delete(own)) return;
        if (listeners.size === 0) ipc.off(IPC_EVENT_CHANNEL, onMessage);
      };
    },
  };
  return Object.freeze(bridge);
}
