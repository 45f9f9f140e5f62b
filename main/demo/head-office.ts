import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createSyncServer, type SyncServer } from '../../sync-server/server';
import { provisionBranch } from '../../sync-server/provision';
import type { RemoteConfig } from '../core/sync/remote';

const secretsSchema = z.object({
  admin: z.object({ name: z.string(), password: z.string().min(12) }),
  device: z.object({ name: z.string(), password: z.string().min(12) }),
});

/**
 * The demo's credentials are made once per data folder rather than written in the source, so even a demo
 * server never runs with a password anyone could read on the internet.
 */
function demoSecrets(dir: string): z.infer<typeof secretsSchema> {
  const file = join(dir, 'demo-secrets.json');
  if (existsSync(file)) return secretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets = {
    admin: { name: 'admin', password: randomBytes(12).toString('base64url') },
    device: { name: 'hm01-desk-01', password: randomBytes(12).toString('base64url') },
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Starts the embedded head-office server on loopback and provisions branch HM01 with one device user. */
export async function startDemoHeadOffice(dataDir: string, port = 0): Promise<{ server: SyncServer; remote: RemoteConfig; admin: { name: string; password: string } }> {
  mkdirSync(dataDir, { recursive: true });
  const secrets = demoSecrets(dataDir);
  const server = await createSyncServer({ dataDir: join(dataDir, 'head-office'), host: '127.0.0.1', port, admin: secrets.admin });
  await provisionBranch({ url: server.url, admin: secrets.admin, branchCode: 'HM01', deviceUser: secrets.device.name, password: secrets.device.password });
  return { server, remote: { url: server.url, username: secrets.device.name, password: secrets.device.password }, admin: secrets.admin };
}
