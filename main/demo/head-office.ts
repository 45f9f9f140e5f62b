import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createSyncServer, type SyncServer } from '../../sync-server/server';
import { provisionBranch, provisionFeedPublisher, provisionIdentityService, provisionReportViewer, provisionRiskOfficer } from '../../sync-server/provision';
import { FEED_PUBLISHER_ROLE, HEAD_OFFICE_WRITES } from '../../sync-server/validation/policy';
import { couchClient, type CouchClient } from '../../sync-server/identity/couch';
import { startIdentityService, type IdentityService } from '../../sync-server/identity/identity-service';
import { startCreditLineService } from '../../sync-server/village/credit-lines';
import { startSelfService, type SelfService } from '../../sync-server/village/self-service';
import type { RemoteConfig } from '../core/sync/remote';
import { createCore, type Core } from '../core/core';
import { demoHeadOfficeKeys, demoTrustRoot, type DemoHeadOffice } from './demo-trust';

const secretsSchema = z.object({
  admin: z.object({ name: z.string(), password: z.string().min(12) }),
  device: z.object({ name: z.string(), password: z.string().min(12) }),
  identity: z.object({ name: z.string(), password: z.string().min(12) }).optional(),
  feeds: z.object({ name: z.string(), password: z.string().min(12) }).optional(),
  hm02Device: z.object({ name: z.string(), password: z.string().min(12) }).optional(),
  reportViewer: z.object({ name: z.string(), password: z.string().min(12) }).optional(),
  riskOfficer: z.object({ name: z.string(), password: z.string().min(12) }).optional(),
});
type Secrets = Required<z.infer<typeof secretsSchema>>;

const newPassword = () => randomBytes(12).toString('base64url');

/**
 * The demo's credentials are made once per data folder rather than written in the source, so even a demo
 * server never runs with a password anyone could read on the internet.
 */
function demoSecrets(dir: string): Secrets {
  const file = join(dir, 'demo-secrets.json');
  const stored = existsSync(file) ? secretsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : null;
  const secrets: Secrets = {
    admin: stored?.admin ?? { name: 'admin', password: newPassword() },
    device: stored?.device ?? { name: 'hm01-desk-01', password: newPassword() },
    identity: stored?.identity ?? { name: 'hq-identity', password: newPassword() },
    feeds: stored?.feeds ?? { name: 'hq-feeds', password: newPassword() },
    hm02Device: stored?.hm02Device ?? { name: 'hm02-desk-01', password: newPassword() },
    reportViewer: stored?.reportViewer ?? { name: 'hq-viewer', password: newPassword() },
    riskOfficer: stored?.riskOfficer ?? { name: 'hq-risk', password: newPassword() },
  };
  if (!stored?.identity || !stored.feeds || !stored.hm02Device || !stored.reportViewer || !stored.riskOfficer) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The demo's two branches: head office's dashboard has something to set side by side. */
export const DEMO_BRANCHES = [
  { code: 'HM01', name: '侯马支行' },
  { code: 'HM02', name: '新田支行' },
] as const;
export type DemoBranchCode = (typeof DEMO_BRANCHES)[number]['code'];

export interface DemoHeadOfficeServer {
  server: SyncServer;
  /** HM01's device credentials (the branch `npm start` opens). */
  remote: RemoteConfig;
  remoteOf(branch: DemoBranchCode): RemoteConfig;
  admin: { name: string; password: string };
  /** Head office's account with the role report-viewer, for the cross-branch dashboard's sign-in. */
  reportViewer: { name: string; password: string };
  /** Head office's account with the role risk-officer, who assigns risk events in the centre (/risk/events). */
  riskOfficer: { name: string; password: string };
  identity: IdentityService;
  /** Head office's feed publisher (loan states, statements): its commission run reads the branches' databases as it. */
  feedPublisher: { url: string; user: { name: string; password: string } };
  /** Head office's village self-service page (村级营销二维码); the one-time codes it sends go to the console. */
  villagePage: SelfService;
  /** The demo's head office signing and delivering through the server to this branch device. */
  headOfficeFor(core: Core): DemoHeadOffice;
  close(): Promise<void>;
}

/** Resolves when every document is in the device's store at the revision head office wrote. */
async function arrived(core: Core, revs: Map<string, string>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await core.store.pouch.allDocs({ keys: [...revs.keys()] });
    if (res.rows.every((r) => 'value' in r && r.value && r.value.rev === revs.get(r.key))) return;
    if (Date.now() > deadline) throw new Error('演示总行的文档未同步到本机 head office\'s documents did not reach this device');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Loan states, risk events, customer value: written by head office's feed publisher, not its identity service. */
const fromFeeds = (id: string) => HEAD_OFFICE_WRITES.some((w) => w.role === FEED_PUBLISHER_ROLE && id.startsWith(w.prefix));

async function deliverThrough(couch: CouchClient, db: string, core: Core, docs: { _id: string }[]): Promise<void> {
  if (docs.length === 0) return;
  const current = await couch.getMany<{ _rev: string }>(db, docs.map((d) => d._id));
  const results = await couch.bulk(db, docs.map((d) => ({ ...d, ...(current.get(d._id) ? { _rev: current.get(d._id)!._rev } : {}) })));
  const failed = results.find((r) => r.error);
  if (failed) throw new Error(`demo head office: ${failed.id} ${failed.error}: ${failed.reason}`);
  await arrived(core, new Map(results.map((r) => [r.id, r.rev!])));
}

/**
 * Starts the embedded head-office server on loopback, provisions branches HM01 and HM02 with one device user each
 * and a report viewer, and runs head office's identity service against it over HTTP as a `staff-signer` user,
 * with the demo trust root's keys.
 */
export async function startDemoHeadOffice(dataDir: string, port = 0): Promise<DemoHeadOfficeServer> {
  mkdirSync(dataDir, { recursive: true });
  const secrets = demoSecrets(dataDir);
  const keys = demoHeadOfficeKeys(dataDir);
  const server = await createSyncServer({ dataDir: join(dataDir, 'head-office'), host: '127.0.0.1', port, admin: secrets.admin });
  const devices: Record<DemoBranchCode, { name: string; password: string }> = { HM01: secrets.device, HM02: secrets.hm02Device };
  for (const { code } of DEMO_BRANCHES) {
    await provisionBranch({ url: server.url, admin: secrets.admin, branchCode: code, deviceUser: devices[code].name, password: devices[code].password });
  }
  await provisionReportViewer({ url: server.url, admin: secrets.admin, deviceUser: secrets.reportViewer.name, password: secrets.reportViewer.password });
  await provisionRiskOfficer({ url: server.url, admin: secrets.admin, deviceUser: secrets.riskOfficer.name, password: secrets.riskOfficer.password });
  const branches = DEMO_BRANCHES.map((b) => b.code);
  await provisionIdentityService({ url: server.url, admin: secrets.admin, deviceUser: secrets.identity.name, password: secrets.identity.password });
  await provisionFeedPublisher({ url: server.url, admin: secrets.admin, deviceUser: secrets.feeds.name, password: secrets.feeds.password });
  const target = { url: server.url, user: secrets.identity };
  const identity = startIdentityService({ target, keys, branches, intervalMs: 2_000, log: (level, msg) => (level === 'info' ? console.log(`[总行身份服务 identity] ${msg}`) : console[level](`[identity] ${msg}`)) });
  const couch = couchClient(target);
  const feeds = couchClient({ url: server.url, user: secrets.feeds });
  // 整村授信: credit lines from the branch head's batch approvals, and the households' self-service page.
  const villageTarget = { url: server.url, user: secrets.feeds };
  const villageLog = (level: 'info' | 'warn' | 'error', msg: string) => console[level === 'info' ? 'log' : level](`[总行整村授信 village] ${msg}`);
  const creditLines = startCreditLineService({ target: villageTarget, keys, branches, intervalMs: 2_000, log: villageLog });
  const villagePage = await startSelfService({
    target: villageTarget, keys, log: villageLog, lockFile: join(dataDir, 'village-self-service-locks.json'),
    // The demo has no SMS gateway: the code is printed, as head office's console channel would.
    sendCode: async (to, text) => console.log(`[短信 SMS → ${to.number}] ${text}`),
  });
  const remoteOf = (branch: DemoBranchCode): RemoteConfig => ({ url: server.url, username: devices[branch].name, password: devices[branch].password });
  return {
    server,
    remote: remoteOf('HM01'),
    remoteOf,
    admin: secrets.admin,
    reportViewer: secrets.reportViewer,
    riskOfficer: secrets.riskOfficer,
    identity,
    feedPublisher: { url: server.url, user: secrets.feeds },
    villagePage,
    headOfficeFor: (core) => ({
      keys,
      async deliver(docs) {
        const db = `branch-${core.branchCode.toLowerCase()}`;
        await deliverThrough(couch, db, core, docs.filter((d) => !fromFeeds(d._id)));
        await deliverThrough(feeds, db, core, docs.filter((d) => fromFeeds(d._id)));
      },
    }),
    async close() {
      await identity.stop();
      await creditLines.stop();
      await villagePage.close();
      await server.close();
    },
  };
}

/** A demo branch PC syncing with the demo head office; it pins head office's public key, as a real one does at provisioning. */
export function openDemoBranch(headOffice: DemoHeadOfficeServer, dataDir: string, code: DemoBranchCode): Promise<Core> {
  const branch = DEMO_BRANCHES.find((b) => b.code === code)!;
  return createCore({
    dataDir: join(dataDir, `branch-${code.toLowerCase()}`), branchCode: code, branchName: branch.name, remote: headOffice.remoteOf(code),
    trust: demoTrustRoot(dataDir), villageSelfServiceUrl: headOffice.villagePage.url,
  });
}
