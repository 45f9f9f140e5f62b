import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writePrivateFile } from './secrets/private-files';

/** The device's identity file in its data folder: its audit chain and anchors are named after it. */
const deviceFile = (dataDir: string) => join(dataDir, 'device.json');

/** This data folder's device id, or null when no core has run on it yet. */
export function readDeviceId(dataDir: string): string | null {
  const file = deviceFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { deviceId: string }).deviceId : null;
}

/** This data folder's device id, made once (branch code and random) on the first start. */
export function deviceIdFor(dataDir: string, branchCode: string): string {
  const known = readDeviceId(dataDir);
  if (known) return known;
  const deviceId = `${branchCode.toUpperCase()}-${randomBytes(4).toString('hex')}`;
  writePrivateFile(deviceFile(dataDir), JSON.stringify({ deviceId }, null, 2));
  return deviceId;
}
