/**
 * Encrypted vs plain document store, through the shipped adapter (db/store.ts openStore with the branch's
 * projections, synchronous=FULL as shipped), interleaved rounds, median per figure.
 *
 *   npx tsx bench/store-encryption.bench.ts [--customers 3000] [--scans 40] [--rounds 5]
 *
 * The corpus is made by the product, not by this script: customers through `customers.create` (demo people),
 * ID-card scans through `documents.saveVerdict` with images from the OCR fixture renderer (mild and harsh
 * photographs), each with its audit entries. It is then copied out with its revisions and written into a fresh
 * plain and a fresh encrypted store the two ways a branch writes: one teller write per transaction, and
 * replication batches from head office. Reads: allDocs, random gets, scans, the changes feed and the
 * customer search SQL. Target: encrypted ≤ 1.2× the plain time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { customerQueries } from '../db/queries/customers';
import { openStore, type Store } from '../db/store';
import { ID_CARD_FIELDS } from '../domain/documents/document-fields';
import { BRANCH_PROJECTIONS, createCore } from '../main/core/core';
import { DEMO_PASSWORD, seedDemo } from '../main/demo/seed';
import { demoHeadOfficeKeys, localDemoHeadOffice } from '../main/demo/demo-trust';
import { trustRootOf } from '../trust/head-office-keys';
import { generateIdCard } from '../tests/fixtures/ocr/generate';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '3000' }, scans: { type: 'string', default: '40' }, rounds: { type: 'string', default: '5' } } });
const CUSTOMERS = Number(values.customers);
const SCANS = Number(values.scans);
const ROUNDS = Number(values.rounds);
if (![CUSTOMERS, SCANS, ROUNDS].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('usage: npx tsx bench/store-encryption.bench.ts [--customers N] [--scans N] [--rounds N]');
  process.exit(2);
}

type Doc = Record<string, unknown> & { _id: string };

/** Runs the product's own API to make the documents a branch holds, and copies them out with revisions. */
async function productCorpus(dir: string): Promise<{ docs: Doc[]; scanBytes: number }> {
  const keys = demoHeadOfficeKeys(dir);
  const core = await createCore({ dataDir: dir, branchCode: 'HM01', deviceId: 'HM01-BENCH', trust: trustRootOf(keys), log: () => {} });
  try {
    await seedDemo(core, { headOffice: localDemoHeadOffice(core, keys), customers: CUSTOMERS });
    const login = await core.call({ method: 'session.login', args: { staffNo: 'T001', password: DEMO_PASSWORD } });
    if (!login.ok) throw new Error(login.error.message);
    const token = (login.value as { token: string }).token;
    const customers = (await core.store.pouch.allDocs({ startkey: 'customer:', endkey: 'customer:\uffff' })).rows.map((r) => r.id);
    let scanBytes = 0;
    for (let i = 0; i < SCANS; i++) {
      const card = await generateIdCard(9000 + i, i % 2 ? 'harsh' : 'mild');
      scanBytes += card.front.length + card.back.length;
      const fields = Object.fromEntries(ID_CARD_FIELDS.map((f) => [f, String(card.truth[f as keyof typeof card.truth] ?? '')]));
      const res = await core.call({
        method: 'documents.saveVerdict',
        args: { customerId: customers[i % customers.length]!, kind: 'id-card', images: { front: card.front.toString('base64'), back: card.back.toString('base64') }, fields, verdict: 'rejected', reason: '证件与客户不符' },
        token,
      });
      if (!res.ok) throw new Error(`saveVerdict: ${res.error.message}`);
    }
    const all = await core.store.pouch.allDocs({ include_docs: true, attachments: true, binary: true });
    const docs: Doc[] = [];
    for (const row of all.rows) {
      if (row.id.startsWith('_design/')) continue;
      const withRevs = await core.store.pouch.get(row.id, { revs: true, attachments: true, binary: true });
      docs.push(withRevs as unknown as Doc);
    }
    return { docs, scanBytes };
  } finally {
    await core.close();
  }
}

interface Figures {
  tellerWrites: number;
  replicationBatches: number;
  allDocs: number;
  gets: number;
  scans: number;
  changes: number;
  search: number;
}
type Figure = keyof Figures;
const FIGURES: Figure[] = ['tellerWrites', 'replicationBatches', 'allDocs', 'gets', 'scans', 'changes', 'search'];

const time = async (fn: () => Promise<unknown> | unknown) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

async function withStore<T>(dir: string, name: string, key: Uint8Array | null, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ path: join(dir, `${name}.sqlite`), key, projections: BRANCH_PROJECTIONS });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** One round on one store kind; every figure in milliseconds. */
async function round(dir: string, label: string, key: Uint8Array | null, docs: Doc[], r: number): Promise<Figures> {
  const f = {} as Figures;
  const plainDocs = docs.map(({ _rev: _r, _revisions: _v, ...d }) => d);
  // A teller's day: one document per transaction (each a durable commit), a sample of the corpus.
  const tellerSample = plainDocs.filter((_, i) => i % 5 === 0);
  await withStore(dir, `${label}-teller-${r}`, key, async (s) => {
    f.tellerWrites = await time(async () => {
      for (const d of tellerSample) await s.pouch.put(d);
    });
  });
  // Replication from head office: revisions kept, batches of 100 documents.
  await withStore(dir, `${label}-repl-${r}`, key, async (s) => {
    f.replicationBatches = await time(async () => {
      for (let i = 0; i < docs.length; i += 100) await s.pouch.bulkDocs(docs.slice(i, i + 100), { new_edits: false });
    });
  });
  // Reads on a reopened store, so nothing comes from the writer's page cache of this connection.
  await withStore(dir, `${label}-repl-${r}`, key, async (s) => {
    const ids = docs.map((d) => d._id);
    const scanIds = docs.filter((d) => d._attachments).map((d) => d._id);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    f.allDocs = await time(() => s.pouch.allDocs({ include_docs: true }));
    f.gets = await time(async () => {
      for (let i = 0; i < 2000; i++) await s.pouch.get(ids[Math.floor(rnd() * ids.length)]!);
    });
    f.scans = await time(async () => {
      for (const id of scanIds) {
        const doc = await s.pouch.get(id);
        for (const name of Object.keys((doc as { _attachments?: object })._attachments ?? {})) await s.pouch.getAttachment(id, name);
      }
    });
    f.changes = await time(() => s.pouch.changes({ since: 0, include_docs: true }));
    const queries = customerQueries(s.sql);
    const names = docs.filter((d) => d.type === 'customer').map((d) => String(d.name));
    f.search = await time(() => {
      for (let i = 0; i < 2000; i++) queries.search(names[Math.floor(rnd() * names.length)]!.slice(0, 1 + (i % 2)), 20);
    });
  });
  return f;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'jingwei-bench-enc-'));
try {
  const t0 = Date.now();
  const { docs, scanBytes } = await productCorpus(join(dir, 'corpus'));
  const byType = docs.reduce<Record<string, number>>((m, d) => ((m[String(d.type)] = (m[String(d.type)] ?? 0) + 1), m), {});
  console.log(`corpus made through the product API in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${docs.length} documents ${JSON.stringify(byType)}, ${SCANS} ID cards (${(scanBytes / 1e6).toFixed(1)} MB of PNG)`);
  const key = new Uint8Array(randomBytes(32));
  const runs: Record<'plain' | 'encrypted', Figures[]> = { plain: [], encrypted: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved, and the order alternates, so drift in the machine's load falls on both sides alike.
    const order: ('plain' | 'encrypted')[] = r % 2 ? ['encrypted', 'plain'] : ['plain', 'encrypted'];
    for (const kind of order) runs[kind].push(await round(dir, kind, kind === 'encrypted' ? key : null, docs, r));
  }
  const [load1] = (await import('node:os')).loadavg();
  console.log(`\nmedian of ${ROUNDS} interleaved rounds (ms); cipher ${(await import('../db/sqlite')).STORE_CIPHER}, raw 32-byte key; load average ${load1!.toFixed(2)}`);
  console.log(`${'figure'.padEnd(42)}${'plain'.padStart(10)}${'encrypted'.padStart(11)}${'ratio'.padStart(8)}`);
  const labels: Record<Figure, string> = {
    tellerWrites: `teller writes (${Math.ceil(docs.length / 5)} × put, FULL sync)`,
    replicationBatches: `replication (${docs.length} docs, batches of 100)`,
    allDocs: 'allDocs include_docs',
    gets: '2000 random get',
    scans: `read ${SCANS} ID cards (${SCANS * 2} PNG attachments)`,
    changes: 'changes since 0 include_docs',
    search: '2000 customer searches (SQL)',
  };
  let worst = 0;
  for (const k of FIGURES) {
    const p = median(runs.plain.map((x) => x[k]));
    const e = median(runs.encrypted.map((x) => x[k]));
    worst = Math.max(worst, e / p);
    console.log(`${labels[k].padEnd(42)}${p.toFixed(1).padStart(10)}${e.toFixed(1).padStart(11)}${(e / p).toFixed(2).padStart(7)}×`);
  }
  const sum = (kind: 'plain' | 'encrypted', ks: Figure[]) => ks.reduce((n, k) => n + median(runs[kind].map((x) => x[k])), 0);
  const writes: Figure[] = ['tellerWrites', 'replicationBatches'];
  const reads = FIGURES.filter((k) => !writes.includes(k));
  const wr = sum('encrypted', writes) / sum('plain', writes);
  const rr = sum('encrypted', reads) / sum('plain', reads);
  console.log(`\ninsert ratio ${wr.toFixed(2)}×, read ratio ${rr.toFixed(2)}× (target ≤ 1.20×: ${wr <= 1.2 && rr <= 1.2 ? 'MEETS' : 'MISSES'}); worst single figure ${worst.toFixed(2)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
