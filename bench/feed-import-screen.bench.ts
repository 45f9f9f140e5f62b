/**
 * Head office IT's feed-import screen (信息科技运维台 → 导入核心系统文件, issue #14) on a day's big repayment file:
 * the shipped `jingwei report` process (compiled CLI) receives the upload over HTTP as the browser sends it
 * (multipart), previews it and applies it on its worker thread, while this script polls the job page as the
 * browser's reload does — counting the progress figures the page showed. Beside it, the baseline: `jingwei feed
 * import` (same importFeed, same files from the shipped generator, a fresh ledger) in its own process.
 * Figures: wall and CPU seconds (the report process's own CPU from /proc; the CLI prints its own), and the ratio.
 *
 *   npx tsx bench/feed-import-screen.bench.ts [--loans 100000] [--repayments 1000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startJingweiServer } from './support/server-process';
import { processCpuMs } from './support/stats';
import { startReportProcess } from '../tests/e2e/support/report-process';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = z
  .object({ loans: z.coerce.number().int().min(100).default(100_000), repayments: z.coerce.number().int().min(1000).default(1_000_000) })
  .parse(parseArgs({ options: { loans: { type: 'string' }, repayments: { type: 'string' } } }).values);
const ADMIN = { name: 'bench-admin', password: 'bench-admin-password-1' };
const IT = { name: 'bench-it', password: 'bench-it-password-1' };
const D1 = '2026-03-02';
const D2 = '2026-03-03';
const dir = mkdtempSync(join(tmpdir(), 'feed-screen-bench-'));
const files = join(dir, 'files');
const load = () => loadavg()[0]!.toFixed(1);
const jingwei = (argv: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ['bin/jingwei.js', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });

console.log(`load average ${load()} — generating ${args.loans} loans and ${args.repayments} repayment lines (jingwei feed generate)`);
jingwei(['feed', 'generate', '--out', files, '--start', D1, '--days', '1', '--loans', String(args.loans), '--repayments', String(args.repayments)]);
const loansFile = join(files, `${D1}-loans.csv`);
const bigFile = join(files, `${D2}-repayments.csv`);

// Baseline: the command line, in a fresh ledger.
const cli = (kind: string, date: string, file: string) => {
  const out = jingwei(['feed', 'import', '--data', join(dir, 'cli-ledger'), '--kind', kind, '--date', date, file]);
  const m = /imported \S+ \S+: (\d+) lines in ([\d.]+) s .*cpu ([\d.]+) s/.exec(out);
  if (!m) throw new Error(out);
  return { lines: Number(m[1]), wall: Number(m[2]), cpu: Number(m[3]) };
};
cli('loans', D1, loansFile);
const base = cli('repayments', D2, bigFile);

const server = await startJingweiServer(join(dir, 'server'), ADMIN);
jingwei(['couchdb-setup', '--url', server.url, '--it-admin', IT.name], { JINGWEI_ADMIN_USER: ADMIN.name, JINGWEI_ADMIN_PASSWORD: ADMIN.password, JINGWEI_IT_ADMIN_PASSWORD: IT.password });
const report = await startReportProcess(server.url, ADMIN);
try {
  const login = await fetch(`${report.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(IT).toString() });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  /** One step on the screen: posts, then reloads the job page (every 250 ms) until it stops reloading itself. */
  async function step(post: () => Promise<Response>): Promise<{ wall: number; cpu: number; html: string; progress: Set<string>; job: string }> {
    const cpu0 = processCpuMs(report.pid);
    const t = performance.now();
    // As a browser does, a request that found its kept-alive connection closed under it is sent once more.
    const res = await post().catch((e: Error & { cause?: { code?: string } }) => {
      if (e.cause?.code !== 'EPIPE' && e.cause?.code !== 'ECONNRESET') throw e;
      console.log(`(resent after ${e.cause.code})`);
      return post();
    });
    const job = res.headers.get('location');
    if (res.status !== 303 || !job) throw new Error(`${res.status} ${await res.text()}`);
    const progress = new Set<string>();
    for (;;) {
      const html = await (await fetch(report.url + job, { headers: { cookie } })).text();
      const shown = /<progress [^>]*value="(\d+)"/.exec(html)?.[1];
      if (shown) progress.add(shown);
      if (!html.includes('http-equiv="refresh"')) {
        return { wall: (performance.now() - t) / 1000, cpu: (processCpuMs(report.pid) - cpu0) / 1000, html, progress, job };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // The file is read before the clock starts — and before the request: a connection left idle while 70 MB are read
  // is closed by the server's keep-alive timeout just as the upload starts on it (EPIPE).
  const upload = (kind: string, date: string, file: string) => {
    const form = new FormData();
    form.set('kind', kind);
    form.set('date', date);
    form.set('file', new Blob([new Uint8Array(readFileSync(file))]), file.split('/').pop());
    return () => fetch(`${report.url}/it/feeds`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
  };
  const apply = (job: string) => () => fetch(`${report.url}${job}/apply`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  const through = async (kind: string, date: string, file: string) => {
    const preview = await step(upload(kind, date, file));
    if (!preview.html.includes('预检通过')) throw new Error(/id="feed-state"[^>]*>([^<]*)/.exec(preview.html)?.[1] ?? preview.html);
    const applied = await step(apply(preview.job));
    if (!applied.html.includes('已导入')) throw new Error(/id="feed-state"[^>]*>([^<]*)/.exec(applied.html)?.[1] ?? applied.html);
    return { preview, applied };
  };
  await through('loans', D1, loansFile);
  const big = await through('repayments', D2, bigFile);

  const rate = (s: { cpu: number }) => Math.round(base.lines / s.cpu).toLocaleString('en');
  console.log(`\nload average ${load()} · ${base.lines.toLocaleString('en')} repayment lines (${(readFileSync(bigFile).length / 1024 / 1024).toFixed(1)} MB) on ${args.loans.toLocaleString('en')} loans`);
  console.log('| path | wall s | CPU s | lines/CPU s | CPU ratio to CLI import | progress figures shown |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| screen: upload + preview (rolled back) | ${big.preview.wall.toFixed(2)} | ${big.preview.cpu.toFixed(2)} | ${rate(big.preview)} | ${(big.preview.cpu / base.cpu).toFixed(2)} | ${big.preview.progress.size} |`);
  console.log(`| screen: 确认导入 (apply) | ${big.applied.wall.toFixed(2)} | ${big.applied.cpu.toFixed(2)} | ${rate(big.applied)} | ${(big.applied.cpu / base.cpu).toFixed(2)} | ${big.applied.progress.size} |`);
  console.log(`| baseline: jingwei feed import (CLI) | ${base.wall.toFixed(2)} | ${base.cpu.toFixed(2)} | ${rate(base)} | 1.00 | — |`);
  console.log('(screen CPU = the whole report process incl. upload parsing and page renders; CLI CPU = its import only, process start-up excluded)');
} finally {
  await report.dispose();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
