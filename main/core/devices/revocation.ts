import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../secrets/private-files';

/** Left in a wiped data folder: says why it is empty, and keeps the host from starting on it until re-enrolled. */
export const REVOKED_MARKER = 'revoked.json';

/**
 * A revoked device's data goes: stores, scans, OCR cache, device secrets (store and audit keys, credentials) —
 * everything in its data folder. Without the keys nothing of the stores could be read even from a disk copy made
 * before; removing the files leaves nothing to try.
 */
export function wipeDeviceData(dataDir: string, now: Date): void {
  if (existsSync(dataDir)) {
    // Retried: on Windows a file still open for a moment (a store's WAL checkpoint finishing) cannot be removed yet.
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
  writePrivateFile(join(dataDir, REVOKED_MARKER), JSON.stringify({ revokedAt: now.toISOString() }) + '\n');
}

/** The data folder of a device head office revoked (wiped); the host refuses it until the device is enrolled again. */
export const wasRevoked = (dataDir: string) => existsSync(join(dataDir, REVOKED_MARKER));

export class DeviceWasRevoked extends Error {
  constructor() {
    super('本设备已被总行停用，本机数据已清除；请向科技部申请新的注册码后重新注册 This device was revoked by head office and its data wiped; enrol it again with a new code');
    this.name = 'DeviceWasRevoked';
  }
}
