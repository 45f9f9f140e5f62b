import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { addDays } from '../../domain/credit/dates';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { DEFAULT_SEGMENT_RULES } from '../../domain/value/segment-rules';
import { DEFAULT_VALUE_RULES } from '../../domain/value/value-rules';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { customerFacts, segmentCustomers } from './segments';

/** 精准营销 facts read from head office's ledger: last month's average balances, products held, age, loans. */
const id = (birth: string, seq: string) => {
  const body = `141081${birth.replaceAll('-', '')}${seq}`;
  return body + residentIdCheckChar(body);
};
const TURNING = id('1966-12-15', '001'); // 60 on 2026-12-15
const LEAP = id('1968-02-29', '002'); // 58 on 2026-03-01 (29 Feb counts as 1 Mar in a common year)
const SAVER = id('1990-05-05', '003');
let dir: string;
let db: Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'segments-'));
  db = openLedger(dir);
  for (let d = 0; d < 30; d++) {
    const date = addDays('2026-11-01', d);
    const lines = [
      `600000000000001,${TURNING},HM01,demand,${(1_000).toFixed(2)}`,
      `600000000000002,${SAVER},HM01,demand,${(60_000 + d * 100).toFixed(2)}`,
      `600000000000003,${SAVER},HM02,time,${(10_000).toFixed(2)}`,
      `600000000000004,${LEAP},HM01,demand,${(80_000).toFixed(2)}`,
    ];
    importFeed(db, { kind: 'deposits', date, now: () => new Date(`${date}T20:00:00Z`), bytes: new TextEncoder().encode(`${headerLine('deposits')}\n${lines.join('\n')}\n`) });
  }
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('customer facts for segments', () => {
  it('sums each customer\'s accounts: last month\'s average per day, balances, products, branch, age', () => {
    const { month, facts } = customerFacts(db, '2026-12-01', DEFAULT_VALUE_RULES);
    expect(month).toBe('2026-11');
    expect(facts.get(SAVER)).toMatchObject({
      branch: 'HM01', balanceFen: (62_900 + 10_000) * 100, timeBalanceFen: 10_000 * 100, products: 3, age: 36,
      avgFen: (60_000 + 1_450 + 10_000) * 100, demandAvgFen: (60_000 + 1_450) * 100, loans: 0, loanMaturesInDays: null,
    });
    expect(facts.get(TURNING)).toMatchObject({ age: 59, daysTo60: 14, products: 1, demandAvgFen: 100_000 });
    expect(customerFacts(db, '2026-12-15', DEFAULT_VALUE_RULES).facts.get(TURNING)).toMatchObject({ age: 60, daysTo60: 0 });
    expect(customerFacts(db, '2026-02-28', DEFAULT_VALUE_RULES).facts.get(LEAP)).toMatchObject({ age: 57 });
    expect(customerFacts(db, '2026-03-01', DEFAULT_VALUE_RULES).facts.get(LEAP)).toMatchObject({ age: 58 });
    // 29 Feb 2028 exists: the 60th birthday is counted to 2028-02-29.
    expect(customerFacts(db, '2026-12-01', DEFAULT_VALUE_RULES).facts.get(LEAP)!.daysTo60).toBe(365 + 90);
  });

  it('segments them by the default rules', () => {
    const r = segmentCustomers({ ...customerFacts(db, '2026-12-01', DEFAULT_VALUE_RULES), asOf: '2026-12-01', rules: DEFAULT_SEGMENT_RULES });
    const of = (idNo: string) => r.customers.find((c) => c.idNo === idNo)!;
    expect(of(TURNING).segments).toEqual(['turning-60']);
    expect(of(TURNING).offer?.code).toBe('pension-card');
    expect(of(SAVER).segments).toEqual([]);
    expect(of(LEAP).segments).toEqual(['idle-demand']);
    expect(r.bySegment).toMatchObject({ 'turning-60': 1, 'idle-demand': 1 });
    // Counts only (what `jingwei value segments` prints): the same figures, no list.
    const counted = segmentCustomers({ ...customerFacts(db, '2026-12-01', DEFAULT_VALUE_RULES), asOf: '2026-12-01', rules: DEFAULT_SEGMENT_RULES, counts: true });
    expect(counted).toEqual({ ...r, customers: [] });
    expect(counted.evaluated).toBe(r.customers.length);
  });
});
