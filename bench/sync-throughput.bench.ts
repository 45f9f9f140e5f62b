// Loopback push and pull of 10,000 documents: ours (SQLite adapter → jingwei server on SQLite) against
// plain PouchDB (LevelDB) → express-pouchdb (LevelDB). Both use PouchDB's replicator with default batches.
//   npx tsx bench/sync-throughput.bench.ts [--docs N] [--rounds R]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import PouchDB from 'pouchdb';
import { createPouch, createRemotePouch } from '../db/pouchdb';
import { createSyncServer } from '../sync-server/server';
import { startExpressPeer } from './support/express-peer';

const args = z
  .object({ docs: z.coerce.number().int().min(100).default(10_000), rounds: z.coerce.number().int().min(1).max(5).default(1) })
  .parse(parseArgs({ options: { docs: { type: 'string' }, rounds: { type: 'string' } } }).values);
const admin = { name: 'hq-admin', password: 'hq-admin-password' };

function docs(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    _id: `customer:${String(i).padStart(26, '0')}`,
    type: 'customer',
    kind: 'individual',
    name: `客户${i}`,
    phone: `139${String(i).padStart(8, '0')}`,
    address: `山西省侯马市凤城乡${i % 97}村${i}号`,
    note: '整村授信建档，村组评议通过，预授信额度按农户家庭收入测算。'.repeat(1 + (i % 5)),
  }));
}

interface Side {
  label: string;
  push: number;
  pull: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function fill(db: PouchDB.Database, all: object[]) {
  for (let i = 0; i < all.length; i += 1000) await db.bulkDocs(all.slice(i, i + 1000));
}

async function ours(dir: string, all: object[], round: number): Promise<Side> {
  const server = await createSyncServer({ dataDir: join(dir, `server-${round}`), admin, pbkdf2Iterations: 10_000 });
  const auth = { username: admin.name, password: admin.password };
  const src = createPouch(join(dir, `ours-src-${round}.sqlite`));
  await fill(src, all);
  const push = await timed(() => src.replicate.to(createRemotePouch(`${server.url}/tp`, { auth })));
  const dst = createPouch(join(dir, `ours-dst-${round}.sqlite`));
  const pull = await timed(() => dst.replicate.from(createRemotePouch(`${server.url}/tp`, { auth })));
  if ((await dst.info()).doc_count !== all.length) throw new Error('ours: pull incomplete');
  await Promise.all([src.close(), dst.close()]);
  await server.close();
  return { label: 'jingwei-sqlite → jingwei server', push, pull };
}

async function baseline(dir: string, all: object[], round: number): Promise<Side> {
  const peer = await startExpressPeer(join(dir, `peer-${round}`));
  const src = new PouchDB(join(dir, `base-src-${round}`));
  await fill(src, all);
  const push = await timed(() => src.replicate.to(new PouchDB(`${peer.url}/tp`)));
  const dst = new PouchDB(join(dir, `base-dst-${round}`));
  const pull = await timed(() => dst.replicate.from(new PouchDB(`${peer.url}/tp`)));
  if ((await dst.info()).doc_count !== all.length) throw new Error('baseline: pull incomplete');
  await Promise.all([src.close(), dst.close()]);
  await peer.close();
  return { label: 'PouchDB(LevelDB) → express-pouchdb', push, pull };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jw-tp-'));
  try {
    const all = docs(args.docs);
    console.log(`loopback replication of ${args.docs} documents, ${args.rounds} round(s), median shown`);
    const o: Side[] = [];
    const b: Side[] = [];
    // Alternate so that a noisy neighbour on the shared machine hurts both sides alike.
    for (let r = 0; r < args.rounds; r++) {
      o.push(await ours(dir, all, r));
      b.push(await baseline(dir, all, r));
    }
    const row = (label: string, s: Side[]) => {
      const push = median(s.map((x) => x.push));
      const pull = median(s.map((x) => x.pull));
      console.log(`${label.padEnd(38)} push ${(push / 1000).toFixed(2)} s (${Math.round(args.docs / (push / 1000))} docs/s)  pull ${(pull / 1000).toFixed(2)} s (${Math.round(args.docs / (pull / 1000))} docs/s)`);
      return { push, pull };
    };
    const ro = row(o[0]!.label, o);
    const rb = row(b[0]!.label, b);
    console.log(`ratio baseline/ours (>1 means ours is faster): push ${(rb.push / ro.push).toFixed(2)}×  pull ${(rb.pull / ro.pull).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
