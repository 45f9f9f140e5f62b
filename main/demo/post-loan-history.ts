import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../domain/credit/dates';
import { FEED_KINDS } from '../../domain/post-loan/feed-formats';
import { createPortfolio, nextDay } from '../../domain/post-loan/feed-generator';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { branchDay, DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { customerFactsDocs, feedStatusDocs, loanStateDocs, riskEventDocs } from '../../sync-server/feeds/branch-docs';
import { runDailyScan } from '../../sync-server/feeds/daily-scan';
import { importFeed, openLedger } from '../../sync-server/feeds/feed-ledger';
import type { Database } from '../../db/sqlite';
import type { DemoHeadOffice } from './demo-trust';

export interface PostLoanHistoryOptions {
  branch: string;
  /** Calendar days of core-banking files before today (each day's four files, then the day's scan). */
  days: number;
  loans?: number;
  now?: Date;
  log?: (msg: string) => void;
  /** Keep head office's ledger here (the demo's risk centre assigns events in it); default a throw-away folder. */
  ledgerDir?: string;
  /** More lines for each day's deposits file (the demo's other customers' balances, for 精微甄选). */
  depositLines?: (date: string) => string[];
  /** Head office's further work on the ledger once the days are in (customer value), before it is closed. */
  afterFeeds?: (db: Database, today: string) => Promise<void>;
}

/** About four month ends: the migration matrix and the overdue trend need more than one month to show a shape. */
export const DEMO_POST_LOAN_DAYS = 120;

/**
 * The demo's post-loan past, made the way head office makes it: the shipped feed generator's files for this
 * branch's loans, day by day through `importFeed` and the daily scan (sync-server/feeds), in a throw-away head
 * office ledger; then the branch's loan states and risk events as the publisher would send them. The generator
 * is told to let more instalments go unpaid and fewer be made good than the bench does, so that a few loans
 * reach 次级 and beyond within the months shown.
 */
export async function seedPostLoanHistory(headOffice: DemoHeadOffice, opts: PostLoanHistoryOptions): Promise<{ loans: number; events: number }> {
  const dir = opts.ledgerDir ?? mkdtempSync(join(tmpdir(), 'jingwei-demo-feeds-'));
  try {
    const db = openLedger(dir);
    try {
      const today = branchDay(opts.now ?? new Date(), DEFAULT_TIME_ZONE);
      const start = addDays(today, -opts.days);
      const portfolio = createPortfolio({
        seed: 14,
        loans: opts.loans ?? 240,
        branches: [{ code: opts.branch, managers: ['M001', 'M002'] }],
        startDate: start,
        missRate: 0.06,
        cureRate: 0.02,
      });
      const encoder = new TextEncoder();
      for (let date = start; date < today; date = addDays(date, 1)) {
        const { files } = nextDay(portfolio, date);
        const more = opts.depositLines?.(date) ?? [];
        if (more.length > 0) files.deposits += more.join('\n') + '\n';
        for (const kind of FEED_KINDS) {
          // A day without repayments or events sends no file (two header-only files would be the same file twice).
          if (files[kind].indexOf('\n') === files[kind].length - 1) continue;
          importFeed(db, { kind, date, bytes: encoder.encode(files[kind]), now: () => new Date() });
        }
        runDailyScan(db, { date, dispatch: DEFAULT_DISPATCH_RULES, now: () => new Date() });
      }
      const loans = loanStateDocs(db, opts.branch);
      const events = riskEventDocs(db, opts.branch);
      await headOffice.deliver([...loans, ...events, ...customerFactsDocs(db, opts.branch, today), ...feedStatusDocs(db, opts.branch)]);
      opts.log?.(`演示贷后数据 demo post-loan: ${loans.length} 笔贷款 loans, ${events.length} 个风险事件 risk events (${opts.days} 天 days of feeds)`);
      await opts.afterFeeds?.(db, today);
      return { loans: loans.length, events: events.length };
    } finally {
      db.close();
    }
  } finally {
    if (!opts.ledgerDir) rmSync(dir, { recursive: true, force: true });
  }
}
