// Head office under many branches at once (issue #19 part 3): N branches × M devices, each device a real branch
// client — its own encrypted store, a day's writes made through the product's API (bench/support/branch-day.ts),
// then the shipped sync client's end-of-day run (push + pull, main/core/sync/one-shot.ts) — all devices at once,
// against each server in turn, on the same recorded days:
//   ours     `jingwei server` (the compiled CLI, its own process)
//   pouchdb  pouchdb-server's core, express-pouchdb 4.2.0 on LevelDB (its own process; no users: admin party)
//   couchdb  Apache CouchDB 3.4.3 at $JINGWEI_LOAD_COUCHDB (e.g. the 3-node cluster's node1 from scripts/couchdb.sh)
//   base     `jingwei server` of another checkout at $JINGWEI_LOAD_BASE_REPO (e.g. `git worktree add DIR main`): before/after
//   npx tsx bench/branches-load.bench.ts [--branches 100] [--devices 3] [--customers 8] [--applications 2] [--servers ours,pouchdb,couchdb]
//     [--days DIR]  keep the days made in DIR and reuse them next run (making 300 devices' days takes a while; the
//                   end-of-day runs then start from the same stores, copied afresh for each server)
//     [--days-only] make (or check) the days and stop — the cheap half, one core, can run while the machine is busy
//     [--rounds R]  R rounds of every server, the order reversed every other round (A B, B A, …): side by side in
//                   one run, each server's median and the ratios to express-pouchdb printed at the end (default 1)
//     [--client-procs K]  client processes the devices are spread over (default 4; bench/support/load-clients.ts)
// What is measured is the server: the devices run in client processes of their own, their stores opened before the
// clock starts; the server's CPU (all threads, and its main thread) and the clients' CPU are read from /proc apart.
// On a machine whose cores the clients share with the server, wall docs/s is bounded by the clients' CPU as well;
// docs per server CPU-second is what the server itself costs per document (the docs/s it sustains on a core of its own).
// docs/s, counted the same way for every server: the day's documents (every document the devices wrote, found at
// head office afterwards at the revision written) over the end of day's wall. "Docs moved" (pushed + pulled) is
// printed too but is no common measure: a device pulls what the others have pushed by the time it asks, and a client
// that cannot filter on the server (express-pouchdb has no `_selector` feed) takes every document down — the count
// moved differs from server to server for the same job.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { couchTestServer } from '../sync-server/couch-test-server';
import { provisionBranch } from '../sync-server/provision';
import { buildBranchDay, openBranchDay } from './support/branch-day';
import { startClientPool, type DeviceResult } from './support/load-clients';
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
    rounds: z.coerce.number().int().min(1).max(20).default(1),
    'client-procs': z.coerce.number().int().min(1).max(64).default(4),
  })
  .parse(
    parseArgs({
      options: { branches: { type: 'string' }, devices: { type: 'string' }, customers: { type: 'string' }, applications: { type: 'string' }, servers: { type: 'string' }, days: { type: 'string' }, 'days-only': { type: 'boolean' }, rounds: { type: 'string' }, 'client-procs': { type: 'string' } },
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
async function prepare(url: string, auth: { name: string; password: string } | null, devices: Device[], copies: string): Promise<void> {
  for (const d of devices) {
    if (auth) await provisionBranch({ url, admin: auth, branchCode: d.branch, deviceUser: d.user, password: DEVICE_PASSWORD });
    else await admin(url, 'PUT', `/branch-${d.branch.toLowerCase()}`, undefined, null);
    const store = await openBranchDay(join(copies, d.user), d.branch);
    const headOffice = (await store.allDocs({ include_docs: true, startkey: 'staff:', endkey: 'staff:\uffff' })).rows.map((r) => r.doc!);
    await store.close();
    await admin(url, 'POST', `/branch-${d.branch.toLowerCase()}/_bulk_docs`, { docs: headOffice, new_edits: false }, auth);
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
  const servers = args.servers.split(',');
  const pool = await startClientPool(args['client-procs']);
  const runs: Run[] = [];
  try {
    for (let round = 0; round < args.rounds; round++) {
      for (const kind of round % 2 ? [...servers].reverse() : servers) {
        const run = await runServer(kind, `${round}-${kind}`, root, devices, expected, pool);
        if (run) runs.push(run);
      }
    }
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\nend of day, all devices at once (${args.customers} customers + ${args.applications} applications per device, with their audit entries; clients in ${args['client-procs']} processes)`);
  console.log('"held at HQ": documents of every branch the server holds afterwards at the revision their device wrote (read back by `_all_docs`); a missing or other revision counts as an error.');
  console.log('"docs/s": the day\'s documents held at HQ afterwards over the end of day\'s wall — the same count for every server. "moved/s": documents pushed + pulled over the wall (not comparable between servers: see the head of this file).');
  console.log('"docs/server CPU-s": the day\'s documents per second of the server\'s CPU (all its threads; in brackets per second of its main JavaScript thread) — the server\'s own cost, whatever the clients took.');
  console.log(`"CPU used": server and clients CPU as shares of what ${CORES} cores give in the end of day's wall (the rest: other work on the machine, or idle).`);
  console.log('| round | server | branches×devices | docs/s | docs moved (up+down) | moved/s | wall s | p95 end-of-day s | HTTP requests | held at HQ | errors | server CPU s (main thread) | docs/server CPU-s (main) | clients CPU s | CPU used: server + clients | server peak RSS MB | load avg |');
  console.log('|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of runs) {
    const cpu = r.serverCpuMs !== null ? `${(r.serverCpuMs / 1000).toFixed(1)} (${(r.serverMainMs! / 1000).toFixed(1)})` : '–';
    const perCpu = r.serverCpuMs ? `${perSecond(r.dayDocs, r.serverCpuMs)} (${perSecond(r.dayDocs, r.serverMainMs!)})` : '–';
    const share = (ms: number | null) => (ms === null ? '–' : `${((ms / (CORES * r.wallMs)) * 100).toFixed(0)} %`);
    console.log(`| ${r.round} | ${r.kind} | ${args.branches}×${args.devices} | ${perSecond(r.dayDocs, r.wallMs)} | ${r.docs} | ${perSecond(r.docs, r.wallMs)} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.p95Ms / 1000).toFixed(1)} | ${r.requests} | ${r.held} | ${r.errors} | ${cpu} | ${perCpu} | ${(r.clientCpuMs / 1000).toFixed(1)} | ${share(r.serverCpuMs)} + ${share(r.clientCpuMs)} | ${r.peakRssMb?.toFixed(0) ?? '–'} | ${r.load} |`);
  }
  printRatios(runs, servers);
  printCeiling(runs);
}

interface Run {
  round: number;
  kind: string;
  /** The day's documents found at head office afterwards, at the revision their device wrote. */
  dayDocs: number;
  docs: number;
  wallMs: number;
  p95Ms: number;
  requests: number;
  held: string;
  errors: number;
  serverCpuMs: number | null;
  serverMainMs: number | null;
  clientCpuMs: number;
  peakRssMb: number | null;
  load: string;
}

const perSecond = (docs: number, ms: number) => ((docs / ms) * 1000).toFixed(0);
const CORES = availableParallelism();
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Each server's median over the rounds, and its ratio to express-pouchdb's: docs/s and docs per server CPU-second. */
function printRatios(runs: Run[], servers: string[]): void {
  const med = new Map<string, { docsPerS: number; movedPerS: number; perCpuS: number | null; perMainS: number | null; wallS: number; cpuS: number | null }>();
  for (const kind of servers) {
    const mine = runs.filter((r) => r.kind === kind);
    if (!mine.length) continue;
    const withCpu = mine.filter((r) => r.serverCpuMs);
    med.set(kind, {
      docsPerS: median(mine.map((r) => (r.dayDocs / r.wallMs) * 1000)),
      movedPerS: median(mine.map((r) => (r.docs / r.wallMs) * 1000)),
      perCpuS: withCpu.length ? median(withCpu.map((r) => (r.dayDocs / r.serverCpuMs!) * 1000)) : null,
      perMainS: withCpu.length ? median(withCpu.map((r) => (r.dayDocs / r.serverMainMs!) * 1000)) : null,
      wallS: median(mine.map((r) => r.wallMs / 1000)),
      cpuS: withCpu.length ? median(withCpu.map((r) => r.serverCpuMs! / 1000)) : null,
    });
  }
  const base = med.get('pouchdb');
  console.log(`\nmedian over ${args.rounds} round(s)${base ? '; ratio to express-pouchdb in brackets' : ''}:`);
  // The same job for every server: all devices' end of day on the same recorded days, counted as the day's documents
  // held at head office afterwards. Docs moved differ (a device pulls what the others had pushed when it asked; against
  // express-pouchdb, which has no `_selector` feed, each pull pass takes every document down and sorts them itself):
  // their rate is printed for reference, not as the measure.
  console.log('| server | docs/s (the day\'s documents) | moved/s (up+down, for reference) | docs per server CPU-s | docs per server main-thread CPU-s | whole end of day: wall s | whole end of day: server CPU-s |');
  console.log('|---|--:|--:|--:|--:|--:|--:|');
  const ratio = (v: number | null, b: number | null | undefined) => (v !== null && b ? ` (${(v / b).toFixed(2)}×)` : '');
  for (const [kind, m] of med) {
    const cell = (v: number | null, b: number | null | undefined) => (v === null ? '–' : `${v.toFixed(0)}${ratio(v, b)}`);
    const less = (v: number | null, b: number | null | undefined) => (v === null ? '–' : `${v.toFixed(1)}${v && b ? ` (${(b / v).toFixed(2)}× less)` : ''}`);
    console.log(`| ${kind} | ${cell(m.docsPerS, base?.docsPerS)} | ${cell(m.movedPerS, base?.movedPerS)} | ${cell(m.perCpuS, base?.perCpuS)} | ${cell(m.perMainS, base?.perMainS)} | ${less(m.wallS, base?.wallS)} | ${less(m.cpuS, base?.cpuS)} |`);
  }
}

/**
 * What the clients leave the server on this machine: the devices run on the same cores, so an end of day takes at
 * least the clients' CPU spread over every core even if the server cost nothing. Beside each server's wall, that
 * floor — and the day's docs/s ratio to express-pouchdb a server costing nothing could reach with ours' clients.
 */
function printCeiling(runs: Run[]): void {
  const base = runs.filter((r) => r.kind === 'pouchdb');
  if (!base.length) return;
  const baseWallS = median(base.map((r) => r.wallMs / 1000));
  console.log(`\nthe clients' share (${CORES} cores; medians): an end of day cannot end sooner than its clients' CPU over ${CORES} cores`);
  console.log('| server | wall s | server CPU s | clients CPU s | clients\' floor: clients CPU / cores, s | day docs/s ratio a zero-cost server could reach with these clients |');
  console.log('|---|--:|--:|--:|--:|--:|');
  for (const kind of [...new Set(runs.map((r) => r.kind))]) {
    const mine = runs.filter((r) => r.kind === kind);
    const clientsS = median(mine.map((r) => r.clientCpuMs / 1000));
    const withCpu = mine.filter((r) => r.serverCpuMs !== null);
    const serverS = withCpu.length ? median(withCpu.map((r) => r.serverCpuMs! / 1000)).toFixed(1) : '–';
    const floorS = clientsS / CORES;
    console.log(`| ${kind} | ${median(mine.map((r) => r.wallMs / 1000)).toFixed(1)} | ${serverS} | ${clientsS.toFixed(1)} | ${floorS.toFixed(1)} | ≤ ${(baseWallS / floorS).toFixed(2)}× |`);
  }
}

/** One end of day of every device against one server, started fresh on the days recorded for all servers alike. */
async function runServer(kind: string, tag: string, root: string, devices: Device[], expected: Map<string, Map<string, string>>, pool: Awaited<ReturnType<typeof startClientPool>>): Promise<Run | null> {
  let server: ServerProcess | null = null;
  let url: string;
  let auth: { name: string; password: string } | null = ADMIN;
  let pids: number[];
  if (kind === 'ours' || kind === 'base') {
    const base = process.env.JINGWEI_LOAD_BASE_REPO;
    if (kind === 'base' && !base) throw new Error('--servers base needs JINGWEI_LOAD_BASE_REPO (a checkout of the build to compare with)');
    server = await startJingweiServer(join(root, `server-${tag}`), ADMIN, 0, kind === 'base' ? base : undefined);
    url = server.url;
    pids = [server.pid];
  } else if (kind === 'pouchdb') {
    server = await startPouchdbServer(join(root, `server-${tag}`));
    url = server.url;
    pids = [server.pid];
    auth = null;
  } else if (kind === 'couchdb') {
    const couch = process.env.JINGWEI_LOAD_COUCHDB;
    if (!couch) {
      console.log('couchdb: skipped (set JINGWEI_LOAD_COUCHDB, see scripts/couchdb.sh env)');
      return null;
    }
    auth = { name: process.env.COUCHDB_ADMIN ?? 'admin', password: process.env.COUCHDB_ADMIN_PASSWORD ?? 'jingwei-couch' };
    await couchTestServer(couch, auth);
    url = couch.replace(/\/$/, '');
    pids = (process.env.JINGWEI_LOAD_COUCHDB_PIDS ?? '').split(',').filter(Boolean).map(Number);
  } else throw new Error(`unknown server ${kind}`);
  const copies = join(root, tag);
  try {
    for (const d of devices) cpSync(d.dir, join(copies, d.user), { recursive: true });
    await prepare(url, auth, devices, copies);
    // The stores just copied are still being written back to disk: flushed now, so the kernel's writeback does not
    // hold up the fsyncs of whichever server runs first (seen: the first server of a quiet run 1.3–1.7× slower).
    execFileSync('sync');
    let before = usage(pids);
    let clientsBefore = 0;
    let w0 = 0;
    let m0 = 0n;
    let peakRss = before.rssMb;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, usage(pids).rssMb)), 500);
    let results: DeviceResult[];
    try {
      results = await pool.endOfDay(url, auth ? DEVICE_PASSWORD : null, devices.map((d) => ({ branch: d.branch, user: d.user, dir: join(copies, d.user) })), () => {
        before = usage(pids);
        clientsBefore = pool.cpuMs();
        w0 = performance.now();
        m0 = process.hrtime.bigint();
      });
    } finally {
      clearInterval(sampler);
    }
    const wallMs = performance.now() - w0;
    // The server's --cpu-prof (SERVER_NODE_ARGS) stamps samples on the same monotonic clock: this window is the end
    // of day alone, without provisioning before it (bench/support/cpu-profile-summary.ts --window).
    if (process.env.SERVER_NODE_ARGS?.includes('--cpu-prof')) console.log(`  ${kind} end-of-day window (monotonic µs): ${m0 / 1000n}-${process.hrtime.bigint() / 1000n}`);
    const after = usage(pids);
    const clientCpuMs = pool.cpuMs() - clientsBefore;
    const load = loadavg()[0]!.toFixed(1);
    const held = await verifyHeld(url, auth, expected);
    const errors = [...results.flatMap((r) => r.errors), ...held.problems];
    for (const e of errors.slice(0, 5)) console.log(`  ${kind} error: ${e}`);
    return {
      round: Number(tag.split('-')[0]) + 1,
      kind,
      dayDocs: held.held,
      docs: results.reduce((s, r) => s + r.up + r.down, 0),
      wallMs,
      p95Ms: percentile(results.map((r) => r.ms), 95),
      requests: results.reduce((s, r) => s + r.requests, 0),
      held: `${held.held}/${held.expected}`,
      errors: errors.length,
      serverCpuMs: pids.length ? after.cpuMs - before.cpuMs : null,
      serverMainMs: pids.length ? after.mainMs - before.mainMs : null,
      clientCpuMs,
      peakRssMb: pids.length ? peakRss : null,
      load,
    };
  } finally {
    await server?.close();
    rmSync(copies, { recursive: true, force: true });
  }
}

await main();
