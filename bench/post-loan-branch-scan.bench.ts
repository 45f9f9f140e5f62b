/**
 * The branch's own scan of its loans (issue #14: a branch scan of 5,000 loans < 200 ms), through the API call the
 * 贷后风险事件 screen makes (`risk.branchScan`: the branch store's loan states read, head office's rule sets read,
 * every live loan scanned). The loan states are head office's own: the shipped generator's files for one branch
 * imported and scanned for a few days by the feed ledger and the daily scan, then turned into the documents the
 * publisher writes (branch-docs.ts) and put into a branch core's store. Beside it, the scan kernel alone on the same
 * documents in memory — the ratio is what reading the store costs. Wall and CPU milliseconds, and the load average.
 *
 *   npx tsx bench/post-loan-branch-scan.bench.ts [--loans 5000] [--runs 15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { addDays } from '../domain/credit/dates';
import { DEFAULT_RULE_SETS } from '../domain/credit/rules';
import { scanBranchLoans } from '../domain/post-loan/branch-scan';
import { DEFAULT_DISPATCH_RULES } from '../domain/post-loan/dispatch';
import { FEED_KINDS } from '../domain/post-loan/feed-formats';
import { createPortfolio, nextDay } from '../domain/post-loan/feed-generator';
import { createTestCore } from '../main/core/testing/test-core';
import { loanStateDocs } from '../sync-server/feeds/branch-docs';
import { runDailyScan } from '../sync-server/feeds/daily-scan';
import { importFeed, openLedger } from '../sync-server/feeds/feed-ledger';
import { measureRuns } from './support/stats';

const args = z
  .object({ loans: z.coerce.number().int().min(100).default(5000), runs: z.coerce.number().int().min(3).default(15) })
  .parse(parseArgs({ options: { loans: { type: 'string' }, runs: { type: 'string' } } }).values);
const START = '2026-03-02';
const DAYS = 5;
const load = () => loadavg()[0]!.toFixed(1);

const dir = mkdtempSync(join(tmpdir(), 'post-loan-branch-scan-'));
const ledger = openLedger(join(dir, 'ledger'));
const portfolio = createPortfolio({ seed: 11, loans: args.loans, branches: [{ code: 'HM01', managers: ['M001', 'M002', 'M003'] }], startDate: START });
for (let d = 0; d < DAYS; d++) {
  const day = nextDay(portfolio, addDays(START, d));
  for (const kind of FEED_KINDS) importFeed(ledger, { kind, date: day.date, bytes: new TextEncoder().encode(day.files[kind]), now: () => new Date() });
  runDailyScan(ledger, { date: day.date, dispatch: DEFAULT_DISPATCH_RULES, now: () => new Date() });
}
const docs = loanStateDocs(ledger, 'HM01');
ledger.close();

// A week after head office last published: the branch has been offline, days went on.
const today = addDays(START, DAYS + 7);
const t = await createTestCore({ clock: () => new Date(`${today}T02:00:00Z`) });
try {
  await t.core.store.pouch.bulkDocs(docs);
  const token = await t.login('H001');
  const measure = (fn: () => unknown | Promise<unknown>) => measureRuns(args.runs, fn);
  console.log(`[bench] ${docs.length} loan states of HM01 in the branch store; scanning on ${today} (load ${load()})…`);
  let last = await t.call('risk.branchScan', {}, token);
  const api = await measure(async () => (last = await t.call('risk.branchScan', {}, token)));
  const kernel = await measure(() => scanBranchLoans(docs, today, (p) => DEFAULT_RULE_SETS[p]));
  const row = (what: string, m: typeof api) =>
    `${what.padEnd(38)} ${m.wall.p50.toFixed(1).padStart(8)} ${m.wall.p95.toFixed(1).padStart(8)} ${m.cpu.p50.toFixed(1).padStart(8)}`;
  console.log(`\n${'what'.padEnd(38)} ${'wall p50'.padStart(8)} ${'wall p95'.padStart(8)} ${'cpu p50'.padStart(8)}   (ms, ${args.runs} runs)`);
  console.log(row(`risk.branchScan (API, ${last.loans} loans)`, api));
  console.log(row('scan kernel alone (documents in memory)', kernel));
  console.log(`\nchanges since head office published: ${last.changes.length}; by class ${Object.entries(last.byClass).map(([c, v]) => `${c} ${v.loans}`).join(', ')}`);
  console.log(`API / kernel (cpu p50) ${(api.cpu.p50 / kernel.cpu.p50).toFixed(1)}×; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on 2 shared cores`);
  console.log(`branch scan: ${api.wall.p50.toFixed(0)} ms wall p50, ${api.cpu.p50.toFixed(0)} ms CPU p50 (${api.cpu.p50 < 200 ? 'meets' : 'ABOVE'} 200 ms in CPU)`);
} finally {
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
}
