// End-of-day push of a busy branch over a weak village line, ours vs plain PouchDB → express-pouchdb.
//   npx tsx bench/sync-eod.bench.ts            full scenario (≈ 15 min: the line is 256 kbit/s)
//   npx tsx bench/sync-eod.bench.ts --quick    a tenth of the data, drops every 20 s (CI)
//   add --no-baseline to skip the PouchDB → express-pouchdb run
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import PouchDB from 'pouchdb';
import { createPouch } from '../db/pouchdb';
import { createSyncServer } from '../sync-server/server';
import { provisionBranch } from '../sync-server/provision';
import { gzipFetch, newMeter } from '../sync-server/client/gzip-fetch';
import type { FetchMeter } from '../sync-server/client/gzip-fetch';
import { startLinkSim } from './support/link-sim';
import type { LinkSim } from './support/link-sim';
import { pushEndOfDay, replicateUntilDone } from './support/eod-client';
import { startExpressPeer } from './support/express-peer';

const quick = process.argv.includes('--quick');
const baseline = !process.argv.includes('--no-baseline');
const SCALE = quick ? { docs: 200, images: 5, cutEveryMs: 20_000 } : { docs: 2000, images: 50, cutEveryMs: 60_000 };
const LINK = { bandwidthBps: 256_000, latencyMs: 150, cutEveryMs: SCALE.cutEveryMs, outageMs: 3_000 };
const DEADLINE_MS = 45 * 60_000;
const admin = { name: 'hq-admin', password: 'hq-admin-password' };
const device = { username: 'hm01-desk-1', password: 'desk-password-01' };

// Deterministic, business-like text so gzip sees realistic redundancy (field names, repeated vocabulary).
let seed = 20260601;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const WORDS = '富农贷 丰收 复核 村组评议 信用户 种植 养殖 玉米 小麦 苹果 合作社 营业执照 流水 工资 社保 公积金 担保 抵押 还款 逾期 展期 侯马 凤城乡 高村乡 上马街道 新田乡 张村 西阳呈 市场 摊位 批发 零售 客户经理 面签 授信 额度 利率 基点'.split(' ');
const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join('');
// Free text (visit notes, review comments) is far less repetitive than field names: mix in random common characters.
const freeText = (chars: number) => {
  let out = '';
  while (out.length < chars) out += rand() < 0.5 ? words(1) : String.fromCharCode(0x4e00 + Math.floor(rand() * 3000)) + String.fromCharCode(0x4e00 + Math.floor(rand() * 3000));
  return out.slice(0, chars);
};

function dayOfBranch(): { docs: Record<string, unknown>[]; payloadGzip: number; rawBytes: number; recordsRaw: number; recordsGzip: number } {
  const docs: Record<string, unknown>[] = [];
  let imageGzip = 0;
  let rawBytes = 0;
  for (let i = 0; i < SCALE.docs; i++) {
    const noteChars = 200 + Math.floor(rand() * 600); // 1–3 KB of UTF-8 with the other fields
    const doc: Record<string, unknown> = {
      _id: `customer:${String(i).padStart(26, '0')}`,
      type: 'customer',
      kind: 'individual',
      name: words(2).slice(0, 10),
      phone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      address: `山西省侯马市${words(3)}${i}号`,
      village: words(1),
      group: 'farmer',
      idNumber: `1410811980${String(i % 10000).padStart(4, '0')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}X`,
      branch: 'HM01',
      createdAt: new Date(Date.UTC(2026, 5, 1, 1, 0, i)).toISOString(),
      updatedAt: new Date(Date.UTC(2026, 5, 1, 9, 0, i)).toISOString(),
      note: freeText(noteChars),
    };
    rawBytes += Buffer.byteLength(JSON.stringify(doc));
    docs.push(doc);
  }
  // Scans are JPEG: already compressed, so random bytes are the honest stand-in. Spread over the day's records.
  for (let k = 0; k < SCALE.images; k++) {
    const img = randomBytes(140_000 + Math.floor(rand() * 20_000));
    imageGzip += gzipSync(new Uint8Array(img)).length;
    rawBytes += img.length;
    const doc = docs[Math.floor((k * SCALE.docs) / SCALE.images)] as Record<string, unknown>;
    doc._attachments = { 'id-scan.jpg': { content_type: 'image/jpeg', data: img.toString('base64') } };
  }
  const recordsGzip = gzipSync(JSON.stringify(docs.map(({ _attachments, ...rest }) => rest))).length;
  return { docs, payloadGzip: recordsGzip + imageGzip, rawBytes, recordsRaw: Buffer.byteLength(JSON.stringify(docs.map(({ _attachments, ...rest }) => rest))), recordsGzip };
}

interface RunResult {
  label: string;
  ms: number;
  complete: boolean;
  link: ReturnType<LinkSim['stats']>;
  meter: FetchMeter;
  recordsDoneMs?: number;
  scansDoneMs?: number;
}

async function runOurs(docs: Record<string, unknown>[], dir: string): Promise<RunResult> {
  const server = await createSyncServer({ dataDir: join(dir, 'server'), admin, pbkdf2Iterations: 10_000 });
  await provisionBranch({ url: server.url, admin, branchCode: 'HM01', deviceUser: device.username, password: device.password });
  const local = createPouch(join(dir, 'branch.sqlite'));
  for (let i = 0; i < docs.length; i += 200) await local.bulkDocs(docs.slice(i, i + 200));
  const link = await startLinkSim({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, ...LINK });
  const meter = newMeter();
  const t0 = Date.now();
  let complete = true;
  let recordsDoneMs: number | undefined;
  let scansDoneMs: number | undefined;
  try {
    const r = await pushEndOfDay(local, `${link.url}/branch-hm01`, device, meter, t0 + DEADLINE_MS);
    recordsDoneMs = r.smallDoneMs;
    scansDoneMs = r.attachmentsDoneMs;
  } catch {
    complete = false;
  }
  const ms = Date.now() - t0;
  const info = (await (await fetch(`${server.url}/branch-hm01`, { headers: { authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64') } })).json()) as { doc_count: number };
  complete &&= info.doc_count === docs.length + 1; // + the validation design document
  const stats = link.stats();
  await link.close();
  await local.close();
  await server.close();
  return { label: 'jingwei (gzip, split records/scans) → jingwei server', ms, complete, link: stats, meter, recordsDoneMs, scansDoneMs };
}

async function runBaseline(docs: Record<string, unknown>[], dir: string): Promise<RunResult> {
  const peer = await startExpressPeer(join(dir, 'peer'));
  const local = new PouchDB(join(dir, 'baseline-leveldb'));
  for (let i = 0; i < docs.length; i += 200) await local.bulkDocs(docs.slice(i, i + 200));
  const link = await startLinkSim({ target: { host: '127.0.0.1', port: Number(new URL(peer.url).port) }, ...LINK });
  const meter = newMeter();
  // Plain PouchDB: its own fetch (no gzip, no keep-alive), default batches; only metered.
  const remote = new PouchDB(`${link.url}/branch`, { fetch: gzipFetch(meter, { gzip: false, keepAlive: false }) } as PouchDB.Configuration.RemoteDatabaseConfiguration);
  const t0 = Date.now();
  let complete = true;
  try {
    await replicateUntilDone(local, remote, { batch_size: 100 }, t0 + DEADLINE_MS);
  } catch {
    complete = false;
  }
  const ms = Date.now() - t0;
  const stats = link.stats();
  await link.close();
  await local.close();
  await peer.close();
  return { label: 'plain PouchDB → express-pouchdb', ms, complete, link: stats, meter };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jw-eod-'));
  try {
    const { docs, payloadGzip, rawBytes, recordsRaw, recordsGzip } = dayOfBranch();
    console.log(`end-of-day scenario${quick ? ' (--quick)' : ''}: ${SCALE.docs} records of 1–3 KB, ${SCALE.images} scans of ~150 KB`);
    console.log(`line: ${LINK.bandwidthBps / 1000} kbit/s each way, RTT ${2 * LINK.latencyMs} ms, drop every ${LINK.cutEveryMs / 1000} s for ${LINK.outageMs / 1000} s`);
    console.log(`payload: ${kb(rawBytes)} raw, ${kb(payloadGzip)} gzip; records ${kb(recordsRaw)} raw → ${kb(recordsGzip)} gzip`);
    const runs: RunResult[] = [];
    const report = (r: RunResult) => {
      const wire = r.link.upBytes + r.link.downBytes;
      console.log(`\n${r.label}`);
      console.log(`  completed: ${r.complete ? 'yes' : 'NO'} in ${(r.ms / 1000).toFixed(1)} s; drops: ${r.link.cuts}; connections: ${r.link.connections}`);
      console.log(`  wire: ${kb(wire)} (up ${kb(r.link.upBytes)}, down ${kb(r.link.downBytes)}) = ${(wire / payloadGzip).toFixed(2)}× gzip payload (target ≤ 1.20×)`);
      console.log(`  re-sent after drops: ${kb(r.meter.failedBodyBytes)} in ${r.meter.failures} failed requests; largest request ${kb(r.meter.maxBodyBytes)}; per drop ${kb(r.meter.failedBodyBytes / Math.max(1, r.link.cuts))} (target ≤ one request)`);
      if (r.recordsDoneMs !== undefined) {
        console.log(`  records all on the server at ${(r.recordsDoneMs / 1000).toFixed(1)} s, scans at ${((r.scansDoneMs ?? 0) / 1000).toFixed(1)} s`);
      }
    };
    // Each run is reported as soon as it ends: the baseline can take a quarter of an hour on this line.
    runs.push(await runOurs(docs, dir));
    report(runs[0] as RunResult);
    if (baseline) {
      runs.push(await runBaseline(docs, dir));
      report(runs[1] as RunResult);
    }
    if (runs.length === 2) {
      const [ours, base] = runs as [RunResult, RunResult];
      const oursWire = ours.link.upBytes + ours.link.downBytes;
      const baseWire = base.link.upBytes + base.link.downBytes;
      console.log(`\nratios (baseline / ours): time ${(base.ms / ours.ms).toFixed(2)}×, wire bytes ${(baseWire / oursWire).toFixed(2)}×, re-sent ${(base.meter.failedBodyBytes / Math.max(1, ours.meter.failedBodyBytes)).toFixed(2)}×`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
