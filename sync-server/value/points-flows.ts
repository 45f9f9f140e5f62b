import type { Database } from '../../db/sqlite';
import type { PointsMonth } from '../../domain/value/points-summary';

/**
 * Points issued, redeemed, expired and returned per month, from the points ledger's entries on customers' accounts:
 * of the whole bank, or of one branch's customers (those holding a deposit account there — the customers whose
 * tiers and points head office publishes to that branch, so the flows and the points held add up for the same
 * people; a customer banking at two branches counts at both). `through` (a date) leaves out later movements (T+1).
 */
export function pointsFlows(ledger: Database, opts: { branch?: string; through?: string } = {}): PointsMonth[] {
  if (!ledger.prepare("SELECT 1 FROM sqlite_master WHERE name = 'points_txn'").get()) return [];
  const months = new Map<string, PointsMonth>();
  const line = (month: string) => {
    let m = months.get(month);
    if (!m) months.set(month, (m = { month, issued: 0, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 }));
    return m;
  };
  const through = opts.through ?? '9999-12-31';
  const customers = opts.branch === undefined
    ? "e.account LIKE 'customer:%'"
    : "e.account IN (SELECT DISTINCT 'customer:' || id_no FROM deposit_account WHERE branch = @branch)";
  const params = { through, ...(opts.branch === undefined ? {} : { branch: opts.branch }) };
  const rows = ledger
    .prepare(`SELECT coalesce(t.period, substr(t.at, 1, 7)) AS month, t.kind AS kind, sum(e.amount) AS amount
      FROM points_entry e JOIN points_txn t ON t.id = e.txn
      WHERE ${customers} AND substr(t.at, 1, 10) <= @through GROUP BY 1, 2`)
    .all(params) as { month: string; kind: string; amount: number }[];
  // A customer's account is credited (negative) when points are given, debited when they are spent or lapse.
  for (const r of rows) {
    const m = line(r.month);
    if (r.kind === 'accrual') m.issued += -r.amount;
    else if (r.kind === 'voucher' || r.kind === 'mall') m.redeemed += r.amount;
    else if (r.kind === 'expiry') m.expired += r.amount;
    else if (r.kind === 'reversal') m.returned += -r.amount;
  }
  // A shop's redemption moves no customer points (they left at the voucher's issue): counted from the voucher.
  const ofBranch = opts.branch === undefined ? '' : 'AND t.id IN (SELECT close_txn FROM voucher WHERE id_no IN (SELECT id_no FROM deposit_account WHERE branch = @branch))';
  const redeemed = ledger
    .prepare(`SELECT substr(t.at, 1, 7) AS month, count(*) AS n FROM points_txn t
      WHERE t.kind = 'redemption' AND substr(t.at, 1, 10) <= @through ${ofBranch} GROUP BY 1`)
    .all(params) as { month: string; n: number }[];
  for (const r of redeemed) line(r.month).vouchersRedeemed += r.n;
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
