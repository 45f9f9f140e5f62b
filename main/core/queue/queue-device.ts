import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * This device's local queue settings, never synced: the kiosk key and the thermal printer.
 *
 * The kiosk issues tickets without a staff login. Rather than make issuing fully public (anyone on the branch
 * LAN could flood the queue) the kiosk presents a device key: generated once on the queue device, kept in this
 * file, handed to the kiosk page at install time (the Electron preload, or `?kioskKey=` once in a browser, which
 * the page keeps in localStorage). Staff with queue.call may issue without it (a ticket for a walk-in).
 */
const fileSchema = z.object({
  kioskKey: z.string().min(32).max(100),
  printer: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('escpos-tcp'), host: z.string().min(1).max(200), port: z.number().int().min(1).max(65535).default(9100) }),
      z.object({ kind: z.literal('escpos-file'), path: z.string().min(1).max(500) }),
    ])
    .optional(),
  branchName: z.string().max(40).optional(),
});

export type QueueDeviceConfig = z.output<typeof fileSchema>;
export type PrinterConfig = NonNullable<QueueDeviceConfig['printer']>;

export const QUEUE_DEVICE_FILE = 'queue-device.json';

export function loadQueueDevice(dataDir: string): QueueDeviceConfig {
  const file = join(dataDir, QUEUE_DEVICE_FILE);
  if (existsSync(file)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }
  const config: QueueDeviceConfig = { kioskKey: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return config;
}

export function kioskKeyMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
