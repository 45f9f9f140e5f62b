import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { pemCertificates, spkiHash } from '../../../main/core/lan/branch-ca';
import { queueDeviceKeys, type QueueDeviceKeys } from '../../../main/core/queue/queue-device';
import { defaultSecretsDir, openDeviceSecrets } from '../../../main/core/secrets/device-secrets';
import config from '../playwright.config';

/** The kiosk and counter keys IT reads on the queue device (`jingwei lan-keys`), from its device secrets. */
export async function queueKeys(dataDir: string): Promise<QueueDeviceKeys> {
  return queueDeviceKeys(await openDeviceSecrets({ dir: defaultSecretsDir(dataDir) }));
}

/** The branch CA file IT copies from the queue device to every counter PC and hall PC. */
export const branchCaFile = (dataDir: string) => join(dataDir, 'lan-tls', 'branch-ca.pem');

/**
 * A browser as a hall TV or kiosk browser is set up on the branch LAN: it accepts the queue device's certificate
 * because it pins the branch CA's key (`--ignore-certificate-errors-spki-list`, the SPKI line of `jingwei lan-keys`),
 * and nothing else that is not publicly trusted.
 */
export async function pinnedBrowser(dataDir: string): Promise<Browser> {
  const spki = pemCertificates(readFileSync(branchCaFile(dataDir), 'utf8')).map(spkiHash).join(',');
  const base = config.use?.launchOptions ?? {};
  return chromium.launch({ ...base, args: [...(base.args ?? []), `--ignore-certificate-errors-spki-list=${spki}`] });
}
