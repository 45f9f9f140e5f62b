import { actorOf, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { CoreEvents } from '../events';
import type { queueContract } from './queue.contract';
import { followEvents } from './queue-remote-events';
import { connect, disconnect, forward, FORWARDED_METHODS, remoteLinkContext, type Forwarded } from './queue-remote-link';

export { FORWARDED_METHODS } from './queue-remote-link';

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

/**
 * The queue of a counter PC that runs its own core: the teller's counter work and the board are carried to the
 * queue device over the LAN, under a counter session the queue device opened after checking her password itself
 * (the counter key alone gets nothing). The queue device's public events are re-emitted here, so the counter
 * screen works exactly as on the queue device itself. A LAN failure is UNAVAILABLE, which the counter screen
 * shows and retries with the same request id.
 */
export function remoteQueue(deps: RemoteQueueDeps): RemoteQueue {
  const c = remoteLinkContext(deps);
  void followEvents(c);

  const forwarded = Object.fromEntries(
    FORWARDED_METHODS.map((m) => [m, (args: unknown, ctx: CallContext) => forward(c, m, args, ctx)]),
  ) as unknown as Pick<Handlers<typeof queueContract>, Forwarded>;
  const handlers: RemoteQueueHandlers = {
    ...forwarded,
    'queue.connectCounter': async ({ password }, ctx) => {
      const actor = actorOf(ctx);
      await connect(c, actor.token, actor.staffNo, password);
      return { connected: true as const };
    },
    // Tickets come from the kiosk: this PC holds no kiosk key and does not number tickets of its own.
    'queue.issue': async () => {
      throw apiError('FORBIDDEN', 'queue.error.kioskOnly');
    },
  };

  return {
    handlers,
    connect: (localToken, staffNo, password) => connect(c, localToken, staffNo, password),
    disconnect: (localToken) => disconnect(c, localToken),
    close: () => c.stop.abort(),
  };
}
