/**
 * Insert / read / changes throughput of the jingwei-sqlite adapter against
 * PouchDB's own LevelDB adapter, same documents, same process, side by side.
 *
 *   npx tsx bench/adapter-insert.bench.ts [docs=20000] [batch=500] [rounds=3]
 *
 * Each adapter runs `rounds` times, interleaved, on a fresh database; the
 * median of each figure is printed (the machine is shared, single runs are noisy).
 *
 * LevelDB (leveldown default) does not fsync on write, so the fair comparison
 * is our adapter with synchronous=NORMAL (WAL: durable across a crash of the
 * process, not across power loss); synchronous=FULL (our default) is shown too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import { JingweiPouch, ADAPTER_NAME } from '../db/pouchdb';

JingweiPouch.plugin(leveldbAdapter);

const DOCS = Number(process.argv[2] ?? 20_000);
const BATCH = Number(process.argv[3] ?? 500);
const ROUNDS = Number(process.argv[4] ?? 3);
if (![DOCS, BATCH, ROUNDS].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('usage: npx tsx bench/adapter-insert.bench.ts [docs>0] [batch>0] [rounds>0]');
  process.exit(2);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const VILLAGES = ['上马村', '新田村', '北董村', '高村', '东阳村', '西韩村'];

/** ~1 KB customer records, deterministic so every adapter stores the same bytes. */
function makeDocs(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < DOCS; i++) {
    const n = String(i).padStart(8, '0');
    out.push({
      _id: `customer:${n}`,
      type: 'customer',
      name: `${SURNAMES[i % SURNAMES.length]}${'建国秀英志强桂兰'[i % 8]}${i % 97}`,
      idNumber: `14108119${String(600101 + (i % 300000)).padStart(6, '0')}${String(i % 9999).padStart(4, '0')}`,
      phone: `139${String(10_000_000 + i).slice(-8)}`,
      address: `山西省侯马市${VILLAGES[i % VILLAGES.length]}${(i % 40) + 1}号`,
      segment: ['farmer', 'merchant', 'salaried', 'enterprise'][i % 4],
      creditLimitFen: 5_000_000 + (i % 50) * 100_000,
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      tags: ['富农贷', '整村授信', `网格${i % 12}`],
      household: { members: (i % 6) + 1, landMu: (i % 30) + 2, livestock: i % 15 },
      notes: '客户经理走访记录：家庭经营稳定，种植玉米小麦，无不良记录。'.repeat(8) + n,
    });
  }
  return out;
}

interface Figures {
  label: string;
  insert: number;
  allDocs: number;
  changes: number;
}

async function measure(label: string, make: (dir: string) => PouchDB.Database<object>): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-bench-'));
  const docs = makeDocs();
  const db = make(dir);
  try {
    await db.info();
    let t = performance.now();
    for (let i = 0; i < docs.length; i += BATCH) {
      const res = await db.bulkDocs(docs.slice(i, i + BATCH));
      if (res.some((r) => 'error' in r && r.error)) throw new Error(`${label}: bulkDocs reported an error`);
    }
    const insertMs = performance.now() - t;

    t = performance.now();
    const all = await db.allDocs({ include_docs: true });
    const allMs = performance.now() - t;
    if (all.rows.length !== DOCS) throw new Error(`${label}: allDocs returned ${all.rows.length}`);

    t = performance.now();
    const ch = await db.changes({ since: 0, include_docs: true });
    const chMs = performance.now() - t;
    if (ch.results.length !== DOCS) throw new Error(`${label}: changes returned ${ch.results.length}`);

    return { label, insert: (DOCS / insertMs) * 1000, allDocs: (DOCS / allMs) * 1000, changes: (DOCS / chMs) * 1000 };
  } finally {
    await db.destroy().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US').padStart(10);

function median(label: string, runs: Figures[]): Figures {
  const mid = (k: 'insert' | 'allDocs' | 'changes') => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { label, insert: mid('insert'), allDocs: mid('allDocs'), changes: mid('changes') };
}

async function main() {
  const size = Buffer.byteLength(JSON.stringify(makeDocs()[0]));
  console.log(`${DOCS} docs of ~${size} bytes, bulkDocs batches of ${BATCH}, median of ${ROUNDS} rounds; figures in docs/s`);
  const contenders: [string, (dir: string) => PouchDB.Database<object>][] = [
    ['pouchdb-adapter-leveldb', (dir) => new JingweiPouch(path.join(dir, 'level'), { adapter: 'leveldb' })],
    [`${ADAPTER_NAME} (sync=NORMAL)`, (dir) => new JingweiPouch(path.join(dir, 'n.sqlite'), { adapter: ADAPTER_NAME, synchronous: 'NORMAL' })],
    [`${ADAPTER_NAME} (sync=FULL)`, (dir) => new JingweiPouch(path.join(dir, 'f.sqlite'), { adapter: ADAPTER_NAME, synchronous: 'FULL' })],
  ];
  const runs = contenders.map(() => [] as Figures[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, [label, make]] of contenders.entries()) runs[i]!.push(await measure(label, make));
  }
  const [level, normal, full] = contenders.map(([label], i) => median(label, runs[i]!)) as [Figures, Figures, Figures];
  console.log(`${'adapter'.padEnd(34)}${'insert'.padStart(10)}${'allDocs'.padStart(10)}${'changes'.padStart(10)}`);
  for (const f of [level, normal, full]) {
    console.log(`${f.label.padEnd(34)}${fmt(f.insert)}${fmt(f.allDocs)}${fmt(f.changes)}`);
  }
  for (const f of [normal, full]) {
    console.log(
      `ratio ${f.label} / leveldb: insert ${(f.insert / level.insert).toFixed(2)}x, ` +
        `allDocs(include_docs) ${(f.allDocs / level.allDocs).toFixed(2)}x, changes(include_docs) ${(f.changes / level.changes).toFixed(2)}x`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
