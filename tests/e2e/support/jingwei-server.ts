import { execFileSync, spawnSync } from 'node:child_process';
import { startJingweiServer, type ServerProcess } from '../../../bench/support/server-process';
import { REPO_ROOT } from './host';

/**
 * Head office as its IT sets it up for a spec that drives `jingwei feed|value …` itself: `jingwei server` in its own
 * process, branch HM01 with one device user (`jingwei couchdb-setup`), and the feed-publisher user head office's
 * batch commands sign in as.
 */
export const HEAD_OFFICE_ADMIN = { name: 'hq-admin', password: 'hq-admin-password-1' };
export const HM01_DEVICE = { name: 'hm01-desk', password: 'device-password-01' };
export const FEED_PUBLISHER = { name: 'hq-feeds', password: 'feeds-password-01' };

export interface HeadOfficeServer extends ServerProcess {
  dataDir: string;
}

/** `jingwei server` on `dataDir`; `port` brings it back on the address it had. */
export async function startHeadOfficeServer(dataDir: string, port = 0): Promise<HeadOfficeServer> {
  return { ...(await startJingweiServer(dataDir, HEAD_OFFICE_ADMIN, port)), dataDir };
}

/** A fresh server made ready for branch HM01's device and head office's feed commands. */
export async function provisionedHeadOffice(dataDir: string): Promise<HeadOfficeServer> {
  const server = await startHeadOfficeServer(dataDir);
  execFileSync(process.execPath, ['bin/jingwei.js', 'couchdb-setup', '--url', server.url, '--branch', 'HM01', '--device-user', HM01_DEVICE.name], {
    cwd: REPO_ROOT,
    env: { ...process.env, JINGWEI_ADMIN_USER: HEAD_OFFICE_ADMIN.name, JINGWEI_ADMIN_PASSWORD: HEAD_OFFICE_ADMIN.password, JINGWEI_DEVICE_PASSWORD: HM01_DEVICE.password },
  });
  const basic = `Basic ${Buffer.from(`${HEAD_OFFICE_ADMIN.name}:${HEAD_OFFICE_ADMIN.password}`).toString('base64')}`;
  const made = await fetch(`${server.url}/_users/org.couchdb.user:${FEED_PUBLISHER.name}`, {
    method: 'PUT',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify({ name: FEED_PUBLISHER.name, password: FEED_PUBLISHER.password, roles: ['feed-publisher'], type: 'user' }),
  });
  if (!made.ok) throw new Error(`feed-publisher user not made: ${made.status} ${await made.text()}`);
  return server;
}

/** The branch host's arguments for syncing with `server` as HM01's device. */
export const hm01Remote = (server: HeadOfficeServer) => ({
  args: ['--remote', `${server.url}/branch-hm01`, '--user', HM01_DEVICE.name],
  env: { JINGWEI_DEVICE_PASSWORD: HM01_DEVICE.password },
});

/** `jingwei …` as head office's batch jobs run it (signed in as the feed publisher); a refusal is returned, not thrown. */
export function headOfficeCommand(...args: string[]): { code: number; out: string } {
  return headOfficeCommandAs(FEED_PUBLISHER, ...args);
}

/** The same, signed in as another head office's feed publisher (the demo's, from its demo-secrets.json). */
export function headOfficeCommandAs(publisher: { name: string; password: string }, ...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['bin/jingwei.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, JINGWEI_FEED_USER: publisher.name, JINGWEI_FEED_PASSWORD: publisher.password },
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
