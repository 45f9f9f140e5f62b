import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DeviceSecrets } from '../secrets/device-secrets';
import { writePrivateFile } from '../secrets/private-files';

/**
 * This device's local queue settings, never synced: the thermal printer and the name on the tickets. Its keys live
 * in the device secrets (secrets/device-secrets.ts), not in this file:
 *
 * - the kiosk key: the kiosk issues tickets without a staff login. Rather than make issuing fully public (anyone
 *   on the branch LAN could flood the queue) the kiosk presents this key, handed to the kiosk page at install time
 *   (the Electron preload, or `?kioskKey=` once in a browser, which the page keeps in localStorage). Staff with
 *   queue.call may issue without it (a walk-in);
 * - the counter key: counter PCs that run their own core (Electron desks) present it over the LAN together with
 *   the teller's password, which this device checks itself (counter-auth.ts);
 * - the counter-pass key signs the passes that renew a teller's counter session after this device restarts; it
 *   never leaves the device.
 *
 * `jingwei lan-keys` shows the kiosk and counter keys to IT, and makes new ones.
 */
const fileSchema = z.object({
  // Written here by versions before the device secrets; moved into them on the next start.
  kioskKey: z.string().min(32).max(100).optional(),
  counterKey: z.string().min(32).max(100).optional(),
  printer: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('escpos-tcp'), host: z.string().min(1).max(200), port: z.number().int().min(1).max(65535).default(9100) }),
      z.object({ kind: z.literal('escpos-file'), path: z.string().min(1).max(500) }),
    ])
    .optional(),
  branchName: z.string().max(40).optional(),
}).strict();

type QueueDeviceFile = z.output<typeof fileSchema>;
export type PrinterConfig = NonNullable<QueueDeviceFile['printer']>;

export interface QueueDeviceKeys {
  kioskKey: string;
  counterKey: string;
  /** HMAC key of counter passes (counter-pass.ts). */
  passKey: Uint8Array;
}

export type QueueDevice = Omit<QueueDeviceFile, 'kioskKey' | 'counterKey'> & QueueDeviceKeys;

export const QUEUE_DEVICE_FILE = 'queue-device.json';
export const KIOSK_KEY = 'queue.kiosk-key';
export const COUNTER_KEY = 'queue.counter-key';
const PASS_KEY = 'queue.counter-pass';

const newDeviceKey = () => randomBytes(24).toString('base64url');

/** A key handed to another device (kiosk page, counter PC): kept as a printable secret, made on first use. */
function sharedKey(secrets: DeviceSecrets, name: string, legacy?: string): string {
  const existing = secrets.secret(name);
  if (existing) return existing;
  secrets.setSecret(name, legacy ?? newDeviceKey());
  return secrets.secret(name)!;
}

/** The kiosk and counter keys (made on first use) and the counter-pass key. */
export function queueDeviceKeys(secrets: DeviceSecrets, legacy: { kioskKey?: string; counterKey?: string } = {}): QueueDeviceKeys {
  return { kioskKey: sharedKey(secrets, KIOSK_KEY, legacy.kioskKey), counterKey: sharedKey(secrets, COUNTER_KEY, legacy.counterKey), passKey: secrets.key(PASS_KEY) };
}

/**
 * Replaces a shared key (a kiosk or counter PC was lost): every kiosk or counter PC needs the new one. A new counter
 * key also ends every counter pass handed out so far: the tellers type their password once more.
 */
export function renewQueueDeviceKey(secrets: DeviceSecrets, which: 'kiosk' | 'counter'): string {
  const name = which === 'kiosk' ? KIOSK_KEY : COUNTER_KEY;
  secrets.setSecret(name, newDeviceKey());
  if (which === 'counter') secrets.retireKeys(PASS_KEY, secrets.rotateKey(PASS_KEY).generation);
  return secrets.secret(name)!;
}

export function loadQueueDevice(dataDir: string, secrets: DeviceSecrets): QueueDevice {
  const file = join(dataDir, QUEUE_DEVICE_FILE);
  let settings: QueueDeviceFile = {};
  if (existsSync(file)) {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    settings = parsed.data;
  }
  const { kioskKey, counterKey, ...rest } = settings;
  const keys = queueDeviceKeys(secrets, { kioskKey, counterKey });
  // Keys of older versions move into the device secrets; the file keeps only the settings.
  if (kioskKey || counterKey) writePrivateFile(file, JSON.stringify(rest, null, 2));
  return { ...rest, ...keys };
}

/** Compares a presented device key (kiosk or counter) in constant time. */
export function deviceKeyMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
