import type { Handlers } from '../api/handlers';
import type { queueContract } from './queue.contract';
import type { DeviceSecrets } from '../secrets/device-secrets';
import { loadQueueDevice } from './queue-device';
import { queueHandlers, type QueueDeps } from './queue.service';
import { watchMarketing } from './queue-marketing';
import { escPosPrinter } from './ticket-printer';

/**
 * Wires the queue from this device's data folder: its kiosk key and, when set up, its thermal printer; and watches
 * `reference` for marketing items head office publishes. `close` stops the watch.
 */
export function queueArea(
  deps: Omit<QueueDeps, 'device' | 'printer'> & { dataDir: string; secrets: DeviceSecrets; clock: () => Date; watchMarketing?: boolean },
): { handlers: Handlers<typeof queueContract>; close(): void } {
  const device = loadQueueDevice(deps.dataDir, deps.secrets);
  return {
    handlers: queueHandlers({ ...deps, device, printer: device.printer ? escPosPrinter(device.printer) : undefined }),
    close: deps.watchMarketing === false ? () => undefined : watchMarketing(deps, deps.clock),
  };
}
