// Field accuracy and time per document of our OCR pipeline against Debian's `tesseract` CLI on the same
// generated images, at three noise levels.
// `nice -n 10 npx tsx bench/ocr.bench.ts [--cards 50] [--licences 10] [--cli-every 1] [--level mild] [--seed 1000] [--show-misses]`
// --seed picks another fixed set of cards (seed, seed+1, …), to check a change on cards it was not tuned on.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { z } from 'zod';
import { buildIdCardResult, buildLicenceResult } from '../domain/ocr';
import type { OcrPage } from '../domain/ocr/types';
import { createOcrService } from '../main/core/ocr/ocr-service';
import { pageFromTsv } from '../main/core/ocr/tesseract-pages';
import { generateIdCard, generateLicence, type NoiseLevel } from '../tests/fixtures/ocr/generate';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
// --cli-every N runs the (slow, model-loading-per-call) CLI baseline on every Nth document only, to fit the time.
const args = z
  .object({ cards: z.coerce.number().int().min(1).default(50), licences: z.coerce.number().int().min(0).default(10), cliEvery: z.coerce.number().int().min(1).default(1), seed: z.coerce.number().int().min(0).default(1000) })
  .parse({ cards: opt('cards'), licences: opt('licences'), cliEvery: opt('cli-every'), seed: opt('seed') });
const LEVELS: NoiseLevel[] = opt('level') ? [z.enum(['mild', 'medium', 'harsh']).parse(opt('level'))] : ['mild', 'medium', 'harsh'];
const today = new Date();

const seconds = (s: string): number => {
  const m = /(\d+)m([\d.]+)s/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** Runs the CLI through bash so that `times` can report the child's CPU time, which does not depend on load. */
async function cliPage(dir: string, name: string, img: Buffer): Promise<{ page: OcrPage; ms: number; cpuMs: number }> {
  const file = join(dir, name);
  await writeFile(file, new Uint8Array(img));
  const meta = await sharp(img).metadata();
  const t = performance.now();
  const script = 'nice -n 10 tesseract "$1" stdout -l chi_sim+eng tsv; times >&2';
  const { stdout, stderr } = await run('bash', ['-c', script, '_', file], { maxBuffer: 32 << 20 });
  const [user, sys] = stderr.trim().split('\n').pop()!.split(/\s+/).map(seconds) as [number, number];
  return { page: pageFromTsv(stdout, meta.width!, meta.height!), ms: performance.now() - t, cpuMs: (user + sys) * 1000 };
}

/** CPU time of this process in ms, worker threads included: the OCR worker's and tesseract's own threads. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

interface Tally { fields: number; exact: number; times: number[]; cpu: number[]; perField: Map<string, [number, number]> }
const tally = (): Tally => ({ fields: 0, exact: 0, times: [], cpu: [], perField: new Map() });
// --show-misses prints every wrong field (truth → read) of our pipeline, to see what the recogniser gets wrong.
const showMisses = argv.includes('--show-misses');
function score(t: Tally, truth: Record<string, unknown>, fields: Record<string, { value: string }>, ms: number, cpuMs: number, label?: string): void {
  t.times.push(ms);
  t.cpu.push(cpuMs);
  for (const [name, f] of Object.entries(fields)) {
    const ok = f.value === truth[name];
    t.fields++;
    if (ok) t.exact++;
    else if (label && showMisses) console.log(`  miss ${label} ${name}: ${String(truth[name])} → ${f.value}`);
    const pf = t.perField.get(name) ?? [0, 0];
    t.perField.set(name, [pf[0] + (ok ? 1 : 0), pf[1] + 1]);
  }
}

const service = createOcrService({ now: () => today });
await service.ready();
const dir = await mkdtemp(join(tmpdir(), 'jingwei-ocr-bench-'));
const rows: string[] = [];
try {
  for (const level of LEVELS) {
    const ours = { id: tally(), lic: tally() };
    const cli = { id: tally(), lic: tally() };
    for (let i = 0; i < args.cards; i++) {
      const card = await generateIdCard(args.seed + i, level, today);
      const [t, c] = [performance.now(), cpuNow()];
      const r = await service.recognizeIdCard(card.front, card.back).catch(() => undefined);
      score(ours.id, card.truth as unknown as Record<string, unknown>, r?.fields ?? {}, performance.now() - t, cpuNow() - c, `card ${args.seed + i}`);
      if (!r) ours.id.fields += 9;
      if (i % args.cliEvery !== 0) continue;
      const f = await cliPage(dir, 'front.png', card.front);
      const b = await cliPage(dir, 'back.png', card.back);
      score(cli.id, card.truth as unknown as Record<string, unknown>, buildIdCardResult(f.page, b.page, today, 0).fields, f.ms + b.ms, f.cpuMs + b.cpuMs);
    }
    for (let i = 0; i < args.licences; i++) {
      const lic = await generateLicence(5000 + i, level, today);
      const [t, c] = [performance.now(), cpuNow()];
      const r = await service.recognizeLicence(lic.image).catch(() => undefined);
      score(ours.lic, lic.truth as unknown as Record<string, unknown>, r?.fields ?? {}, performance.now() - t, cpuNow() - c);
      if (!r) ours.lic.fields += 7;
      if (i % args.cliEvery !== 0) continue;
      const p = await cliPage(dir, 'licence.png', lic.image);
      score(cli.lic, lic.truth as unknown as Record<string, unknown>, buildLicenceResult(p.page, 0).fields, p.ms, p.cpuMs);
    }
    for (const [kind, o, c] of [['id-card', ours.id, cli.id], ['licence', ours.lic, cli.lic]] as const) {
      if (o.times.length === 0) continue;
      const acc = (x: Tally): number => (100 * x.exact) / Math.max(1, x.fields);
      const ratio = acc(c) > 0 ? `×${(acc(o) / acc(c)).toFixed(2)}` : 'n/a (CLI 0%)';
      const line = `${level.padEnd(6)} ${kind.padEnd(7)} n=${String(o.times.length).padStart(3)} (CLI n=${c.times.length})  ours: ${acc(o).toFixed(1)}% exact, median ${pct(o.times, 50).toFixed(0)} ms, p95 ${pct(o.times, 95).toFixed(0)} ms` +
        ` | tesseract CLI: ${acc(c).toFixed(1)}% exact, median ${pct(c.times, 50).toFixed(0)} ms, p95 ${pct(c.times, 95).toFixed(0)} ms` +
        ` | ratio ours/CLI: accuracy ${ratio}, median time ×${(pct(o.times, 50) / pct(c.times, 50)).toFixed(2)}`;
      const cpuLine = `        CPU time per document (load-independent): ours median ${pct(o.cpu, 50).toFixed(0)} ms | CLI median ${pct(c.cpu, 50).toFixed(0)} ms | ratio ×${(pct(o.cpu, 50) / pct(c.cpu, 50)).toFixed(2)}`;
      const fieldLine = `        per field (ours | CLI): ${[...o.perField].map(([n, [ok, all]]) => `${n} ${ok}/${all}|${c.perField.get(n)?.[0] ?? 0}`).join(', ')}`;
      console.log(line);
      console.log(cpuLine);
      console.log(fieldLine);
      rows.push(line, cpuLine, fieldLine);
    }
  }
} finally {
  await service.close();
  await rm(dir, { recursive: true, force: true });
}
console.log('\nsummary\n' + rows.join('\n'));
console.log('targets: ≥ 98% fields exact at mild; median < 2000 ms per ID card (front + back)');
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times include waiting for them)`);
