import type { Database } from '../../db/sqlite';
import { branchDayBounds, DEFAULT_TIME_ZONE, formatDate } from '../../domain/time/branch-time';
import type { PointsMonth } from '../../domain/value/points-summary';

/**
 * Points issued, redeemed, expired and returned per month, from the points ledger's entries on customers' accounts:
 * of the whole bank, or of one branch's customers (those holding a deposit account there — the customers whose
 * tiers and points head office publishes to that branch, so the flows and the points held add up for the same
 * people; a customer banking at two branches counts at both). `through` (a date) leaves out later movements (T+1).
 * Months and days are Beijing's, as the bank's are: the ledger's times are UTC, so movements are summed per UTC hour
 * in SQL (China's offset is whole hours) and the hours put in their local month here.
 */
export function pointsFlows(ledger: Database, opts: { branch?: string; through?: string } = {}): PointsMonth[] {
  if (!ledger.prepare("SELECT 1 FROM sqlite_master WHERE name = 'points_txn'").get()) return [];
  const months = new Map<string, PointsMonth>();
  const line = (month: string) => {
    let m = months.get(month);
    if (!m) months.set(month, (m = { month, issued: 0, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 }));
    return m;
  };
  const before = opts.through ? branchDayBounds(opts.through, DEFAULT_TIME_ZONE).to : '9999-12-31';
  const monthOf = (hour: string) => formatDate(`${hour}:00:00Z`, DEFAULT_TIME_ZONE).slice(0, 7);
  const customers = opts.branch === undefined
    ? "e.account LIKE 'customer:%'"
    : "e.account IN (SELECT DISTINCT 'customer:' || id_no FROM deposit_account WHERE branch = @branch)";
  const params = { before, ...(opts.branch === undefined ? {} : { branch: opts.branch }) };
  const rows = ledger
    .prepare(`SELECT t.period AS period, substr(t.at, 1, 13) AS hour, t.kind AS kind, sum(e.amount) AS amount
      FROM points_entry e JOIN points_txn t ON t.id = e.txn
      WHERE ${customers} AND t.at < @before GROUP BY 1, 2, 3`)
    .all(params) as { period: string | null; hour: string; kind: string; amount: number }[];
  // A customer's account is credited (negative) when points are given, debited when they are spent or lapse.
  for (const r of rows) {
    const m = line(r.period ?? monthOf(r.hour));
    if (r.kind === 'accrual') m.issued += -r.amount;
    else if (r.kind === 'voucher' || r.kind === 'mall') m.redeemed += r.amount;
    else if (r.kind === 'expiry') m.expired += r.amount;
    else if (r.kind === 'reversal') m.returned += -r.amount;
  }
  // A shop's redemption moves no customer points (they left at the voucher's issue): counted from the voucher.
  const ofBranch = opts.branch === undefined ? '' : 'AND t.id IN (SELECT close_txn FROM voucher WHERE id_no IN (SELECT id_no FROM deposit_account WHERE branch = @branch))';
  const redeemed = ledger
    .prepare(`SELECT substr(t.at, 1, 13) AS hour, count(*) AS n FROM points_txn t
      WHERE t.kind = 'redemption' AND t.at < @before ${ofBranch} GROUP BY 1`)
    .all(params) as { hour: string; n: number }[];
  for (const r of redeemed) line(monthOf(r.hour)).vouchersRedeemed += r.n;
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
