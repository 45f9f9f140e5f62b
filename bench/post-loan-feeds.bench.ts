/**
 * Head office's post-loan feeds (issue #14): import 100,000 loans + 1,000,000 repayment lines, and the daily scan
 * of 100,000 loans — through the shipped command line (`jingwei feed generate|import|scan`, the compiled CLI, each
 * in its own process, as head office's IT runs it), on files made by the shipped generator.
 * Beside each, a plain-SQL baseline on the same files and the same tables: split the lines and INSERT them with no
 * checks at all (import), classify by overdue days and find new overdue loans in one SQL statement each (scan).
 * The ratio says what validation, all-or-nothing and the rule engine cost over the bare minimum.
 * Targets: import ≥ 200,000 lines/s, 100,000-loan scan < 2 s. The machine is shared: CPU seconds are printed beside
 * wall seconds, and the load average.
 *
 *   npx tsx bench/post-loan-feeds.bench.ts [--loans 100000] [--repayments 1000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_RULE_SETS } from '../domain/credit/rules';
import { scanLoan } from '../domain/post-loan/scan';
import { openLedger } from '../sync-server/feeds/feed-ledger';
import { ensureScanTables } from '../sync-server/feeds/daily-scan';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = z
  .object({ loans: z.coerce.number().int().min(1000).default(100_000), repayments: z.coerce.number().int().min(1000).default(1_000_000) })
  .parse(parseArgs({ options: { loans: { type: 'string' }, repayments: { type: 'string' } } }).values);

const dir = mkdtempSync(join(tmpdir(), 'post-loan-bench-'));
const files = join(dir, 'files');
const D1 = '2026-03-02';
const D2 = '2026-03-03';
const load = () => loadavg()[0]!.toFixed(1);

function jingwei(argv: string[]): { out: string; wall: number } {
  const t = performance.now();
  const out = execFileSync(process.execPath, ['bin/jingwei.js', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { out, wall: (performance.now() - t) / 1000 };
}

/** The CLI prints its own time and CPU for the work (process start-up excluded); both are read back. */
function figures(out: string): { wall: number; cpu: number } {
  const m = /in ([\d.]+) s.*cpu ([\d.]+) s/.exec(out);
  if (!m) throw new Error(`unexpected output: ${out}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) };
}

function measure<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const c = process.cpuUsage(cpu);
  return { wall: (performance.now() - t) / 1000, cpu: (c.user + c.system) / 1e6, value };
}

const rows: string[][] = [];
const row = (what: string, lines: number, shipped: { wall: number; cpu: number }, base: { wall: number; cpu: number }, target: string) =>
  rows.push([what, String(lines), shipped.wall.toFixed(2), shipped.cpu.toFixed(2), `${Math.round(lines / shipped.cpu).toLocaleString('en')}`, base.cpu.toFixed(2), (shipped.cpu / base.cpu).toFixed(1), target]);

try {
  const branches = Array.from({ length: 20 }, (_, i) => `HM${String(i + 1).padStart(2, '0')}`).join(',');
  console.log(`[bench] generating ${args.loans} loans and ${args.repayments} repayment lines with \`jingwei feed generate\` (load ${load()})…`);
  jingwei(['feed', 'generate', '--out', files, '--start', D1, '--days', '1', '--loans', String(args.loans), '--branches', branches, '--repayments', String(args.repayments)]);
  const loansFile = join(files, `${D1}-loans.csv`);
  const repaymentsFile = join(files, `${D2}-repayments.csv`);
  const ledger = join(dir, 'ledger');

  console.log(`[bench] import + scan through the CLI (load ${load()})…`);
  const impLoans = figures(jingwei(['feed', 'import', '--data', ledger, '--kind', 'loans', '--date', D1, loansFile]).out);
  const scanFirst = figures(jingwei(['feed', 'scan', '--data', ledger, '--date', D1]).out);
  const impRepay = figures(jingwei(['feed', 'import', '--data', ledger, '--kind', 'repayments', '--date', D2, repaymentsFile]).out);
  const scanDaily = figures(jingwei(['feed', 'scan', '--data', ledger, '--date', D2]).out);

  console.log(`[bench] plain-SQL baselines (load ${load()})…`);
  const base = openLedger(join(dir, 'baseline'));
  ensureScanTables(base);
  const bulk = (file: string, sql: string, convert: (f: string[]) => unknown[]) =>
    measure(() => {
      const text = readFileSync(file, 'utf8');
      const insert = base.prepare(sql);
      base.transaction(() => {
        const lines = text.split('\n');
        for (let i = 1; i < lines.length; i++) if (lines[i]) insert.run(...convert(lines[i]!.split(',')));
      })();
    });
  const yuan = (s: string) => Math.round(Number(s) * 100);
  const baseLoans = bulk(
    loansFile,
    `INSERT INTO loan (account, branch, id_no, name, product, principal, balance, overdue_principal, overdue_interest, overdue_days, next_due, maturity,
       rate_bp, manager, disbursed_on, as_of, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${D1}', 'active')`,
    (f) => [f[0], f[1], f[2], f[3], f[4], yuan(f[5]!), yuan(f[6]!), yuan(f[7]!), yuan(f[8]!), Number(f[9]), f[10] || null, f[11], yuan(f[12]!), f[13], f[14]],
  );
  const baseRepay = bulk(repaymentsFile, 'INSERT INTO repayment (txn_id, account, date, principal, interest, penalty, channel) VALUES (?, ?, ?, ?, ?, ?, ?)', (f) => [
    f[0], f[1], f[2], yuan(f[3]!), yuan(f[4]!), yuan(f[5]!), f[6],
  ]);
  const baseScan = measure(() =>
    base.transaction(() => {
      base.exec(`INSERT OR REPLACE INTO scan_state (account, overdue_days, class, signals, level, month, scanned_on)
        SELECT account, overdue_days, CASE WHEN overdue_days > 360 THEN 'loss' WHEN overdue_days > 270 THEN 'doubtful' WHEN overdue_days > 90 THEN 'substandard'
          WHEN overdue_days > 0 THEN 'special-mention' ELSE 'normal' END, '', 'none', '2026-03', '${D2}' FROM loan WHERE status = 'active'`);
      base.exec(`INSERT OR IGNORE INTO risk_event (id, account, branch, manager, cause, message, overdue_days, raised_on, queue, deadline, status, updated_on)
        SELECT 'risk-event:' || branch || ':' || account || ':${D2}:overdue', account, branch, manager, 'overdue', '', overdue_days, '${D2}',
          CASE WHEN overdue_days > 90 THEN 'risk' ELSE 'branch' END, '${D2}', 'open', '${D2}' FROM loan WHERE status = 'active' AND overdue_days > 0`);
    })(),
  );
  base.close();

  // The scan's kernel on 5,000 loans — what a branch runs for its own loans — without any store around it.
  const rules = DEFAULT_RULE_SETS.farmer;
  const kernel = measure(() => {
    let raised = 0;
    for (let i = 0; i < 5000; i++) {
      const overdueDays = i % 17 === 0 ? (i % 400) + 1 : 0;
      const s = scanLoan(rules, { loanId: String(i), asOf: D2, balanceFen: 5_000_000, overdueDays, overdueFen: overdueDays ? 100_000 : 0, classification: 'normal', bureauNewDefaults: 0, bureauNewQueries30d: 0, lawsuits: 0, guarantorDefault: false, historyMaxOverdueDays: 0, historyOverdueTimes: 0, renewalsSoFar: 0, maturityDate: '2027-03-01' }, undefined);
      raised += s.raised.length;
    }
    return raised;
  });

  const imp = { wall: impLoans.wall + impRepay.wall, cpu: impLoans.cpu + impRepay.cpu };
  const baseImp = { wall: baseLoans.wall + baseRepay.wall, cpu: baseLoans.cpu + baseRepay.cpu };
  row('import loans (CLI)', args.loans, impLoans, baseLoans, '');
  row('import repayments (CLI)', args.repayments, impRepay, baseRepay, '');
  row('import both (CLI)', args.loans + args.repayments, imp, baseImp, '≥ 200,000 lines/s');
  row('first scan, all loans new (CLI)', args.loans, scanFirst, baseScan, '');
  row('daily scan (CLI)', args.loans, scanDaily, baseScan, '< 2 s');
  rows.push(['scan kernel, 5,000 loans (no store)', '5000', kernel.wall.toFixed(3), kernel.cpu.toFixed(3), '', '', '', 'branch scan < 0.2 s']);

  const head = ['what', 'lines/loans', 'wall s', 'cpu s', 'per cpu-second', 'baseline cpu s', '× baseline', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}`);
  console.log(`\nload average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${'2'} shared cores; figures of the CLI exclude process start-up (printed by the command itself).`);
  const rate = (args.loans + args.repayments) / imp.cpu;
  console.log(`import: ${Math.round(rate).toLocaleString('en')} lines per CPU-second (${rate >= 200_000 ? 'meets' : 'BELOW'} 200,000); daily scan ${scanDaily.cpu.toFixed(2)} CPU-s (${scanDaily.cpu < 2 ? 'meets' : 'ABOVE'} 2 s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
