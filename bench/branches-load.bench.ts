// Head office under many branches at once (issue #19 part 3): N branches × M devices, each device a real branch
// client — its own encrypted store, a day's writes made through the product's API (bench/support/branch-day.ts),
// then the shipped sync client's end-of-day run (push + pull, main/core/sync/one-shot.ts) — all devices at once,
// against each server in turn, side by side:
//   ours     `jingwei server` (the compiled CLI, its own process)
//   pouchdb  pouchdb-server's core, express-pouchdb 4.2.0 on LevelDB (its own process; no users: admin party)
//   couchdb  Apache CouchDB 3.4.3 at $JINGWEI_LOAD_COUCHDB (e.g. the 3-node cluster's node1 from scripts/couchdb.sh)
//   base     `jingwei server` of another checkout at $JINGWEI_LOAD_BASE_REPO (e.g. `git worktree add DIR main`): before/after
//   npx tsx bench/branches-load.bench.ts [--branches 100] [--devices 3] [--customers 8] [--applications 2] [--servers ours,pouchdb,couchdb]
//     [--days DIR]  keep the days made in DIR and reuse them next run (making 300 devices' days takes a while; the
//                   end-of-day runs then start from the same stores, copied afresh for each server)
//     [--days-only] make (or check) the days and stop — the cheap half, one core, can run while the machine is busy
// CPU-lean: the days are built once (sequentially, then copied for each server); the devices' end-of-day runs are
// asynchronous I/O in this one process (no thread per device), each with at most 4 kept-alive connections.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CouchHttp } from '../main/core/sync/http/couch-http';
import { runOneShot } from '../main/core/sync/one-shot';
import { couchTestServer } from '../sync-server/couch-test-server';
import { provisionBranch } from '../sync-server/provision';
import { buildBranchDay, openBranchDay } from './support/branch-day';
import { startJingweiServer, startPouchdbServer, type ServerProcess } from './support/server-process';
import { percentile } from './support/stats';

const args = z
  .object({
    branches: z.coerce.number().int().min(1).max(1000).default(100),
    devices: z.coerce.number().int().min(1).max(10).default(3),
    customers: z.coerce.number().int().min(1).default(8),
    applications: z.coerce.number().int().min(0).default(2),
    servers: z.string().default('ours,pouchdb,couchdb'),
    days: z.string().optional(),
    'days-only': z.boolean().default(false),
  })
  .parse(
    parseArgs({
      options: { branches: { type: 'string' }, devices: { type: 'string' }, customers: { type: 'string' }, applications: { type: 'string' }, servers: { type: 'string' }, days: { type: 'string' }, 'days-only': { type: 'boolean' } },
    }).values,
  );
const ADMIN = { name: 'hq-admin', password: 'hq-admin-password' };
const DEVICE_PASSWORD = 'device-password-01';
const code = (b: number) => `B${String(b).padStart(3, '0')}`;
const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');

interface Device { branch: string; n: number; dir: string; user: string }
interface Usage { cpuMs: number; mainMs: number; rssMb: number }

const ticksOf = (statFile: string) => {
  const stat = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return Number(stat[11]) + Number(stat[12]);
};

/**
 * CPU (user+system) and resident memory of server processes, from /proc; `mainMs` is the main (JavaScript) thread's
 * share — the rest is the server's other threads (WAL checkpoints, zlib and crypto in libuv's pool, V8's GC helpers).
 */
function usage(pids: number[]): Usage {
  let ticks = 0;
  let main = 0;
  let rss = 0;
  for (const pid of pids) {
    ticks += ticksOf(`/proc/${pid}/stat`);
    main += ticksOf(`/proc/${pid}/task/${pid}/stat`);
    rss += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  }
  return { cpuMs: ticks * 10, mainMs: main * 10, rssMb: rss };
}

async function admin(url: string, method: string, path: string, body?: unknown, auth: { name: string; password: string } | null = ADMIN): Promise<unknown> {
  const res = await fetch(url + path, { method, headers: { ...(auth ? { authorization: basic(auth) } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && res.status !== 412) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Head office's part before the day: each branch database with its device users, and the staff head office signed
 * for it (the devices hold them from their last pull; a device may not write them, so they are on the server).
 */
async function prepare(kind: string, url: string, auth: { name: string; password: string } | null, devices: Device[], root: string): Promise<void> {
  for (const d of devices) {
    if (auth) await provisionBranch({ url, admin: auth, branchCode: d.branch, deviceUser: d.user, password: DEVICE_PASSWORD });
    else await admin(url, 'PUT', `/branch-${d.branch.toLowerCase()}`, undefined, null);
    const store = await openBranchDay(join(root, kind, d.user), d.branch);
    const headOffice = (await store.allDocs({ include_docs: true, startkey: 'staff:', endkey: 'staff:\uffff' })).rows.map((r) => r.doc!);
    await store.close();
    await admin(url, 'POST', `/branch-${d.branch.toLowerCase()}/_bulk_docs`, { docs: headOffice, new_edits: false }, auth);
  }
}

async function endOfDay(url: string, auth: boolean, d: Device, dir: string): Promise<{ ms: number; up: number; down: number; requests: number; errors: string[] }> {
  const local = await openBranchDay(dir, d.branch);
  const http = new CouchHttp({ dbUrl: `${url}/branch-${d.branch.toLowerCase()}`, ...(auth ? { auth: { username: d.user, password: DEVICE_PASSWORD } } : {}) });
  const t0 = performance.now();
  try {
    const r = await runOneShot({ local, http });
    const errors = [...r.up.denied.map((x) => `denied ${x.id}: ${x.reason}`), ...(r.up.writeFailures + r.down.writeFailures > 0 ? [`${r.up.writeFailures + r.down.writeFailures} write failures`] : [])];
    return { ms: performance.now() - t0, up: r.up.docs, down: r.down.docs, requests: r.requests, errors };
  } catch (e) {
    return { ms: performance.now() - t0, up: 0, down: 0, requests: 0, errors: [e instanceof Error ? e.message : String(e)] };
  } finally {
    http.close();
    await local.close();
  }
}

/**
 * Every branch's documents as its devices made them (id → winning revision), from the days before any sync. The
 * staff are head office's (each day signed its own copy; `prepare` put them on the server), not the devices' writes.
 */
async function expectedByBranch(devices: Device[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const d of devices) {
    const store = await openBranchDay(d.dir, d.branch);
    const ids = out.get(d.branch) ?? new Map<string, string>();
    for (const r of (await store.allDocs()).rows) if (!r.id.startsWith('staff:')) ids.set(r.id, r.value.rev);
    await store.close();
    out.set(d.branch, ids);
  }
  return out;
}

/**
 * After the end of day: does head office hold every document of every branch, at the revision the device wrote?
 * Read back through the server's own `_all_docs`, one branch database at a time.
 */
async function verifyHeld(url: string, auth: { name: string; password: string } | null, expected: Map<string, Map<string, string>>): Promise<{ held: number; expected: number; problems: string[] }> {
  let held = 0;
  let total = 0;
  const problems: string[] = [];
  for (const [branch, ids] of expected) {
    const res = (await admin(url, 'GET', `/branch-${branch.toLowerCase()}/_all_docs`, undefined, auth)) as { rows: { id: string; value: { rev: string } }[] };
    const onServer = new Map(res.rows.map((r) => [r.id, r.value.rev]));
    total += ids.size;
    for (const [id, rev] of ids) {
      if (onServer.get(id) === rev) held++;
      else problems.push(`branch-${branch.toLowerCase()} ${id}: ${onServer.has(id) ? `rev ${onServer.get(id)} ≠ ${rev}` : 'missing'}`);
    }
  }
  return { held, expected: total, problems };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'jw-load-'));
  const daysDir = args.days ?? join(root, 'days');
  const devices: Device[] = [];
  for (let b = 1; b <= args.branches; b++) for (let n = 1; n <= args.devices; n++) devices.push({ branch: code(b), n, dir: join(daysDir, `${code(b)}-${n}`), user: `${code(b).toLowerCase()}-pc-${n}` });
  const t0 = performance.now();
  let records = 0;
  let made = 0;
  for (const d of devices) {
    // A finished day leaves a marker with its size; a day interrupted half-way is made again from scratch.
    const marker = join(d.dir, '.day-made.json');
    const shape = { customers: args.customers, applications: args.applications };
    if (existsSync(marker)) {
      const kept = JSON.parse(readFileSync(marker, 'utf8')) as typeof shape & { records: number };
      if (kept.customers === shape.customers && kept.applications === shape.applications) {
        records += kept.records;
        continue;
      }
    }
    rmSync(d.dir, { recursive: true, force: true });
    mkdirSync(d.dir, { recursive: true });
    const day = await buildBranchDay({ dataDir: d.dir, branchCode: d.branch, deviceId: `${d.branch}-${d.n}`, customers: args.customers, applications: args.applications, documents: 0, scanBytes: 0 });
    writeFileSync(marker, JSON.stringify({ ...shape, records: day.records }));
    records += day.records;
    made++;
  }
  console.log(`${devices.length} devices' days (${made} made now through the product's API, ${devices.length - made} kept from ${daysDir}): ${records} records, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (args['days-only']) {
    rmSync(root, { recursive: true, force: true });
    return;
  }
  const expected = await expectedByBranch(devices);
  const rows: string[] = [];
  for (const [run, kind] of args.servers.split(',').entries()) {
    let server: ServerProcess | null = null;
    let url: string;
    let auth: { name: string; password: string } | null = ADMIN;
    let pids: number[];
    if (kind === 'ours' || kind === 'base') {
      const base = process.env.JINGWEI_LOAD_BASE_REPO;
      if (kind === 'base' && !base) throw new Error('--servers base needs JINGWEI_LOAD_BASE_REPO (a checkout of the build to compare with)');
      server = await startJingweiServer(join(root, `server-${run}-${kind}`), ADMIN, 0, kind === 'base' ? base : undefined);
      url = server.url;
      pids = [server.pid];
    } else if (kind === 'pouchdb') {
      server = await startPouchdbServer(join(root, `server-${run}-pouchdb`));
      url = server.url;
      pids = [server.pid];
      auth = null;
    } else if (kind === 'couchdb') {
      const couch = process.env.JINGWEI_LOAD_COUCHDB;
      if (!couch) {
        console.log('couchdb: skipped (set JINGWEI_LOAD_COUCHDB, see scripts/couchdb.sh env)');
        continue;
      }
      auth = { name: process.env.COUCHDB_ADMIN ?? 'admin', password: process.env.COUCHDB_ADMIN_PASSWORD ?? 'jingwei-couch' };
      await couchTestServer(couch, auth);
      url = couch.replace(/\/$/, '');
      pids = (process.env.JINGWEI_LOAD_COUCHDB_PIDS ?? '').split(',').filter(Boolean).map(Number);
    } else throw new Error(`unknown server ${kind}`);
    try {
      for (const d of devices) cpSync(d.dir, join(root, kind, d.user), { recursive: true });
      await prepare(kind, url, auth, devices, root);
      const before = usage(pids);
      let peakRss = before.rssMb;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, usage(pids).rssMb)), 500);
      const w0 = performance.now();
      const results = await Promise.all(devices.map((d) => endOfDay(url, auth !== null, d, join(root, kind, d.user))));
      const wall = performance.now() - w0;
      clearInterval(sampler);
      const after = usage(pids);
      const docs = results.reduce((s, r) => s + r.up + r.down, 0);
      const requests = results.reduce((s, r) => s + r.requests, 0);
      const held = await verifyHeld(url, auth, expected);
      const errors = [...results.flatMap((r) => r.errors), ...held.problems];
      for (const e of errors.slice(0, 5)) console.log(`  ${kind} error: ${e}`);
      const times = results.map((r) => r.ms);
      rows.push(
        `| ${kind} | ${args.branches}×${args.devices} | ${docs} | ${(wall / 1000).toFixed(1)} | ${((docs / wall) * 1000).toFixed(0)} | ${(percentile(times, 95) / 1000).toFixed(1)} | ${requests} | ${held.held}/${held.expected} | ${errors.length} | ${pids.length ? `${((after.cpuMs - before.cpuMs) / 1000).toFixed(1)} (main ${((after.mainMs - before.mainMs) / 1000).toFixed(1)})` : '–'} | ${pids.length ? peakRss.toFixed(0) : '–'} |`,
      );
    } finally {
      await server?.close();
      rmSync(join(root, kind), { recursive: true, force: true });
    }
  }
  rmSync(root, { recursive: true, force: true });
  console.log(`\nend of day, all devices at once (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${args.customers} customers + ${args.applications} applications per device, with their audit entries)`);
  console.log('"held at HQ": documents of every branch the server holds afterwards at the revision their device wrote (read back by `_all_docs`); a missing or other revision counts as an error.');
  console.log('| server | branches×devices | docs moved (up+down) | wall s | docs/s | p95 end-of-day s | HTTP requests | held at HQ | errors | server CPU s (main thread) | server peak RSS MB |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) console.log(r);
}

await main();
