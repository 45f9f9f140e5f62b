import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CouchHttp } from '../../main/core/sync/http/couch-http';
import { runOneShot } from '../../main/core/sync/one-shot';
import { provisionBranch } from '../../sync-server/provision';
import { ON_COUCHDB, startTestServer, TEST_ADMIN } from '../../sync-server/test-support';
import { buildBranchDay, openBranchDay } from './branch-day';
import { startLinkSim } from './link-sim';

const REPO = resolve(import.meta.dirname, '../..');
const device = { name: 'hm01-desk', password: 'desk-password-01' };
const auth = { username: device.name, password: device.password };
const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');

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

type Row = [id: string, rev: string];
/** Every document's winning revision, and whether any document has a conflict: "exactly once" means same rows, none. */
async function rows(db: PouchDB.Database<object>): Promise<{ rows: Row[]; conflicted: string[] }> {
  const all = await db.allDocs({ include_docs: true, conflicts: true } as PouchDB.Core.AllDocsWithinRangeOptions);
  const live = all.rows.filter((r) => !r.id.startsWith('_design/'));
  return {
    rows: live.map((r) => [r.id, r.value.rev]),
    conflicted: live.filter((r) => ((r.doc as { _conflicts?: string[] })._conflicts ?? []).length).map((r) => r.id),
  };
}

const withoutStaff = (list: Row[]): Row[] => list.filter(([id]) => !id.startsWith('staff:'));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('sync over a weak line that keeps dropping', () => {
  it('one `jingwei sync` run completes through 50 cuts at random points: every document exactly once, records ahead of scans', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
    // Another device's day is already at head office: this run pulls it while it pushes its own.
    const other = tmp();
    await buildBranchDay({ dataDir: other, customers: 40, applications: 10, documents: 2, scanBytes: 30_000, deviceId: 'HM01-B' });
    const otherDb = await openBranchDay(other);
    cleanup.push(() => otherDb.close());
    const seedClient = new CouchHttp({ dbUrl: `${server.url}/branch-hm01`, auth });
    await runOneShot({ local: otherDb, http: seedClient, phases: ['push-docs', 'push-blobs'] });
    seedClient.close();

    const dataDir = tmp();
    await buildBranchDay({ dataDir, customers: 240, applications: 60, documents: 60, scanBytes: 20_000, deviceId: 'HM01-A' });
    const before = await openBranchDay(dataDir);
    const own = new Set((await before.allDocs()).rows.map((r) => r.id));
    await before.close();
    const link = await startLinkSim({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, bandwidthBps: 512_000, latencyMs: 5 });
    cleanup.push(() => link.close());

    const child = spawn(process.execPath, [join(REPO, 'bin/jingwei.js'), 'sync', '--data', dataDir, '--remote', link.url, '--user', device.name], {
      cwd: REPO, env: { ...process.env, JINGWEI_DEVICE_PASSWORD: device.password }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.push(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let running = true;
    void exited.then(() => (running = false));
    // 50 cuts at random moments while the run is under way: mid-request, between requests, during a retry's wait.
    while (running && link.stats().cuts < 50) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      if (running) link.cut();
    }
    const code = await exited;
    expect(code, out).toBe(0);
    expect(link.stats().cuts).toBe(50);
    expect(out).toMatch(/中断后续传 resumed after \d+ cuts/);

    const local = await openBranchDay(dataDir);
    cleanup.push(() => local.close());
    const { createRemotePouch } = await import('../../db/pouchdb');
    const remote = createRemotePouch(`${server.url}/branch-hm01`, { auth });
    const [mine, theirs, others] = await Promise.all([rows(local), rows(remote), rows(otherDb)]);
    // Staff come only from head office: each device's own demo staff stays on the device, refused at head office.
    expect(theirs.rows.filter(([id]) => id.startsWith('staff:'))).toEqual([]);
    expect(theirs.rows).toEqual(withoutStaff(mine.rows));
    for (const row of withoutStaff(others.rows)) expect(mine.rows).toContainEqual(row);
    expect(mine.conflicted).toEqual([]);
    expect(theirs.conflicted).toEqual([]);

    // At head office this device's records all precede its first scan in the feed — on ours. A clustered CouchDB
    // database (q=2) interleaves its shards' feeds, so there the order of arrival is not visible in `_changes`.
    if (ON_COUCHDB) return;
    const feed = (await (await fetch(`${server.url}/branch-hm01/_changes?include_docs=true`, { headers: { authorization: basic(TEST_ADMIN) } })).json()) as {
      results: { id: string; doc: { _attachments?: object } }[];
    };
    const ours = feed.results.filter((r) => own.has(r.id) && !r.id.startsWith('staff:'));
    const firstScan = ours.findIndex((r) => r.doc._attachments);
    expect(firstScan).toBeGreaterThan(0);
    expect(ours.slice(firstScan).every((r) => r.doc._attachments)).toBe(true);
  }, 300_000);

  /** `jingwei server` in its own process, killed with SIGKILL and started again on the same port and data. */
  async function oursToCrash(): Promise<{ url: string; port: number; kill(): Promise<void>; restart(): Promise<void>; stop(): Promise<void> }> {
    const dataDir = tmp();
    const port = await freePort();
    const env = { ...process.env, JINGWEI_ADMIN_USER: TEST_ADMIN.name, JINGWEI_ADMIN_PASSWORD: TEST_ADMIN.password };
    const start = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['bin/jingwei.js', 'server', '--port', String(port), '--data', dataDir], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
      cleanup.push(() => void child.kill('SIGKILL'));
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (c: Buffer) => (c.toString().includes('http://') ? resolve() : undefined));
        child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      return child;
    };
    let child = await start();
    return {
      url: `http://127.0.0.1:${port}`, port,
      async kill() {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      },
      async restart() {
        child = await start();
      },
      async stop() {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      },
    };
  }

  /** The Apache CouchDB under test (single node, or the cluster's node1 we talk to), kill -9'd by scripts/couchdb.sh. */
  async function couchToCrash(): Promise<{ url: string; port: number; kill(): Promise<void>; restart(): Promise<void>; stop(): Promise<void> }> {
    const server = await startTestServer();
    const node = process.env.COUCHDB_CLUSTER_URLS ? 'node1' : 'single';
    const script = process.env.COUCHDB_SCRIPT;
    if (!script) throw new Error('COUCHDB_SCRIPT is not set (scripts/couchdb.sh env)');
    const run = promisify(execFile);
    return {
      url: server.url, port: Number(new URL(server.url).port),
      kill: async () => void (await run('bash', [script, 'killnode', node])),
      restart: async () => void (await run('bash', [script, 'start', node])),
      stop: async () => {},
    };
  }

  it('survives kill -9 of head office (`jingwei server`, or the CouchDB node) mid-push and finishes after a restart', async () => {
    const head = ON_COUCHDB ? await couchToCrash() : await oursToCrash();
    const { url, port } = head;
    await provisionBranch({ url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
    const link = await startLinkSim({ target: { host: '127.0.0.1', port }, bandwidthBps: 2_000_000, latencyMs: 10 });
    cleanup.push(() => link.close());
    const day = tmp();
    await buildBranchDay({ dataDir: day, customers: 300, applications: 50, documents: 10, scanBytes: 60_000 });
    const local = await openBranchDay(day);
    cleanup.push(() => local.close());

    const http = new CouchHttp({ dbUrl: `${link.url}/branch-hm01`, auth });
    cleanup.push(() => http.close());
    // A CouchDB node takes tens of seconds to come back on this loaded machine: enough attempts to outlast that.
    const push = runOneShot({ local, http, phases: ['push-docs', 'push-blobs'], backoff: { baseMs: 200, capMs: 1000 }, attempts: ON_COUCHDB ? 400 : 50 });
    push.catch(() => {}); // awaited below; a failure must not surface as unhandled while head office restarts
    await new Promise((r) => setTimeout(r, 1500));
    await head.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await head.restart();
    const result = await push;
    expect(result.retries).toBeGreaterThan(0);
    expect(result.up.denied.map((d) => d.id).filter((id) => !id.startsWith('staff:'))).toEqual([]);
    const { createRemotePouch } = await import('../../db/pouchdb');
    const [mine, theirs] = await Promise.all([rows(local), rows(createRemotePouch(`${url}/branch-hm01`, { auth }))]);
    expect(theirs.rows).toEqual(withoutStaff(mine.rows));
    await head.stop();
  }, 300_000);
});
