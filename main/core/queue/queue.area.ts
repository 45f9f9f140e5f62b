import type { Handlers } from '../api/handlers';
import type { queueContract } from './queue.contract';
import { loadQueueDevice } from './queue-device';
import { queueHandlers, type QueueDeps } from './queue.service';
import { escPosPrinter } from './ticket-printer';

/** Wires the queue from this device's data folder: its kiosk key and, when set up, its thermal printer. */
export function queueArea(deps: Omit<QueueDeps, 'device' | 'printer'> & { dataDir: string }): Handlers<typeof queueContract> {
  const device = loadQueueDevice(deps.dataDir);
  return queueHandlers({ ...deps, device, printer: device.printer ? escPosPrinter(device.printer) : undefined });
}
