// Lag from a branch write reaching head office to head office's reporting store (issue #19 part 4: < 5 s on loopback).
//   npx tsx bench/reporting-lag.bench.ts [--branches 20] [--writes 200]
// Runs against `jingwei server` (embedded) and, when JINGWEI_TEST_COUCHDB is set (scripts/couchdb.sh env), against
// that Apache CouchDB too, side by side. Each write is a device's PUT into its branch database; the lag is from the
// PUT's answer to the follower having stored the document (sync-server/reporting/follower.ts, the code that ships).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createSyncServer } from '../sync-server/server';
import { couchTestServer } from '../sync-server/couch-test-server';
import { provisionBranch } from '../sync-server/provision';
import { followBranches } from '../sync-server/reporting/follower';
import { openReportingStore } from '../sync-server/reporting/reporting-store';
import { percentile } from './support/stats';

const args = z
  .object({ branches: z.coerce.number().int().min(1).max(500).default(20), writes: z.coerce.number().int().min(1).default(200) })
  .parse(parseArgs({ options: { branches: { type: 'string' }, writes: { type: 'string' } } }).values);
const DEVICE_PASSWORD = 'device-password-1';
const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');
const code = (i: number) => `B${String(i).padStart(3, '0')}`;

async function measure(label: string, url: string, admin: { name: string; password: string }): Promise<string> {
  const branches = Array.from({ length: args.branches }, (_, i) => code(i));
  for (const b of branches) await provisionBranch({ url, admin, branchCode: b, deviceUser: `${b.toLowerCase()}-desk`, password: DEVICE_PASSWORD });
  const dir = mkdtempSync(join(tmpdir(), 'jw-lag-'));
  const store = openReportingStore(join(dir, 'reporting.sqlite'));
  const waiting = new Map<string, { t0: number; done: (ms: number) => void }>();
  const follower = followBranches({
    target: { url, user: admin },
    store,
    onPage: (db) => {
      for (const [key, w] of waiting) {
        const [wdb, id] = key.split('|') as [string, string];
        if (wdb === db && store.seenAt(db, id)) {
          waiting.delete(key);
          w.done(performance.now() - w.t0);
        }
      }
    },
  });
  await follower.caughtUp;
  const lags: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < args.writes; i++) {
    const b = branches[i % branches.length]!;
    const db = `branch-${b.toLowerCase()}`;
    const id = `customer:01J${String(i).padStart(23, '0')}`;
    const doc = { _id: id, type: 'customer', kind: 'individual', name: `客户${i}`, phone: '13900000000', address: '侯马' };
    const seen = new Promise<number>((done) => waiting.set(`${db}|${id}`, { t0: 0, done }));
    const res = await fetch(`${url}/${db}/${encodeURIComponent(id)}`, { method: 'PUT', headers: { authorization: basic({ name: `${b.toLowerCase()}-desk`, password: DEVICE_PASSWORD }), 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    if (res.status !== 201) throw new Error(`${label}: PUT ${res.status} ${await res.text()}`);
    const w = waiting.get(`${db}|${id}`);
    if (w) w.t0 = performance.now();
    // the page may already have landed between the PUT's answer and here
    if (w && store.seenAt(db, id)) {
      waiting.delete(`${db}|${id}`);
      w.done(0);
    }
    lags.push(await Promise.race([seen, new Promise<number>((_, fail) => setTimeout(() => fail(new Error(`${label}: ${id} not seen within 30 s`)), 30_000))]));
  }
  const wall = performance.now() - t0;
  await follower.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return `| ${label} | ${args.branches} | ${args.writes} | ${percentile(lags, 50).toFixed(0)} | ${percentile(lags, 95).toFixed(0)} | ${Math.max(...lags).toFixed(0)} | ${((args.writes / wall) * 1000).toFixed(1)} |`;
}

const rows: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'jw-lag-server-'));
const admin = { name: 'hq-admin', password: 'hq-admin-password' };
const server = await createSyncServer({ dataDir, admin });
try {
  rows.push(await measure('jingwei server (embedded)', server.url, admin));
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const couch = process.env.JINGWEI_TEST_COUCHDB;
if (couch) {
  const couchAdmin = { name: process.env.COUCHDB_ADMIN ?? 'admin', password: process.env.COUCHDB_ADMIN_PASSWORD ?? 'jingwei-couch' };
  await couchTestServer(couch, couchAdmin);
  rows.push(await measure(`Apache CouchDB 3.4.3 (${couch})`, couch, couchAdmin));
}
console.log(`\nreporting lag: branch write → head-office reporting store (goal p95 < 5000 ms), load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| server | branches | writes | p50 ms | p95 ms | max ms | writes/s |');
console.log('|---|--:|--:|--:|--:|--:|--:|');
for (const r of rows) console.log(r);
