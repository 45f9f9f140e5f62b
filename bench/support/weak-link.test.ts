import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPouch } from '../../db/pouchdb';
import { provisionBranch } from '../../sync-server/provision';
import { newMeter } from '../../sync-server/client/gzip-fetch';
import { startTestServer, TEST_ADMIN } from '../../sync-server/test-support';
import { startLinkSim } from './link-sim';
import { pushEndOfDay } from './eod-client';

const device = { name: 'hm01-kiosk', password: 'kiosk-password-01' };
let cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jw-weak-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A day's worth in miniature: valid customer records, a few with scans attached. */
async function branchDay(path: string, records: number, scans: number) {
  const db = createPouch(path);
  cleanup.push(() => db.close());
  const docs = Array.from({ length: records }, (_, i) => ({
    _id: `customer:${String(i).padStart(26, '0')}`,
    type: 'customer',
    kind: 'individual',
    name: `客户${i}`,
    phone: '13800000000',
    address: `侯马市${i}号`,
    ...(i < scans ? { _attachments: { 'id-front.jpg': { content_type: 'image/jpeg', data: randomBytes(40_000).toString('base64') } } } : {}),
  }));
  await db.bulkDocs(docs);
  return db;
}

async function sameOnServer(local: PouchDB.Database, url: string) {
  const auth = 'Basic ' + Buffer.from(`${device.name}:${device.password}`).toString('base64');
  const mine = await local.allDocs();
  const theirs = (await (await fetch(`${url}/branch-hm01/_all_docs`, { headers: { authorization: auth } })).json()) as { rows: { id: string; value: { rev: string } }[] };
  const ours = mine.rows.map((r) => [r.id, r.value.rev]);
  return { ours, theirs: theirs.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, r.value.rev]) };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('replication over a weak, cut line', () => {
  it('completes through repeated cuts, records ahead of scans', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
    const link = await startLinkSim({
      target: { host: '127.0.0.1', port: Number(new URL(server.url).port) },
      bandwidthBps: 1_000_000,
      latencyMs: 20,
      cutEveryMs: 3000,
      outageMs: 300,
    });
    cleanup.push(() => link.close());
    const local = await branchDay(join(tmp(), 'day.sqlite'), 600, 8);
    const meter = newMeter();
    const report = await pushEndOfDay(local, `${link.url}/branch-hm01`, { username: device.name, password: device.password }, meter, Date.now() + 120_000);
    const { ours, theirs } = await sameOnServer(local, server.url);
    expect(theirs).toEqual(ours);
    expect(link.stats().cuts).toBeGreaterThan(0);
    expect(report.smallDoneMs).toBeLessThanOrEqual(report.attachmentsDoneMs);
  }, 150_000);

  it('survives kill -9 of `jingwei server` mid-push and finishes after a restart', async () => {
    const dataDir = tmp();
    const port = await freePort();
    const env = { ...process.env, JINGWEI_ADMIN_USER: TEST_ADMIN.name, JINGWEI_ADMIN_PASSWORD: TEST_ADMIN.password };
    const start = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['bin/jingwei.js', 'server', '--port', String(port), '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      cleanup.push(() => void child.kill('SIGKILL'));
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (c: Buffer) => (c.toString().includes('http://') ? resolve() : undefined));
        child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      return child;
    };
    let child = await start();
    const url = `http://127.0.0.1:${port}`;
    await provisionBranch({ url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
    const link = await startLinkSim({ target: { host: '127.0.0.1', port }, bandwidthBps: 2_000_000, latencyMs: 10 });
    cleanup.push(() => link.close());
    const local = await branchDay(join(tmp(), 'day.sqlite'), 1500, 10);

    const push = pushEndOfDay(local, `${link.url}/branch-hm01`, { username: device.name, password: device.password }, newMeter(), Date.now() + 150_000);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000));
    child = await start();
    const report = await push;
    expect(report.attempts).toBeGreaterThan(2);
    const { ours, theirs } = await sameOnServer(local, url);
    expect(theirs).toEqual(ours);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }, 200_000);
});
