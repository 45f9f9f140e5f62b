import type { Database } from '../../db/sqlite';
import { addDays } from '../../domain/credit/dates';
import { TIER_NAMES, tierFor, type RightCode, type TierCode, type ValueRules } from '../../domain/value/value-rules';
import { ensureValueTables } from './points-ledger';

/**
 * A customer's tier as head office computes it from the feed ledger: the average of the end-of-day balances of all
 * their deposits over the rule's window (the days in it the ledger holds a deposits file for), and the points they
 * hold. These are bank facts: computed here, published to the branch by head office only.
 */
export interface CustomerValue {
  idNo: string;
  branch: string;
  tier: TierCode;
  tierName: string;
  rights: RightCode[];
  averageFen: number;
  points: number;
  asOf: string;
  rulesVersion: number;
}

function windowDays(db: Database, asOf: string, rules: ValueRules): { from: string; days: number } {
  const from = addDays(asOf, 1 - rules.tierWindowDays);
  const row = db.prepare("SELECT count(*) AS n FROM feed_file WHERE kind = 'deposits' AND date BETWEEN ? AND ?").get(from, asOf) as { n: number };
  return { from, days: row.n };
}

/** Every customer with a deposit account at the branch, with tier and points. */
export function branchCustomerValues(db: Database, branch: string, asOf: string, rules: ValueRules): CustomerValue[] {
  return valuesOf(db, 'a.branch = ?', branch, asOf, rules);
}

export function customerValueOf(db: Database, idNo: string, asOf: string, rules: ValueRules): CustomerValue | null {
  return valuesOf(db, 'a.id_no = ?', idNo, asOf, rules)[0] ?? null;
}

function valuesOf(db: Database, where: 'a.branch = ?' | 'a.id_no = ?', key: string, asOf: string, rules: ValueRules): CustomerValue[] {
  ensureValueTables(db);
  const { from, days } = windowDays(db, asOf, rules);
  const rows = db
    .prepare(
      `SELECT a.id_no AS idNo, min(a.branch) AS branch, coalesce(sum(b.balance), 0) AS total, coalesce(-(SELECT balance FROM points_balance WHERE account = 'customer:' || a.id_no), 0) AS points
       FROM deposit_account a LEFT JOIN deposit_balance b ON b.account_no = a.account_no AND b.date BETWEEN ? AND ?
       WHERE ${where} GROUP BY a.id_no ORDER BY a.id_no`,
    )
    .all(from, asOf, key) as { idNo: string; branch: string; total: number; points: number }[];
  return rows.map((r) => {
    const averageFen = days === 0 ? 0 : Math.floor(r.total / days);
    const tier = tierFor(rules, averageFen);
    return { idNo: r.idNo, branch: r.branch, tier: tier.code, tierName: TIER_NAMES[tier.code], rights: [...tier.rights], averageFen, points: r.points, asOf, rulesVersion: rules.version };
  });
}

