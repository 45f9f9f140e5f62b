import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/sqlite';
import { openLedger } from '../feeds/feed-ledger';
import { ensureValueTables } from '../value/points-ledger';
import { openReportingStore, type ReportingStore } from './reporting-store';
import { headOfficeValue, valueDashboardPage } from './value-dashboard-page';

const hex = (n: number) => n.toString(16).padStart(32, '0');
const ulid = (n: number) => `01J${String(n).padStart(23, '0')}`;
const offer = { code: 'time-deposit', segment: 'idle-demand', title: '三年期定期存款', product: '定期存款', pitch: '', rulesVersion: 1, opens: 'time' };
const renewal = { code: 'loan-renewal', segment: 'loan-maturing', title: '贷款续贷预审', product: '续贷', pitch: '', rulesVersion: 1, opens: 'loan' };
const value = (branch: string, n: number, tier: string, made: typeof offer | typeof renewal | null) => ({
  _id: `customer-value:${hex(n)}`, type: 'customer-value', branch, tier, rights: [], points: 100 * n, rulesVersion: 1, ...(made ? { offer: made } : {}), sig: {},
});
const answer = (branch: string, n: number, customer: number, channel: string, response: string, made: typeof offer | typeof renewal = offer) => ({
  _id: `offer-response:${ulid(n)}`, type: 'offer-response', branch, customerId: `customer:${ulid(customer)}`, offer: made.code, segment: made.segment,
  rulesVersion: 1, channel, response, at: '2026-12-01T02:00:00.000Z', by: 'T001',
});
const task = (branch: string, n: number, done: boolean, kind = 'visit') => ({
  _id: `marketing-task:${ulid(n)}`, type: 'marketing-task', branch, grid: 'G01', kind, product: null, target: { kind: 'merchant', id: `customer:${ulid(900 + n)}`, name: '某商户' },
  assignee: 'M001', assigneeName: '李建国', assignedBy: 'H001', assignedAt: '2026-11-30T01:00:00.000Z', due: '2026-12-10', note: '', status: done ? 'done' : 'open',
  outcome: done ? 'visited' : null, outcomeNote: '', workedAt: done ? '2026-12-01T05:00:00.000Z' : null, workedBy: done ? 'M001' : null,
});
const rows = (docs: Record<string, unknown>[]) => docs.map((doc) => ({ id: doc._id as string, doc }));

let dir: string;
let store: ReportingStore;
let ledger: Database;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jw-value-page-'));
  store = openReportingStore(join(dir, 'reporting.sqlite'));
  store.apply('branch-hm01', rows([
    value('HM01', 1, 'gold', offer), value('HM01', 2, 'gold', offer), value('HM01', 3, 'silver', null),
    { _id: `customer:${ulid(1)}`, type: 'customer', kind: 'individual', group: 'farmer', idNumber: '110105194912310029', name: '甲' },
    { _id: `customer:${ulid(2)}`, type: 'customer', kind: 'individual', group: 'merchant', idNumber: '110105194912310037', name: '乙' },
    answer('HM01', 1, 1, 'kiosk', 'accepted'), answer('HM01', 2, 2, 'desk', 'accepted'), answer('HM01', 3, 3, 'desk', 'declined'),
    { _id: 'account:6230910100000000017', type: 'account', accountNo: '6230910100000000017', customerId: `customer:${ulid(1)}`, branch: 'HM01', kind: 'time', status: 'active', openedAt: '2026-12-02T03:00:00Z' },
    task('HM01', 1, true, 'file-merchant'), task('HM01', 2, false),
    { _id: 'partner-statement:HM01:2026-11', type: 'partner-statement', branch: 'HM01', month: '2026-11', rulesVersion: 1, partners: 7, effectivePartners: 3, totalFen: 0, lines: [] },
    { _id: `household:${hex(1)}`, type: 'household', branch: 'HM01', file: { mu: 3 } }, { _id: `household:${hex(2)}`, type: 'household', branch: 'HM01' },
  ]), 1);
  store.apply('branch-hm02', rows([
    value('HM02', 11, 'diamond', renewal),
    { _id: `customer:${ulid(11)}`, type: 'customer', kind: 'individual', group: 'farmer', idNumber: '110105194912310045', name: '丙' },
    answer('HM02', 11, 11, 'task', 'accepted', renewal),
    { _id: 'partner-statement:HM02:2026-11', type: 'partner-statement', branch: 'HM02', month: '2026-11', rulesVersion: 1, partners: 5, effectivePartners: 2, totalFen: 0, lines: [] },
  ]), 1);
  ledger = openLedger(join(dir, 'ledger'));
  ensureValueTables(ledger);
  // 丙 borrowed through core banking (the loan feed) after accepting at a task visit; points moved in November.
  ledger.prepare(`INSERT INTO loan (account, branch, id_no, name, product, principal, balance, overdue_principal, overdue_interest, overdue_days, maturity, rate_bp, manager, disbursed_on, as_of, status)
    VALUES ('62300000000000017', 'HM02', '110105194912310045', '丙', 'inclusive', 1000000, 1000000, 0, 0, 0, '2027-12-01', 435, 'M001', '2026-12-03', '2026-12-03', 'active')`).run();
  const txn = (id: number, ref: string, kind: string, period: string | null, entries: [string, number][]) => {
    ledger.prepare("INSERT INTO points_txn (id, ref, kind, period, at, by, memo) VALUES (?, ?, ?, ?, '2026-11-30T12:00:00Z', 'test', 'test')").run(id, ref, kind, period);
    for (const [account, amount] of entries) ledger.prepare('INSERT INTO points_entry (txn, account, amount) VALUES (?, ?, ?)').run(id, account, amount);
  };
  txn(1, 'accrual:2026-10', 'accrual', '2026-10', [['customer:A', -600], ['customer:B', -400], ['expense:accrual', 1000]]);
  txn(2, 'voucher:V1', 'voucher', null, [['customer:A', 200], ['liability:vouchers', -200]]);
  txn(3, 'redeem:V1', 'redemption', null, [['liability:vouchers', 200], ['payable:partner', -200]]);
  txn(4, 'expiry:2026-11', 'expiry', '2026-11', [['customer:B', 50], ['income:expired', -50]]);
});
afterAll(() => {
  ledger?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('总行精微看板 (/value)', () => {
  it('counts each branch and all together with the branch\'s own rules, opened products from accounts and the loan feed', () => {
    const v = headOfficeValue(store, '2026-12-06', ledger);
    expect(v.branches.map((b) => b.branch)).toEqual(['HM01', 'HM02']);
    const hm01 = v.branches[0]!.dashboard;
    expect(hm01).toMatchObject({ customers: 3, tiers: { gold: 2, silver: 1 }, pointsHeld: 600, partners: { month: '2026-11', partners: 7, effectivePartners: 3 } });
    expect(hm01.filing).toEqual({ households: 2, householdsFiled: 1, merchants: 1, merchantsFiled: 1 });
    expect(hm01.funnelTotal).toMatchObject({ shown: 3, accepted: 2, opened: 1 });
    expect(hm01.funnelByChannel.kiosk).toMatchObject({ accepted: 1, opened: 1 });
    expect(hm01.tasks.total).toMatchObject({ tasks: 2, done: 1 });
    expect(v.branches[1]!.dashboard.funnelByChannel.task).toMatchObject({ shown: 1, accepted: 1, opened: 1 });
    expect(v.all).toMatchObject({ customers: 4, tiers: { gold: 2, silver: 1, diamond: 1 }, partners: { partners: 12, effectivePartners: 5 }, funnelTotal: { shown: 4, accepted: 3, opened: 2 } });
    expect(v.points).toEqual([
      { month: '2026-10', issued: 1000, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 },
      { month: '2026-11', issued: 0, redeemed: 200, expired: 50, returned: 0, vouchersRedeemed: 1 },
    ]);
    // As of the day before the answers, nothing was shown yet.
    expect(headOfficeValue(store, '2026-11-30', null).all.funnelTotal.shown).toBe(0);
  });

  it('draws the page: one row per branch and the total, the charts as SVG, no script', () => {
    const html = valueDashboardPage(headOfficeValue(store, '2026-12-06', ledger), { lang: 'zh-CN', viewer: 'hq-viewer' });
    expect(html).toContain('总行精微看板');
    expect(html).toMatch(/<tr data-branch="HM01">[\s\S]*?data-k="partners">7<[\s\S]*?data-k="effective">3</);
    expect(html).toMatch(/<tr id="value-total">[\s\S]*?data-k="opened">2</);
    expect(html).toContain('<tr data-month="2026-11">');
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    expect(html).not.toContain('<script');
    expect(valueDashboardPage(headOfficeValue(store, '2026-12-06', null), { lang: 'en', viewer: 'x' })).toContain('No feed ledger configured');
  });
});
