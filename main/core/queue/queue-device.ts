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
 *
 * Counter PCs that run their own core (Electron desks) reach this queue over the LAN with the counter key AND the
 * teller's password, which this device checks itself (counter-auth.ts); the pass key signs the counter passes
 * that renew a teller's counter session after this device restarts.
 */
const fileSchema = z.object({
  kioskKey: z.string().min(32).max(100),
  /** Counter PCs that run their own core present this key to act on this queue for their logged-in teller. */
  counterKey: z.string().min(32).max(100).optional(),
  /** Signs counter passes (counter-pass.ts); never leaves this device. */
  passKey: z.string().min(32).max(100).optional(),
  printer: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('escpos-tcp'), host: z.string().min(1).max(200), port: z.number().int().min(1).max(65535).default(9100) }),
      z.object({ kind: z.literal('escpos-file'), path: z.string().min(1).max(500) }),
    ])
    .optional(),
  branchName: z.string().max(40).optional(),
});

export type QueueDeviceConfig = z.output<typeof fileSchema>;
/** The settings as loaded: the keys are always there (made on first load). */
export type QueueDevice = QueueDeviceConfig & { counterKey: string; passKey: string };
export type PrinterConfig = NonNullable<QueueDeviceConfig['printer']>;

export const QUEUE_DEVICE_FILE = 'queue-device.json';

export function loadQueueDevice(dataDir: string): QueueDevice {
  const file = join(dataDir, QUEUE_DEVICE_FILE);
  const newKey = () => randomBytes(24).toString('base64url');
  let config: QueueDeviceConfig;
  if (existsSync(file)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    config = parsed.data;
    if (config.counterKey && config.passKey) return { ...config, counterKey: config.counterKey, passKey: config.passKey };
  } else {
    config = { kioskKey: newKey() };
  }
  // Files written before counters had their own keys get them added; the keys already there stay as they were.
  const complete = { ...config, counterKey: config.counterKey ?? newKey(), passKey: config.passKey ?? newKey() };
  writeFileSync(file, JSON.stringify(complete, null, 2), { mode: 0o600 });
  return complete;
}

/** Compares a presented device key (kiosk or counter) in constant time. */
export function deviceKeyMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
