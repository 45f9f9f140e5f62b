/**
 * The keyed audit trail (issue #10 item 5) on the paths it touches:
 *   1. an audited write — a document and its audit entry (SHA-256 link + HMAC with the device key) in one bulkDocs,
 *      as every service writes — CPU per write; given a BASELINE checkout (e.g. `git worktree add /tmp/base <commit>`
 *      from before keying, node_modules linked), the same writes run there too, alternating, and the ratio is
 *      printed: both sides share the machine at the same moments, so the ratio holds where absolute figures do not;
 *   2. `audit.verify` over the whole store (every entry's hash, MAC, links, the history table) — entries per second;
 *   3. one entity's history checked row by row against the chain (what the history screens call) — p50/p95.
 *
 *   npx tsx bench/audit.bench.ts [--writes 3000] [--rounds 3] [--baseline /path/to/checkout]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createCore } from '../main/core/core';
import { elapsedMs, ms, summarize } from './support/stats';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '3' }, baseline: { type: 'string' } } });
const WRITES = Number(values.writes);
const ROUNDS = Number(values.rounds);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface WriteFigures { userUs: number; systemUs: number; wallUs: number; entries: number }

function measureWrites(root: string): WriteFigures & { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-bench-audit-'));
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/support/audit-writer.ts'), root, dataDir, String(WRITES)], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`audit writer failed in ${root}:\n${res.stderr}`);
  return { ...(JSON.parse(res.stdout.trim().split('\n').pop()!) as WriteFigures), dataDir };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

console.log(`Audit trail benchmark (${new Date().toISOString()}, load average ${load()})\n`);
const ours: WriteFigures[] = [];
const theirs: WriteFigures[] = [];
let store = '';
for (let r = 0; r < ROUNDS; r++) {
  const mine = measureWrites(ROOT);
  ours.push(mine);
  if (store) rmSync(store, { recursive: true, force: true });
  store = mine.dataDir; // the last store is kept for the read measurements below
  if (values.baseline) {
    const base = measureWrites(values.baseline);
    theirs.push(base);
    rmSync(base.dataDir, { recursive: true, force: true });
  }
}
const cpu = (f: WriteFigures) => f.userUs + f.systemUs;
const row = (label: string, fs: WriteFigures[]) =>
  `${label.padEnd(28)} CPU ${median(fs.map(cpu)).toFixed(0)} µs/write (user ${median(fs.map((f) => f.userUs)).toFixed(0)} µs) · wall ${median(fs.map((f) => f.wallUs)).toFixed(0)} µs/write · runs ${fs.map((f) => cpu(f).toFixed(0)).join(', ')}`;
console.log(`1. audited write, ${WRITES} writes × ${ROUNDS} rounds (medians; each write is fsynced, so wall time is mostly the disk)`);
console.log(`   ${row('this checkout (keyed)', ours)}`);
if (values.baseline) {
  console.log(`   ${row('baseline checkout', theirs)}`);
  console.log(`   ratio CPU this/baseline: ${(median(ours.map(cpu)) / median(theirs.map(cpu))).toFixed(3)} (user only ${(median(ours.map((f) => f.userUs)) / median(theirs.map((f) => f.userUs))).toFixed(3)})`);
}

try {
  const core = await createCore({ dataDir: store, branchCode: 'HM01', deviceId: 'HM01-BENCH', log: () => undefined });
  const entries = ours[ours.length - 1]!.entries;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const report = await core.audit.verify();
    runs.push(elapsedMs(t));
    if (report.devices.some((d) => d.breaks.length) || report.index.breaks.length) throw new Error('the bench store does not verify');
  }
  const best = Math.min(...runs);
  console.log(`\n2. audit.verify over ${entries} entries: ${ms(best)} best of 3 (${((entries / best) * 1000).toFixed(0)} entries/s) · runs ${runs.map((x) => x.toFixed(0)).join(', ')} ms`);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = process.hrtime.bigint();
    const rows = await core.audit.history(`note:${(i * 7) % entries}`);
    samples.push(elapsedMs(t));
    if (rows.length !== 1 || rows[0]!.integrity !== 'ok') throw new Error('history row not verified');
  }
  const h = summarize(samples);
  console.log(`3. history of one entity, checked against the chain: p50 ${ms(h.p50)} · p95 ${ms(h.p95)} · max ${ms(h.max)} (n=${h.n})`);
  await core.close();
} finally {
  rmSync(store, { recursive: true, force: true });
}
console.log(`\nload average at the end: ${load()}`);
