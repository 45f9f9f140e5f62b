// OCR accuracy and time, PP-OCR (what ships) beside tesseract.js (the first engine), on documents the pipeline was
// never tuned on: bench/ocr-eval/ draws its own people, artwork, fonts and captures (flat scans, phone-like photos,
// harder photos; and a second variant, scan-b and photo-b: bench/ocr-eval/camera-b.ts). Every document goes through the OCR service and its worker thread exactly as the app calls it;
// the first cards of each set also go through `node bin/jingwei.js ocr … --json` as separate processes, which is
// how head office measures, and are scored from that output — once per engine (JINGWEI_OCR_ENGINE=tesseract gives
// the per-process baseline), interleaved card by card.
//
//   npx tsx bench/ocr.bench.ts [--cards 24] [--licences 8] [--cli 6] [--sets scan,photo,hard-photo,scan-b,photo-b]
//                              (or the third variant, written blind: scan-c,photo-c,phone-c; bench/ocr-eval/variant-c.ts)
//                              [--engines pp-ocr,tesseract] [--seed 90000]
//   npx tsx bench/ocr.bench.ts --images DIR --truth FILE.json [--cli N]   pictures from elsewhere with a person's
//                                                      truth (bench/ocr-eval/image-dir.ts), misses listed
//   npx tsx bench/ocr.bench.ts --dev [--show-misses]   the development generator (tests/fixtures/ocr) instead:
//                                                      for working on the pipeline.
// --show-misses lists every missed field (truth → reading). On the evaluation set, use it only on seeds whose
// figures are then not reported: a seed looked at is a seed tuned on.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { RecognisedField } from '../domain/ocr/types';
import type { EngineName } from '../main/core/ocr/engine';
import { createOcrService, type OcrService } from '../main/core/ocr/ocr-service';
import { generateIdCard, generateLicence } from '../tests/fixtures/ocr/generate';
import { assertEvalFonts, type Capture, closeEvalRenderer, evalCard, evalLicence } from './ocr-eval/eval-set';
import { type ImageDoc, loadImageDocs } from './ocr-eval/image-dir';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
const args = z
  .object({
    cards: z.coerce.number().int().min(0).default(24),
    licences: z.coerce.number().int().min(0).default(8),
    cli: z.coerce.number().int().min(0).default(6),
    seed: z.coerce.number().int().min(0).default(90_000),
    sets: z.array(z.enum(['scan', 'photo', 'hard-photo', 'scan-b', 'photo-b', 'scan-c', 'photo-c', 'phone-c'])).default(['scan', 'photo', 'hard-photo', 'scan-b', 'photo-b']),
    engines: z.array(z.enum(['pp-ocr', 'tesseract'])).default(['pp-ocr', 'tesseract']),
    dev: z.boolean(),
  })
  .parse({ cards: opt('cards'), licences: opt('licences'), cli: opt('cli'), seed: opt('seed'), sets: list(opt('sets')), engines: list(opt('engines')), dev: argv.includes('--dev') });
/** --images DIR --truth FILE: score those pictures instead of a generated set (their misses are listed). */
const imageDocs: ImageDoc[] | undefined = opt('images') ? await loadImageDocs(opt('images')!, opt('truth') ?? join(opt('images')!, 'truth.json')) : undefined;
const showMisses = argv.includes('--show-misses') || imageDocs !== undefined;
const today = new Date();

interface Doc { label: string; kind: 'id-card' | 'licence'; truth: Record<string, string>; images: Buffer[] }

/** The evaluation generator, or with --dev the development one (its `mild` scans and `photo` photos). */
async function makeDoc(kind: Doc['kind'], set: Capture, seed: number): Promise<Doc> {
  if (args.dev) {
    const level = set === 'scan' ? 'mild' : 'photo';
    if (kind === 'id-card') {
      const c = await generateIdCard(seed, level, today);
      return { label: `dev ${level} card ${seed}`, kind, truth: c.truth as unknown as Record<string, string>, images: [c.front, c.back] };
    }
    const l = await generateLicence(seed, level, today);
    return { label: `dev ${level} licence ${seed}`, kind, truth: l.truth as unknown as Record<string, string>, images: [l.image] };
  }
  if (kind === 'id-card') {
    const c = await evalCard(seed, set, today);
    return { label: `${set} card ${seed}`, kind, truth: c.truth as unknown as Record<string, string>, images: [c.front, c.back] };
  }
  const l = await evalLicence(seed, set, today);
  return { label: `${set} licence ${seed}`, kind, truth: l.truth as unknown as Record<string, string>, images: [l.image] };
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * `refusedBlurry`: documents refused as too small or blurred to read (文字太小或模糊，请靠近重拍); their fields count
 * as missed in the accuracy, and are also left out of `readFields` / `readExact` (accuracy on what was shown).
 */
interface Tally { docs: number; fields: number; exact: number; readFields: number; readExact: number; ms: number[]; cpu: number[]; perField: Map<string, [number, number]>; secondReadings: number; uncertainNumbers: number; failed: number; refusedBlurry: number; wrongCertain: number; rightUncertain: number }
const tally = (): Tally => ({ docs: 0, fields: 0, exact: 0, readFields: 0, readExact: 0, ms: [], cpu: [], perField: new Map(), secondReadings: 0, uncertainNumbers: 0, failed: 0, refusedBlurry: 0, wrongCertain: 0, rightUncertain: 0 });

/** What a reading gave: the fields, or the refusal's code. */
interface Reading { fields?: Record<string, RecognisedField>; refusal?: string }

function score(t: Tally, doc: Doc, { fields, refusal }: Reading, label: string): void {
  t.docs++;
  if (!fields) t.failed++;
  if (refusal === 'too-blurry') t.refusedBlurry++;
  if (!fields && showMisses) console.log(`  refused ${label}: ${refusal ?? '(failed)'}`);
  for (const name of Object.keys(doc.truth).filter((k) => k !== 'addressLines')) {
    const got = fields?.[name];
    const ok = got?.value === doc.truth[name];
    t.fields++;
    if (ok) t.exact++;
    if (fields) {
      t.readFields++;
      if (ok) t.readExact++;
    }
    // The miss a teller cannot see: a wrong value shown as read with confidence (an empty or uncertain field is flagged).
    if (!ok && got?.value && !got.uncertain) t.wrongCertain++;
    // The price of doubt: a right value the teller is asked to check.
    if (ok && got?.uncertain) t.rightUncertain++;
    if (!ok && showMisses) console.log(`  miss ${label} ${name}: ${doc.truth[name]} → ${got?.value ?? '(failed)'}${got?.uncertain ? ' (uncertain)' : ''}`);
    if (got?.corrected?.reason === 'second-reading') t.secondReadings++;
    if ((name === 'idNumber' || name === 'uscc') && got?.uncertain) t.uncertainNumbers++;
    const pf = t.perField.get(name) ?? [0, 0];
    t.perField.set(name, [pf[0] + (ok ? 1 : 0), pf[1] + 1]);
  }
}

async function viaService(service: OcrService, doc: Doc): Promise<Reading> {
  const refused = (e: unknown): Reading => ({ refusal: (e as { code?: string }).code ?? 'failed' });
  return doc.kind === 'id-card' ? await service.recognizeIdCard(doc.images[0]!, doc.images[1]).catch(refused) : await service.recognizeLicence(doc.images[0]!).catch(refused);
}

/**
 * CPU time of this process's finished children (Linux: cutime + cstime of /proc/self/stat, in clock ticks of
 * 10 ms), so a `jingwei ocr` process's own work can be told from its waiting for a loaded machine's cores.
 */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * `node bin/jingwei.js ocr …` as its own process: start-up, model load and reading, as head office runs it. With
 * `engine` tesseract, the same command on the first engine (JINGWEI_OCR_ENGINE), the per-process baseline.
 */
async function viaCli(dir: string, doc: Doc, engine: EngineName): Promise<Reading & { ms: number; cpu: number }> {
  const files = await Promise.all(doc.images.map(async (img, i) => {
    const f = join(dir, `${i}.img`);
    await writeFile(f, new Uint8Array(img));
    return f;
  }));
  const [t, c] = [performance.now(), childrenCpuMs()];
  const env = { ...process.env, JINGWEI_OCR_ENGINE: engine };
  const { stdout } = await run(process.execPath, ['bin/jingwei.js', 'ocr', doc.kind, ...files, '--json'], { maxBuffer: 8 << 20, env }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const [ms, cpu] = [performance.now() - t, childrenCpuMs() - c];
  try {
    const out = JSON.parse(stdout) as { fields?: Record<string, RecognisedField>; error?: { code?: string } };
    return { ...(out.fields ? { fields: out.fields } : { refusal: out.error?.code ?? 'failed' }), ms, cpu };
  } catch {
    return { ms, cpu };
  }
}

if (!args.dev && !imageDocs) assertEvalFonts();
const load0 = loadavg();
const services = new Map<EngineName, OcrService>();
for (const e of args.engines) {
  const s = createOcrService({ now: () => today, engine: e });
  await s.ready();
  services.set(e, s);
}
// The compiled command is built before the first timed run (bin/jingwei.js rebuilds it when a source is newer).
await run(process.execPath, ['bin/jingwei.js', '--help']);
const dir = await mkdtemp(join(tmpdir(), 'jingwei-ocr-bench-'));
const rows: string[] = [];
/** One row of the closing table: a set and document type, each engine's accuracy and cost per document. */
const table: string[] = [];
const say = (line: string): void => {
  console.log(line);
  rows.push(line);
};
try {
  for (const set of imageDocs ? (['images'] as const) : args.sets) {
    for (const kind of ['id-card', 'licence'] as const) {
      const n = imageDocs ? imageDocs.filter((d) => d.kind === kind).length : kind === 'id-card' ? args.cards : args.licences;
      if (n === 0) continue;
      const cliOf = (e: EngineName): string => `cli ${e}`;
      const results = new Map<string, Tally>([...args.engines.map((e) => [e, tally()] as const), ...args.engines.map((e) => [cliOf(e), tally()] as const)]);
      for (let i = 0; i < n; i++) {
        const seed = args.seed + (kind === 'licence' ? 5000 : 0) + i;
        const doc = set === 'images' ? imageDocs!.filter((d) => d.kind === kind)[i]! : await makeDoc(kind, set, seed);
        // Engines interleaved card by card, so a change in machine load hits both alike.
        for (const e of args.engines) {
          const [t0, c0] = [performance.now(), cpuNow()];
          const reading = await viaService(services.get(e)!, doc);
          const tl = results.get(e)!;
          tl.ms.push(performance.now() - t0);
          tl.cpu.push(cpuNow() - c0);
          score(tl, doc, reading, `${e} ${doc.label}`);
        }
        for (const e of i < args.cli ? args.engines : []) {
          const r = await viaCli(dir, doc, e);
          const tl = results.get(cliOf(e))!;
          tl.ms.push(r.ms);
          tl.cpu.push(r.cpu);
          score(tl, doc, r, `${cliOf(e)} ${doc.label}`);
        }
      }
      const acc = (t: Tally): number => (100 * t.exact) / Math.max(1, t.fields);
      // In-app ID cards also per side (the target is per side); a CLI process reads the whole card.
      const cell = (t: Tally | undefined, perSide: boolean): string => (t?.docs ? `${acc(t).toFixed(1)}% (${t.exact}/${t.fields}, ${t.wrongCertain} wrong-certain, ${t.rightUncertain} right-uncertain)${t.refusedBlurry ? ` [${t.refusedBlurry} refused as blurred; read ${((100 * t.readExact) / Math.max(1, t.readFields)).toFixed(1)}%]` : ''} ${pct(t.ms, 50).toFixed(0)} / ${pct(t.cpu, 50).toFixed(0)} ms${perSide ? ` (side ${(pct(t.ms, 50) / 2).toFixed(0)} ms)` : ''}` : '—');
      const inApp = args.engines.map((e) => cell(results.get(e), kind === 'id-card'));
      table.push(`| ${(args.dev ? 'dev-' : '') + set} | ${kind} | ${[...inApp, ...args.engines.map((e) => cell(results.get(cliOf(e)), false))].join(' | ')} | ${loadavg()[0]!.toFixed(1)} |`);
      for (const [name, t] of results) {
        if (t.docs === 0) continue;
        const sides = kind === 'id-card' ? 2 : 1;
        const cli = name.startsWith('cli ');
        const base = results.get(cli ? cliOf('tesseract') : 'tesseract');
        const ratio = base?.docs && !name.endsWith('tesseract') ? ` | ×${(pct(t.ms, 50) / pct(base.ms, 50)).toFixed(2)} tesseract's time, ×${(pct(t.cpu, 50) / pct(base.cpu, 50)).toFixed(2)} its CPU` : '';
        const what = cli ? `${name.slice(4)} via \`node bin/jingwei.js ocr\` (one process per document)` : `${name} via the OCR service (worker warm)`;
        say(`${(args.dev ? 'dev-' : '') + set} ${kind.padEnd(7)} ${what}: ${acc(t).toFixed(1)}% of fields exact (${t.exact}/${t.fields}, ${t.docs} docs${t.failed ? `, ${t.failed} refused/failed` : ''}${t.refusedBlurry ? ` of which ${t.refusedBlurry} refused as too small or blurred; on the ${t.docs - t.failed} read: ${((100 * t.readExact) / Math.max(1, t.readFields)).toFixed(1)}% (${t.readExact}/${t.readFields})` : ''}; ${t.wrongCertain} wrong but shown certain, ${t.rightUncertain} right but shown uncertain)` +
          ` | median ${pct(t.ms, 50).toFixed(0)} ms per document${sides > 1 ? ` (${(pct(t.ms, 50) / sides).toFixed(0)} ms per side)` : ''}, p95 ${pct(t.ms, 95).toFixed(0)} ms` +
          (t.cpu.length ? ` | CPU median ${pct(t.cpu, 50).toFixed(0)} ms${cli ? ' (the whole process, all its threads)' : ''}` : '') + ratio);
        say(`        per field: ${[...t.perField].map(([f, [ok, all]]) => `${f} ${ok}/${all}`).join(', ')}`);
        if (name === 'pp-ocr') say(`        second opinion (tesseract.js on a number failing its check): settled ${t.secondReadings}, numbers left uncertain ${t.uncertainNumbers}`);
      }
    }
  }
} finally {
  await Promise.all([...services.values()].map((s) => s.close()));
  await closeEvalRenderer();
  await rm(dir, { recursive: true, force: true });
}
console.log('\nsummary\n' + rows.join('\n'));
const heads = [...args.engines.map((e) => `${e} in-app`), ...args.engines.map((e) => `${e} CLI process`)];
console.log(`\nper set and document: fields exact (and how many wrong fields were shown certain), then median wall / CPU per document (in-app: the worker's reading, warm; CLI: \`node bin/jingwei.js ocr\`, the whole process)\n| set | document | ${heads.join(' | ')} | load (1 min) |\n|${'---|'.repeat(heads.length + 3)}\n${table.join('\n')}`);
console.log('targets: ≥ 99% of fields exact on unseen scans, ≥ 97% on unseen photos; `jingwei ocr` well under 2 s per card as a process; in-app median under 500 ms per side (worker warm)');
console.log(`load average at the start ${load0.map((x) => x.toFixed(1)).join(' ')}, at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times include waiting for them; CPU times much less so)`);
