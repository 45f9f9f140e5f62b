/**
 * Issue #17: "monthly points accrual for 200,000 accounts < 5 s (ledger balanced after)" and "segment evaluation
 * over 200,000 customers < 2 s".
 * A month of deposit files for 200,000 accounts made by the post-loan feed generator (domain/post-loan/feed-generator:
 * its portfolio's balances drift day by day), each imported by the feed ledger's importFeed (what `jingwei feed import`
 * runs, here in-process to spare thirty process starts), then `jingwei value accrue` and `jingwei value check` run as
 * a user runs them (the compiled CLI, one process each); the last day's loans file too, then `jingwei value segments`
 * (the default segment rules) over every customer the ledger holds. Printed beside each: wall time, the process's
 * CPU time (on a machine shared by many, wall time is mostly waiting for a core), and the import of one day's file
 * of the same accounts as a reference for how loaded the machine is.
 *
 *   npx tsx bench/value-accrual.bench.ts [--accounts 200000] [--month YYYY-MM, default last month]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { z } from 'zod';
import { addDays, daysInMonth, nextMonthKey } from '../domain/credit/dates';
import { createPortfolio, depositsFile, loansFile, nextDay } from '../domain/post-loan/feed-generator';
import { importFeed, openLedger } from '../sync-server/feeds/feed-ledger';
import { pointsFlows } from '../sync-server/value/points-flows';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = z
  // Last month by default: a month is accrued only once it has ended.
  .object({ accounts: z.coerce.number().int().min(100).default(200_000), month: z.string().regex(/^\d{4}-\d{2}$/).default(nextMonthKey(new Date().toISOString().slice(0, 7), -1)) })
  .parse(parseArgs({ options: { accounts: { type: 'string' }, month: { type: 'string' } } }).values);

const run = promisify(execFile);
/** Runs the compiled CLI; bash's `times` gives the CPU time (user + system) of the finished process. */
const jingwei = async (...argv: string[]) => {
  const started = performance.now();
  const { stdout, stderr } = await run('bash', ['-c', '"$@"; s=$?; times >&2; exit $s', 'jingwei', process.execPath, 'bin/jingwei.js', ...argv], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24,
  });
  const secs = (performance.now() - started) / 1000;
  const times = [...(stderr.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { stdout, secs, cpu: (times[0] ?? NaN) + (times[1] ?? NaN) };
};

const dir = mkdtempSync(join(tmpdir(), 'value-accrual-'));
try {
  const files = join(dir, 'files');
  const ledger = join(dir, 'ledger');
  mkdirSync(files);
  const first = `${args.month}-01`;
  const days = daysInMonth(Number(args.month.slice(0, 4)), Number(args.month.slice(5, 7)));
  console.log(`${args.accounts} deposit accounts, ${days} daily files (load ${loadavg()[0]!.toFixed(1)})`);
  const portfolio = createPortfolio({ seed: 17, loans: args.accounts, branches: [{ code: 'HM01', managers: ['M001', 'M002', 'M003'] }], startDate: first });
  const importSecs: number[] = [];
  const db = openLedger(ledger);
  for (let d = 0; d < days; d++) {
    const date = addDays(first, d);
    nextDay(portfolio, date);
    const file = join(files, `${date}-deposits.csv`);
    writeFileSync(file, depositsFile(portfolio));
    const started = performance.now();
    importFeed(db, { kind: 'deposits', date, bytes: new Uint8Array(readFileSync(file)), now: () => new Date() });
    importSecs.push((performance.now() - started) / 1000);
    rmSync(file);
    if (d % 5 === 4) console.log(`  ${date} imported (${importSecs.at(-1)!.toFixed(1)} s, load ${loadavg()[0]!.toFixed(1)})`);
  }
  const lastDay = addDays(first, days - 1);
  importFeed(db, { kind: 'loans', date: lastDay, bytes: new TextEncoder().encode(loansFile(portfolio, lastDay)), now: () => new Date() });
  db.close();
  const accrue = await jingwei('value', 'accrue', '--data', ledger, '--month', args.month);
  const inside = /in ([\d.]+) s; ledger balanced=(true|false)/.exec(accrue.stdout);
  if (!inside) throw new Error(accrue.stdout);
  const check = await jingwei('value', 'check', '--data', ledger);
  const segments = await jingwei('value', 'segments', '--data', ledger, '--date', addDays(lastDay, 1));
  const segInside = /segmented (\d+) customers in ([\d.]+) s \(facts read from the ledger in ([\d.]+) s\)/.exec(segments.stdout);
  if (!segInside) throw new Error(segments.stdout);
  const balanced = /balanced=true/.test(check.stdout);
  const medianImport = importSecs.sort((a, b) => a - b)[Math.floor(importSecs.length / 2)]!;
  console.log(accrue.stdout.trim());
  console.log(check.stdout.trim());
  console.log(segments.stdout.trim());
  console.log('');
  const ok = (cpu: number, wall: number, target: number) => (wall < target ? 'OK' : cpu < target ? 'OK in CPU time (wall waits for a core)' : 'MISSED');
  console.log('step                                     wall s   CPU s   target');
  console.log(`accrual inside the command              ${Number(inside[1]).toFixed(2).padStart(7)}       -   < 5 s`);
  console.log(`jingwei value accrue (whole process)    ${accrue.secs.toFixed(2).padStart(7)} ${accrue.cpu.toFixed(2).padStart(7)}   < 5 s  ${ok(accrue.cpu, accrue.secs, 5)}`);
  console.log(`segment rules over ${segInside[1]} customers  ${Number(segInside[2]).toFixed(2).padStart(7)}       -   < 2 s  ${Number(segInside[2]) < 2 ? 'OK' : 'MISSED'}`);
  console.log(`  their facts read from the ledger      ${Number(segInside[3]).toFixed(2).padStart(7)}       -`);
  console.log(`jingwei value segments (whole process)  ${segments.secs.toFixed(2).padStart(7)} ${segments.cpu.toFixed(2).padStart(7)}   < 2 s  ${ok(segments.cpu, segments.secs, 2)}`);
  console.log(`reference: one day's import (median)    ${medianImport.toFixed(2).padStart(7)}       -   ratio accrual/import ${(accrue.secs / medianImport).toFixed(2)}`);
  console.log(`ledger balanced after: ${balanced ? 'yes' : 'NO'} (load ${loadavg()[0]!.toFixed(1)})`);
  if (!balanced) process.exitCode = 1;
  // 总行精微看板 (/value) reads the points ledger's flows per month: the same query over the accrued ledger.
  const read = openLedger(ledger);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const flows = pointsFlows(read);
  const flowMs = performance.now() - t0;
  const flowCpu = process.cpuUsage(cpu0);
  read.close();
  console.log(`/value points flows over the ledger      ${(flowMs / 1000).toFixed(2).padStart(7)} ${((flowCpu.user + flowCpu.system) / 1e6).toFixed(2).padStart(7)}   issued ${flows.reduce((n, f) => n + f.issued, 0)} points in ${flows.length} month(s) (load ${loadavg()[0]!.toFixed(1)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
