// Loopback replication throughput, interleaved rounds, ratios printed:
//   client: the shipped sync client (SQLite store) vs plain PouchDB 9 (LevelDB), both into the same `jingwei server`
//   server: `jingwei server` vs pouchdb-server (express-pouchdb 4.2.0), both with a plain PouchDB client, batch 100,
//           and the floor: a server doing no work (bench/support/floor-server.ts) — the most any server can reach
//           with that client — with wall, client CPU and server CPU per batch, so the ratio can be read
// Each server runs in a process of its own, as head office runs it (the compiled `jingwei server` CLI); the clients
// run in this process.
// Documents: a branch's records made through the product's API (customers, loan applications, their audit entries).
//   npx tsx bench/sync-throughput.bench.ts [--records 10000] [--rounds 3] [--part all|server|client]
// --part server runs only the servers' rounds (plain PouchDB into each, and into the floor), --part client only the two clients'.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import PouchDB from 'pouchdb';
import { createPouch } from '../db/pouchdb';
import { CouchHttp } from '../main/core/sync/http/couch-http';
import { runOneShot } from '../main/core/sync/one-shot';
import { buildBranchDay, openBranchDay } from './support/branch-day';
import { startFloorServer, startJingweiServer, startPouchdbServer, type ServerProcess } from './support/server-process';

const args = z
  .object({
    records: z.coerce.number().int().min(100).default(10_000),
    rounds: z.coerce.number().int().min(1).max(9).default(3),
    part: z.enum(['all', 'server', 'client']).default('all'),
  })
  .parse(parseArgs({ options: { records: { type: 'string' }, rounds: { type: 'string' }, part: { type: 'string' } } }).values);
const runClients = args.part !== 'server';
const runServers = args.part !== 'client';
const admin = { name: 'hq-admin', password: 'hq-admin-password' };
const auth = { username: admin.name, password: admin.password };
const GOAL = 2;

const elapsed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall time, the CPU the server process spent meanwhile, and the client's (this process). */
const timed = async (fn: () => Promise<unknown>, on: ServerProcess) => {
  const [cpu0, own0] = [on.cpuMs(), ownCpuMs()];
  const ms = await elapsed(fn);
  return { ms, cpu: on.cpuMs() - cpu0, own: ownCpuMs() - own0 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Sample = { push: number; pull: number };

/**
 * A replication that counts its batches (PouchDB emits `change` once per batch written). PouchDB's push ships what its
 * source's changes feed has produced by the time the previous batch is done, so a server that answers sooner can get
 * smaller, more numerous batches, each with its own checkpoint round trips — shown so the wall times can be read.
 */
const counted = (replication: PouchDB.Replication.Replication<object>, batches: number[]) => {
  let n = 0;
  replication.on('change', () => n++);
  return replication.then((res) => (batches.push(n), res));
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jw-tp-'));
  let server: ServerProcess | null = null;
  let peer: ServerProcess | null = null;
  let floor: ServerProcess | null = null;
  try {
    // Each customer writes the customer and its audit entry; each application a draft and two audit entries.
    const customers = Math.round(args.records * 0.35);
    const applications = Math.round((args.records - customers * 2) / 3);
    const t0 = Date.now();
    await buildBranchDay({ dataDir: join(dir, 'day'), customers, applications, documents: 0, scanBytes: 0 });
    const source = await openBranchDay(join(dir, 'day'));
    const all = (await source.allDocs({ include_docs: true })).rows.map((r) => r.doc!);
    const bytes = Buffer.byteLength(JSON.stringify(all));
    await source.close();
    console.log(`loopback replication of ${all.length} documents (${(bytes / all.length).toFixed(0)} B each on average) made through the product's API in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`${args.rounds} interleaved rounds, medians shown; load average ${loadavg()[0]!.toFixed(1)} at the start`);

    server = await startJingweiServer(join(dir, 'server'), admin);
    peer = await startPouchdbServer(join(dir, 'peer'));
    if (runServers) floor = await startFloorServer();
    const serverUrl = server.url;
    const peerUrl = peer.url;
    const [jingwei, pouchdbServer, floorServer] = [server, peer, floor];
    const plain = (url: string, withAuth: boolean) => new PouchDB(url, (withAuth ? { auth } : {}) as PouchDB.Configuration.RemoteDatabaseConfiguration);
    const leveldbWithDay = async (name: string) => {
      const db = new PouchDB(join(dir, name));
      for (let i = 0; i < all.length; i += 1000) await db.bulkDocs(all.slice(i, i + 1000) as PouchDB.Core.PutDocument<object>[], { new_edits: false });
      return db;
    };
    const ours: Sample[] = [];
    const pouchClient: Sample[] = [];
    const jingweiServer: Sample[] = [];
    const pouchServer: Sample[] = [];
    const floorWall: Sample[] = [];
    const batches = {
      jingweiPush: [] as number[],
      jingweiPull: [] as number[],
      peerPush: [] as number[],
      peerPull: [] as number[],
      floorPush: [] as number[],
      floorPull: [] as number[],
    };
    const jingweiCpu: Sample[] = [];
    const oursCpu: Sample[] = [];
    const pouchClientCpu: Sample[] = [];
    const pouchServerCpu: Sample[] = [];
    const floorCpu: Sample[] = [];
    const peerClientCpu: Sample[] = [];
    const floorClientCpu: Sample[] = [];

    for (let r = 0; r < args.rounds; r++) {
      // Shipped client → jingwei server.
      const shippedClient = async () => {
        cpSync(join(dir, 'day'), join(dir, `ours-src-${r}`), { recursive: true });
        const src = await openBranchDay(join(dir, `ours-src-${r}`));
        const dst = createPouch(join(dir, `ours-dst-${r}.sqlite`), { key: new Uint8Array(randomBytes(32)) }); // encrypted, as every branch store
        await fetch(`${serverUrl}/client-ours-${r}`, { method: 'PUT', headers: { authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64') } });
        const once = async (db: PouchDB.Database<object>, phases: ('push-docs' | 'pull-docs' | 'push-blobs' | 'pull-blobs')[]) => {
          const http = new CouchHttp({ dbUrl: `${serverUrl}/client-ours-${r}`, auth });
          try {
            return await runOneShot({ local: db, http, phases });
          } finally {
            http.close();
          }
        };
        const push = await timed(() => once(src, ['push-docs', 'push-blobs']), jingwei);
        const pull = await timed(() => once(dst, ['pull-docs', 'pull-blobs']), jingwei);
        if ((await dst.info()).doc_count !== all.length) throw new Error('shipped client: pull incomplete');
        ours.push({ push: push.ms, pull: pull.ms });
        oursCpu.push({ push: push.own, pull: pull.own });
        await Promise.all([src.close(), dst.close()]);
      };
      // Plain PouchDB → jingwei server (the same server, a fresh database).
      const plainToJingwei = async () => {
        const src = await leveldbWithDay(`pouch-src-${r}`);
        const dst = new PouchDB(join(dir, `pouch-dst-${r}`));
        const push = await timed(() => counted(src.replicate.to(plain(`${serverUrl}/client-pouch-${r}`, true), { batch_size: 100 }), batches.jingweiPush), jingwei);
        const pull = await timed(() => counted(dst.replicate.from(plain(`${serverUrl}/client-pouch-${r}`, true), { batch_size: 100 }), batches.jingweiPull), jingwei);
        if ((await dst.info()).doc_count !== all.length) throw new Error('plain PouchDB: pull incomplete');
        pouchClient.push({ push: push.ms, pull: pull.ms });
        pouchClientCpu.push({ push: push.own, pull: pull.own });
        jingweiServer.push({ push: push.ms, pull: pull.ms });
        jingweiCpu.push({ push: push.cpu, pull: pull.cpu });
        await Promise.all([src.close(), dst.close()]);
      };
      // Plain PouchDB → pouchdb-server.
      const plainToPouchdbServer = async () => {
        const src = await leveldbWithDay(`peer-src-${r}`);
        const dst = new PouchDB(join(dir, `peer-dst-${r}`));
        const push = await timed(() => counted(src.replicate.to(plain(`${peerUrl}/server-peer-${r}`, false), { batch_size: 100 }), batches.peerPush), pouchdbServer);
        const pull = await timed(() => counted(dst.replicate.from(plain(`${peerUrl}/server-peer-${r}`, false), { batch_size: 100 }), batches.peerPull), pouchdbServer);
        if ((await dst.info()).doc_count !== all.length) throw new Error('pouchdb-server: pull incomplete');
        pouchServer.push({ push: push.ms, pull: pull.ms });
        pouchServerCpu.push({ push: push.cpu, pull: pull.cpu });
        peerClientCpu.push({ push: push.own, pull: pull.own });
        await Promise.all([src.close(), dst.close()]);
      };
      // Plain PouchDB → the floor (a server doing no work).
      const plainToFloor = async () => {
        const src = await leveldbWithDay(`floor-src-${r}`);
        const dst = new PouchDB(join(dir, `floor-dst-${r}`));
        const url = `${floorServer!.url}/server-floor-${r}`;
        const push = await timed(() => counted(src.replicate.to(plain(url, false), { batch_size: 100 }), batches.floorPush), floorServer!);
        const pull = await timed(() => counted(dst.replicate.from(plain(url, false), { batch_size: 100 }), batches.floorPull), floorServer!);
        if ((await dst.info()).doc_count !== all.length) throw new Error('floor server: pull incomplete');
        floorWall.push({ push: push.ms, pull: pull.ms });
        floorCpu.push({ push: push.cpu, pull: pull.cpu });
        floorClientCpu.push({ push: push.own, pull: pull.own });
        await Promise.all([src.close(), dst.close()]);
      };
      // Each round starts with another of the three, so a machine getting busier or quieter during the run does not
      // always favour the same one.
      // PouchDB→jingwei is in both parts: the client comparison's baseline and the server comparison's candidate.
      const order = [...(runClients ? [shippedClient] : []), plainToJingwei, ...(runServers ? [plainToPouchdbServer, plainToFloor] : [])];
      for (let k = 0; k < order.length; k++) await order[(k + r) % order.length]!();
      const s = (x: Sample | undefined) => (x ? `${(x.push / 1000).toFixed(2)}/${(x.pull / 1000).toFixed(2)} s` : '—');
      console.log(`  round ${r + 1}: shipped client ${s(ours[r])}, PouchDB→jingwei ${s(pouchClient[r])}, PouchDB→pouchdb-server ${s(pouchServer[r])}, PouchDB→floor ${s(floorWall[r])} (push/pull)` +
        `, load ${loadavg()[0]!.toFixed(1)}`);
    }

    const row = (label: string, s: Sample[]) => {
      const push = median(s.map((x) => x.push));
      const pull = median(s.map((x) => x.pull));
      console.log(`  ${label.padEnd(44)} push ${Math.round(all.length / (push / 1000)).toString().padStart(6)} docs/s   pull ${Math.round(all.length / (pull / 1000)).toString().padStart(6)} docs/s`);
      return { push, pull };
    };
    const verdict = (x: number) => `${x.toFixed(2)}× ${x >= GOAL ? 'met' : 'MISSED'}`;
    if (runClients) {
      console.log('\nclient (both into jingwei server):');
      const a = row('shipped sync client (SQLite store)', ours);
      const b = row('plain PouchDB 9 (LevelDB), batch 100', pouchClient);
      console.log(`  shipped / plain PouchDB (goal ≥ ${GOAL}×): push ${verdict(b.push / a.push)}, pull ${verdict(b.pull / a.pull)}`);
    }
    if (runServers) {
      console.log('\nserver (both with a plain PouchDB 9 client, batch 100):');
      const c = row('jingwei server', jingweiServer);
      const d = row('pouchdb-server (express-pouchdb 4.2.0)', pouchServer);
      console.log(`  jingwei server / pouchdb-server (goal ≥ ${GOAL}×): push ${verdict(d.push / c.push)}, pull ${verdict(d.pull / c.pull)}`);
      const f = row('floor: a server doing no work', floorWall);
      console.log(`  floor / pouchdb-server — the most any server reaches with this client: push ${(d.push / f.push).toFixed(2)}×, pull ${(d.pull / f.pull).toFixed(2)}×`);
    }
    // On a shared machine wall time is mostly waiting for a core, once per request and hop; each server's own CPU
    // time for the same replication is the steadier measure of the server itself.
    const cpuRow = (label: string, s: Sample[]) => {
      const push = median(s.map((x) => x.push));
      const pull = median(s.map((x) => x.pull));
      console.log(`  ${label.padEnd(44)} push ${push.toFixed(0).padStart(6)} ms     pull ${pull.toFixed(0).padStart(6)} ms`);
      return { push, pull };
    };
    if (runClients) {
      console.log(`\nclient CPU time (this process) for the same replications (median of ${args.rounds}):`);
      const g = cpuRow('shipped sync client (SQLite store)', oursCpu);
      const h = cpuRow('plain PouchDB 9 (LevelDB), batch 100', pouchClientCpu);
      console.log(`  plain PouchDB CPU / shipped client CPU: push ${(h.push / g.push).toFixed(2)}×, pull ${(h.pull / g.pull).toFixed(2)}×`);
    }
    if (runServers) {
      console.log(`\nserver CPU time for the same replications (median of ${args.rounds}):`);
      const e = cpuRow('jingwei server', jingweiCpu);
      const f = cpuRow('pouchdb-server (express-pouchdb 4.2.0)', pouchServerCpu);
      console.log(`  pouchdb-server CPU / jingwei server CPU: push ${(f.push / e.push).toFixed(2)}×, pull ${(f.pull / e.pull).toFixed(2)}×`);
      // What a server moves per second of its own CPU: on a machine shared with other work, the steadier figure.
      const perCpu = (label: string, cpu: { push: number; pull: number }) =>
        console.log(`  ${label.padEnd(44)} push ${Math.round(all.length / (cpu.push / 1000)).toString().padStart(6)} docs/CPU-s  pull ${Math.round(all.length / (cpu.pull / 1000)).toString().padStart(6)} docs/CPU-s`);
      console.log('\ndocuments per second of server CPU:');
      perCpu('jingwei server', e);
      perCpu('pouchdb-server (express-pouchdb 4.2.0)', f);
      const list = (xs: number[]) => xs.join('/');
      console.log(`\nbatches per replication, round by round (push; pull): jingwei server ${list(batches.jingweiPush)}; ${list(batches.jingweiPull)}` +
        ` — pouchdb-server ${list(batches.peerPush)}; ${list(batches.peerPull)} — floor ${list(batches.floorPush)}; ${list(batches.floorPull)}`);
      // Where a batch's wall goes: the plain client's own CPU, the server's, and the rest (waiting on each other and
      // for a core; negative when the two overlap). PouchDB's push ships what its own changes feed has read when the
      // previous batch ends, so a server that answers sooner gets smaller batches, each with the same four requests.
      console.log('\nper batch (medians; wall = client CPU + server CPU + rest):');
      const perBatch = (label: string, wall: Sample[], client: Sample[], srv: Sample[], push: number[], pull: number[]) => {
        // Round by round (each round's own batch count), then the median of each.
        const part = (k: 'push' | 'pull', n: number[]) => {
          const of = (xs: Sample[]) => median(xs.map((x, i) => x[k] / n[i]!));
          const [w, c, v] = [of(wall), of(client), of(srv)];
          return `${k} ${String(median(n)).padStart(3)} batches: wall ${w.toFixed(1)} = client ${c.toFixed(1)} + server ${v.toFixed(1)} + rest ${(w - c - v).toFixed(1)} ms`;
        };
        console.log(`  ${label.padEnd(16)} ${part('push', push)};  ${part('pull', pull)}`);
      };
      perBatch('jingwei server', jingweiServer, pouchClientCpu, jingweiCpu, batches.jingweiPush, batches.jingweiPull);
      perBatch('pouchdb-server', pouchServer, peerClientCpu, pouchServerCpu, batches.peerPush, batches.peerPull);
      perBatch('floor', floorWall, floorClientCpu, floorCpu, batches.floorPush, batches.floorPull);
    }
    console.log(`load average ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    await server?.close();
    await peer?.close();
    await floor?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
