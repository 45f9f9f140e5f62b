import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import { apiError } from '../core/api/dispatch';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallRequest, type CallResult, type EventMessage } from '../core/api/transport';
import { isTrustedSender, type AppRoot } from './security';

/** What the shell needs of the core; `createCore` returns more. */
export interface ShellCore {
  call(request: CallRequest): Promise<CallResult>;
  onEvent(listener: (event: EventMessage) => void): () => void;
}

/** The envelope only: the method's own arguments are checked by the core's dispatcher against the contract. */
export const callRequestSchema = z.strictObject({
  method: z.string().min(1).max(120),
  args: z.unknown(),
  token: z.string().min(1).max(512).optional(),
});

type SenderFrame = Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url' | 'parent'>;

/** Only the top frame of one of our own pages may call the core; a subframe or a foreign page may not. */
export function senderIsTrusted(frame: SenderFrame | null | undefined, roots: readonly AppRoot[]): boolean {
  if (!frame || frame.parent !== null) return false;
  return roots.some((root) => isTrustedSender(frame.url, root));
}

export class ForeignSenderError extends Error {
  constructor(url: string) {
    super(`IPC from an untrusted frame refused: ${url.slice(0, 200)}`);
    this.name = 'ForeignSenderError';
  }
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: ShellCore;
  /** Roots of the bridged windows (our build on disk); LAN-hosted pages never reach IPC. */
  roots: readonly AppRoot[];
  log?(message: string): void;
}

/**
 * Registers the one call channel. Foreign senders get a bare rejection (they learn nothing about the API);
 * our pages always get a CallResult, so the renderer handles IPC and HTTP failures the same way.
 */
export function registerCallHandler(opts: IpcOptions): () => void {
  opts.ipcMain.handle(IPC_CALL_CHANNEL, async (event, raw: unknown): Promise<CallResult> => {
    if (!senderIsTrusted(event.senderFrame, opts.roots)) {
      const url = event.senderFrame?.url ?? '(no frame)';
      opts.log?.(`ipc refused from ${url.slice(0, 200)}`);
      throw new ForeignSenderError(url);
    }
    const parsed = callRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
      return { ok: false, error: apiError('BAD_REQUEST', 'error.BAD_REQUEST', { reason }).body };
    }
    const { method, args, token } = parsed.data;
    try {
      return await opts.core.call(token === undefined ? { method, args } : { method, args, token });
    } catch (error) {
      // The dispatcher turns its own failures into results; reaching here means the core itself is gone.
      opts.log?.(`core.call ${method} threw: ${String(error)}`);
      return { ok: false, error: apiError('UNAVAILABLE', 'shell.coreUnavailable').body };
    }
  });
  return () => opts.ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

type EventTarget = Pick<WebContents, 'isDestroyed' | 'send'>;

/**
 * Pushes every core event to the bridged windows alive at that moment. A window that closes between the
 * list and the send is skipped, not an error.
 */
export function forwardEvents(core: Pick<ShellCore, 'onEvent'>, targets: () => Iterable<EventTarget>, log?: (message: string) => void): () => void {
  return core.onEvent((event) => {
    const message: EventMessage = { name: event.name, payload: event.payload };
    for (const target of targets()) {
      if (target.isDestroyed()) continue;
      try {
        target.send(IPC_EVENT_CHANNEL, message);
      } catch (error) {
        log?.(`event ${event.name} not delivered: ${String(error)}`);
      }
    }
  });
}
