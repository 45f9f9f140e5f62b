// Run with tsx in a child process (the feed ledger imports JSON modules, which Playwright's own TypeScript loader
// cannot load). Set-up of history: one deposits file a day from FROM to TO through the ledger's own import (what
// `jingwei feed import` runs), without a process start per day. Each day's balance is YUAN plus the day's index in
// fen, as real balances drift (the ledger refuses a file identical to one it already holds).
// Usage: tsx deposit-history-main.ts DIR FROM TO "ACCOUNT,ID_NO,BRANCH,KIND" YUAN
import { addDays } from '../../../domain/credit/dates';
import { headerLine } from '../../../domain/post-loan/feed-formats';
import { importFeed, openLedger } from '../../../sync-server/feeds/feed-ledger';

const [dir, from, to, account, yuan] = process.argv.slice(2);
if (!dir || !from || !to || !account || !yuan) throw new Error('usage: tsx deposit-history-main.ts DIR FROM TO ACCOUNT,ID_NO,BRANCH,KIND YUAN');
const ledger = openLedger(dir);
try {
  for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
    const balance = ((Number(yuan) * 100 + i) / 100).toFixed(2);
    importFeed(ledger, { kind: 'deposits', date: d, now: () => new Date(`${d}T20:00:00Z`), bytes: new TextEncoder().encode(`${headerLine('deposits')}\n${account},${balance}\n`) });
  }
} finally {
  ledger.close();
}
