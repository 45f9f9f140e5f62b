import type { ApiErrorBody } from './errors';

/** What crosses IPC or HTTP for one call. The token identifies the acting staff member's session. */
export interface CallRequest {
  method: string;
  args: unknown;
  token?: string;
  /** Set by the transport, never by the caller: the HTTP client's address ('local' when absent). */
  address?: string;
}

export type CallResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

export interface EventMessage {
  name: string;
  payload: unknown;
}

/** The single object the Electron preload exposes as `window.jingwei`; the browser client implements the same. */
export interface Bridge {
  call(request: CallRequest): Promise<CallResult>;
  subscribe(listener: (event: EventMessage) => void): () => void;
}

export const IPC_CALL_CHANNEL = 'jingwei:call';
export const IPC_EVENT_CHANNEL = 'jingwei:event';
