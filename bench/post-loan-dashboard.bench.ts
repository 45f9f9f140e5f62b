/**
 * 贷后风险看板 over a branch of 5,000 loans with 120 days of history (issue #14). The history is head office's own:
 * the shipped generator's files for one branch, imported day by day by the feed ledger (`importFeed`) and scanned by
 * the daily scan, then turned into the documents the publisher writes (branch-docs.ts: loan states with their month
 * ends, risk events). Timed:
 *   - the branch: the API call the 贷后风险看板 screen makes (`risk.dashboard`, documents read from the branch store);
 *   - head office: the `/risk` page of the report server (the reporting store's documents of every branch read,
 *     figures per branch and together, SVG charts drawn) — here one branch;
 *   - beside them, the figures alone (`riskDashboard` on the documents in memory): the baseline.
 * Wall and CPU milliseconds, and the load average.
 *
 *   npx tsx bench/post-loan-dashboard.bench.ts [--loans 5000] [--days 120] [--runs 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { addDays } from '../domain/credit/dates';
import { DEFAULT_DISPATCH_RULES } from '../domain/post-loan/dispatch';
import { FEED_KINDS } from '../domain/post-loan/feed-formats';
import { createPortfolio, nextDay } from '../domain/post-loan/feed-generator';
import { riskDashboard } from '../domain/post-loan/risk-dashboard';
import { createTestCore } from '../main/core/testing/test-core';
import { loanStateDocs, riskEventDocs } from '../sync-server/feeds/branch-docs';
import { runDailyScan } from '../sync-server/feeds/daily-scan';
import { importFeed, openLedger } from '../sync-server/feeds/feed-ledger';
import { openReportingStore } from '../sync-server/reporting/reporting-store';
import { headOfficeRisk, riskDashboardPage } from '../sync-server/reporting/risk-dashboard-page';
import { cpuSinceMs, measureRuns } from './support/stats';

const args = z
  .object({
    loans: z.coerce.number().int().min(100).default(5000),
    days: z.coerce.number().int().min(31).default(120),
    runs: z.coerce.number().int().min(3).default(10),
  })
  .parse(parseArgs({ options: { loans: { type: 'string' }, days: { type: 'string' }, runs: { type: 'string' } } }).values);
const START = '2026-03-02';
const load = () => loadavg()[0]!.toFixed(1);
const measure = (fn: () => unknown | Promise<unknown>) => measureRuns(args.runs, fn);

const dir = mkdtempSync(join(tmpdir(), 'post-loan-dashboard-'));
try {
  console.log(`[bench] ${args.loans} loans of HM01, ${args.days} days of core-banking files through importFeed + the daily scan (load ${load()})…`);
  const made = { wall: performance.now(), cpu: process.cpuUsage() };
  const ledger = openLedger(join(dir, 'ledger'));
  // As the demo's history: more instalments missed and fewer made good than the import bench, so classes move.
  const portfolio = createPortfolio({
    seed: 14, loans: args.loans, branches: [{ code: 'HM01', managers: ['M001', 'M002', 'M003'] }], startDate: START, missRate: 0.06, cureRate: 0.02,
  });
  const encoder = new TextEncoder();
  for (let d = 0; d < args.days; d++) {
    const day = nextDay(portfolio, addDays(START, d));
    for (const kind of FEED_KINDS) {
      if (day.files[kind].indexOf('\n') === day.files[kind].length - 1) continue;
      importFeed(ledger, { kind, date: day.date, bytes: encoder.encode(day.files[kind]), now: () => new Date() });
    }
    runDailyScan(ledger, { date: day.date, dispatch: DEFAULT_DISPATCH_RULES, now: () => new Date() });
  }
  const loans = loanStateDocs(ledger, 'HM01');
  const events = riskEventDocs(ledger, 'HM01');
  ledger.close();
  console.log(`[bench] history made in ${((performance.now() - made.wall) / 1000).toFixed(1)} s wall, ${(cpuSinceMs(made.cpu) / 1000).toFixed(1)} s CPU: ${loans.length} loan states, ${events.length} risk events`);

  const today = addDays(START, args.days);
  const t = await createTestCore({ clock: () => new Date(`${today}T02:00:00Z`) });
  const store = openReportingStore(join(dir, 'reporting', 'reporting.sqlite'));
  try {
    await t.core.store.pouch.bulkDocs([...loans, ...events]);
    store.apply('branch-hm01', [...loans, ...events].map((doc) => ({ id: doc._id, doc: doc as unknown as Record<string, unknown> })), 1);
    const token = await t.login('H001');
    let last = await t.call('risk.dashboard', {}, token);
    const api = await measure(async () => (last = await t.call('risk.dashboard', {}, token)));
    let page = '';
    const headOffice = await measure(() => (page = riskDashboardPage(headOfficeRisk(store, today), { today, lang: 'zh-CN', viewer: 'bench' })));
    const kernel = await measure(() => riskDashboard(loans, events, today));
    const row = (what: string, m: typeof api) =>
      `${what.padEnd(46)} ${m.wall.p50.toFixed(1).padStart(8)} ${m.wall.p95.toFixed(1).padStart(8)} ${m.cpu.p50.toFixed(1).padStart(8)} ${(m.cpu.p50 / kernel.cpu.p50).toFixed(1).padStart(7)}×`;
    console.log(`\n${'what'.padEnd(46)} ${'wall p50'.padStart(8)} ${'wall p95'.padStart(8)} ${'cpu p50'.padStart(8)} ${'vs base'.padStart(8)}   (ms, ${args.runs} runs)`);
    console.log(row('branch: risk.dashboard (API, branch store)', api));
    console.log(row('head office: /risk page (reporting store, SVG)', headOffice));
    console.log(row('baseline: riskDashboard on documents in memory', kernel));
    console.log(`\n${today}: ${last.loans} live loans, overdue rate ${(last.overdueBp / 100).toFixed(2)}%, NPL ratio ${(last.nplBp / 100).toFixed(2)}%, `
      + `${last.months.length} months (${last.months.map((m) => `${m.month} ${(m.nplBp / 100).toFixed(2)}%`).join(', ')}), `
      + `last migration ${last.migrations.at(-1)?.downgraded ?? 0} down / ${last.migrations.at(-1)?.upgraded ?? 0} up, ${last.events.open} open events; page ${(page.length / 1024).toFixed(0)} KB`);
    console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on 2 shared cores`);
  } finally {
    store.close();
    await t.dispose();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
