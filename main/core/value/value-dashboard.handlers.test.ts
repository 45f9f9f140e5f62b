import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { branchDay, DEFAULT_TIME_ZONE } from '../../../domain/time/branch-time';
import { signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore } from '../testing/test-core';
import { customerValueIdFor } from './customer-value';

const idOf = (body: string) => body + residentIdCheckChar(body);
const PEOPLE = [
  { name: '张三', idNumber: idOf('14108119850612001'), tier: 'gold', points: 3_000, offer: 'time-deposit' },
  { name: '李四', idNumber: idOf('14108119790203002'), tier: 'gold', points: 500, offer: 'time-deposit' },
  { name: '王五', idNumber: idOf('14108119880917003'), tier: 'silver', points: 120, offer: 'wealth-review' },
  { name: '赵六', idNumber: idOf('14108119900101004'), tier: 'standard', points: 0, offer: null },
] as const;
const OFFERS = {
  'time-deposit': { code: 'time-deposit', segment: 'idle-demand', title: '三年期定期存款', product: '定期存款', pitch: '', rulesVersion: 1, opens: 'time' },
  'wealth-review': { code: 'wealth-review', segment: 'high-value', title: '专属理财规划', product: '理财', pitch: '', rulesVersion: 1 },
} as const;

let t: Awaited<ReturnType<typeof createTestCore>>;
let head: string;
let teller: string;
const ids: string[] = [];
// The dashboard's day is the branch's (Beijing), a day ahead of UTC's from 16:00 UTC.
const today = branchDay(new Date(), DEFAULT_TIME_ZONE);
beforeAll(async () => {
  t = await createTestCore();
  head = await t.login('H001');
  teller = await t.login('T001');
  for (const p of PEOPLE) {
    ids.push((await t.call('customers.create', { customer: { kind: 'individual', name: p.name, idNumber: p.idNumber, phone: '13800138001', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' } }, teller)).id);
  }
  await t.putSigned(PEOPLE.map((p) => signDoc({
    _id: customerValueIdFor(p.idNumber), type: 'customer-value', branch: 'HM01', tier: p.tier, rights: [], points: p.points, rulesVersion: 1, ...(p.offer ? { offer: OFFERS[p.offer] } : {}),
  }, signerOf(t.headOffice))));
}, 120_000);
afterAll(() => t.dispose());

describe('value.dashboard (精微看板 at the branch)', () => {
  it('counts tiers, points and offers from head office\'s signed documents only', async () => {
    // A tier written into the store by anything but head office is not counted.
    await t.core.store.pouch.put({ _id: customerValueIdFor(idOf('14108119700101005')), type: 'customer-value', branch: 'HM01', tier: 'diamond', rights: [], points: 99_999, rulesVersion: 1 } as never);
    const d = await t.call('value.dashboard', {}, head);
    expect(d).toMatchObject({ date: today, customers: 4, tiers: { standard: 1, silver: 1, gold: 2, platinum: 0, diamond: 0 }, pointsHeld: 3_620 });
    expect(d.offersMade).toEqual([
      { segment: 'high-value', offer: 'wealth-review', title: '专属理财规划', customers: 1 },
      { segment: 'idle-demand', offer: 'time-deposit', title: '三年期定期存款', customers: 2 },
    ]);
    expect(d.funnelTotal).toEqual({ shown: 0, accepted: 0, opened: 0, acceptedBp: 0, openedBp: 0 });
    expect(d.partners).toBeNull();
    expect(d.tasks.total.tasks).toBe(0);
    expect(d.pointsFlows).toBeNull();
    // Each signed document's verdict is remembered (under the device's key): the next call verifies none again.
    const remembered = t.core.store.sql.prepare("SELECT id FROM signature_verdict WHERE id LIKE 'customer-value:%'").all();
    expect(remembered).toHaveLength(4);
    expect((await t.call('value.dashboard', {}, head)).pointsHeld).toBe(3_620);
  });

  it('shows the branch\'s points issued, redeemed and expired per month from head office\'s signed summary only', async () => {
    const months = [
      { month: '2026-10', issued: 4_200, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 },
      { month: '2026-11', issued: 3_900, redeemed: 1_500, expired: 120, returned: 50, vouchersRedeemed: 2 },
    ];
    // Written into the store by anything but head office: not shown.
    await t.core.store.pouch.put({ _id: 'points-summary:HM01', type: 'points-summary', branch: 'HM01', asOf: '2026-11-30', months } as never);
    expect((await t.call('value.dashboard', {}, head)).pointsFlows).toBeNull();
    // Head office's summary for another branch is not this branch's either.
    await t.putSigned([signDoc({ _id: 'points-summary:HM01', type: 'points-summary', branch: 'HM02', asOf: '2026-11-30', months }, signerOf(t.headOffice))]);
    expect((await t.call('value.dashboard', {}, head)).pointsFlows).toBeNull();
    await t.putSigned([signDoc({ _id: 'points-summary:HM01', type: 'points-summary', branch: 'HM01', asOf: '2026-11-30', months }, signerOf(t.headOffice))]);
    expect((await t.call('value.dashboard', {}, head)).pointsFlows).toEqual({ asOf: '2026-11-30', months });
    // The T+1 view of a day in October shows the months up to it.
    expect((await t.call('value.dashboard', { date: '2026-10-31' }, head)).pointsFlows).toEqual({ asOf: '2026-11-30', months: [months[0]] });
  });

  it('follows an offer from shown to accepted to a time deposit opened (signed by head office); a forged account does not count', async () => {
    await t.call('customers.offerResponse', { id: ids[0]!, offer: 'time-deposit', response: 'accepted', channel: 'kiosk' }, teller);
    await t.call('customers.offerResponse', { id: ids[1]!, offer: 'time-deposit', response: 'accepted', channel: 'desk' }, teller);
    await t.call('customers.offerResponse', { id: ids[2]!, offer: 'wealth-review', response: 'declined', channel: 'desk' }, teller);
    const before = await t.call('value.dashboard', {}, head);
    expect(before.funnelTotal).toMatchObject({ shown: 3, accepted: 2, opened: 0 });
    // Core banking opens 张三's time deposit (head office signs it from its feed); someone forges one for 李四.
    await t.openAccount(ids[0]!, { kind: 'time' });
    await t.core.store.pouch.put({
      _id: 'account:6230910199999999999', type: 'account', accountNo: '6230910199999999999', customerId: ids[1]!, branch: 'HM01', kind: 'time', status: 'active',
      openedAt: new Date().toISOString(), version: 1, updatedAt: new Date().toISOString(),
    } as never);
    const d = await t.call('value.dashboard', {}, head);
    expect(d.funnel).toEqual([
      expect.objectContaining({ segment: 'high-value', offer: 'wealth-review', channel: 'desk', shown: 1, accepted: 0, opened: 0, tracked: false }),
      expect.objectContaining({ segment: 'idle-demand', offer: 'time-deposit', title: '三年期定期存款', channel: 'desk', shown: 1, accepted: 1, opened: 0, tracked: true }),
      expect.objectContaining({ segment: 'idle-demand', offer: 'time-deposit', channel: 'kiosk', shown: 1, accepted: 1, opened: 1, openedBp: 10000 }),
    ]);
    expect(d.funnelByChannel.kiosk).toMatchObject({ shown: 1, accepted: 1, opened: 1 });
    expect(d.funnelTotal).toMatchObject({ shown: 3, accepted: 2, opened: 1, openedBp: 5000 });
    // As of yesterday nothing had happened yet.
    const yesterday = branchDay(new Date(Date.now() - 86_400_000), DEFAULT_TIME_ZONE);
    expect((await t.call('value.dashboard', { date: yesterday }, head)).funnelTotal.shown).toBe(0);
  });

  it('is the branch head\'s and managers\' (dashboard.read), not the teller\'s', async () => {
    expect((await t.fail('value.dashboard', {}, teller)).code).toBe('FORBIDDEN');
    expect((await t.fail('value.dashboard', { date: '2026-13' }, head)).code).toBe('BAD_REQUEST');
  });
});
