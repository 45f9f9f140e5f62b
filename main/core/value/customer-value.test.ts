import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
import { generateHeadOfficeKeys, signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { randomBytes } from 'node:crypto';
import { vipDigest, VIP_DIGEST_COST } from '../../../trust/vip-digest';
import { queueDeviceKeys } from '../queue/queue-device';
import { createTestCore } from '../testing/test-core';
import { customerValueIdFor } from './customer-value';
import { z } from 'zod';
import { offerResponseFields } from '../../../domain/value/customer-value-doc';

const ID = '14108119850612001' + residentIdCheckChar('14108119850612001');
const valueDoc = (over: Record<string, unknown> = {}) => ({
  _id: customerValueIdFor(ID), type: 'customer-value', branch: 'HM01', tier: 'gold', rights: ['vip-queue', 'fee-waiver'], points: 3_600, rulesVersion: 1, ...over,
});

// One core for the file: each core signs and hashes its staff's passwords, slow on a loaded machine.
let t: Awaited<ReturnType<typeof createTestCore>>;
let token: string;
let id: string;
beforeAll(async () => {
  t = await createTestCore();
  token = await t.login('T001');
  ({ id } = await t.call('customers.create', {
    customer: { kind: 'individual', name: '张三', idNumber: ID, phone: '13800138000', address: '山西省侯马市新田乡东阳村', village: '东阳村', group: 'farmer' },
  }, token));
}, 120_000);
afterAll(() => t.dispose());

describe('customers.value', () => {
  it('shows the tier, rights and points head office signed for the customer; nothing before it published', async () => {
    expect(await t.call('customers.value', { id }, token)).toBeNull();
    await t.putSigned([signDoc(valueDoc(), signerOf(t.headOffice))]);
    expect(await t.call('customers.value', { id }, token)).toEqual({
      tier: 'gold', tierName: '金卡客户', points: 3_600, vip: true, rulesVersion: 1, offer: null,
      rights: [{ code: 'vip-queue', name: '贵宾优先叫号' }, { code: 'fee-waiver', name: '转账汇款手续费减免' }],
    });
  });

  it('ignores a value document not signed by head office, signed by another key, or for another branch', async () => {
    const put = async (doc: Record<string, unknown>) => {
      const old = await t.core.store.pouch.get(customerValueIdFor(ID)).catch(() => null);
      await t.core.store.pouch.put({ ...doc, ...(old ? { _rev: old._rev } : {}) } as never);
    };
    await put(valueDoc({ tier: 'diamond' }));
    expect(await t.call('customers.value', { id }, token)).toBeNull();
    await put(signDoc(valueDoc(), signerOf(generateHeadOfficeKeys(true))));
    expect(await t.call('customers.value', { id }, token)).toBeNull();
    await put(signDoc(valueDoc({ branch: 'HM02' }), signerOf(t.headOffice)));
    expect(await t.call('customers.value', { id }, token)).toBeNull();
  });
});

describe('the next best offer at the desk', () => {
  const OFFER = { code: 'time-deposit', segment: 'idle-demand', title: '三年期定期存款', product: '定期存款·整存整取三年', pitch: '利息更高', rulesVersion: 2 };
  it('shows the offer head office made the customer and records the answer as an offer-response; refuses an offer not made', async () => {
    const old = await t.core.store.pouch.get(customerValueIdFor(ID)).catch(() => null);
    await t.core.store.pouch.put({ ...signDoc(valueDoc({ offer: OFFER }), signerOf(t.headOffice)), ...(old ? { _rev: old._rev } : {}) } as never);
    expect((await t.call('customers.value', { id }, token))?.offer).toEqual(OFFER);
    const { id: rid } = await t.call('customers.offerResponse', { id, offer: 'time-deposit', response: 'accepted', channel: 'desk' }, token);
    const doc = (await t.core.store.pouch.get(rid)) as Record<string, unknown>;
    expect(doc).toMatchObject({ type: 'offer-response', branch: 'HM01', customerId: id, offer: 'time-deposit', segment: 'idle-demand', rulesVersion: 2, channel: 'desk', response: 'accepted', by: 'T001' });
    // The shape head office's server checks (sync-server/validation/types/value.ts spreads the same fields).
    expect(z.looseObject(offerResponseFields).safeParse(doc).success).toBe(true);
    const err = await t.fail('customers.offerResponse', { id, offer: 'pension-card', response: 'accepted', channel: 'desk' }, token);
    expect(err.code).toBe('VALIDATION');
    expect(err.fields?.[0]).toMatchObject({ path: 'offer', message: '总行未向该客户推荐此产品，不能记录' });
  });
});

describe('verified VIP at the kiosk', () => {
  const STRANGER = '14108119900101002' + residentIdCheckChar('14108119900101002');
  const salt = randomBytes(16).toString('base64');
  const list = (ids: string[], over: Record<string, unknown> = {}) => ({
    _id: 'vip-list:HM01', type: 'vip-list', branch: 'HM01', salt, cost: { ...VIP_DIGEST_COST }, digests: ids.map((i) => vipDigest(i, salt)).sort(), rulesVersion: 1, ...over,
  });
  const putList = async (doc: Record<string, unknown>) => {
    const old = await t.core.store.pouch.get('vip-list:HM01').catch(() => null);
    await t.core.store.pouch.put({ ...doc, ...(old ? { _rev: old._rev } : {}) } as never);
  };
  const ticket = async (idNumber?: string) =>
    t.call('queue.issue', { service: 'cash', kioskKey: queueDeviceKeys(t.core.secrets).kioskKey, ...(idNumber ? { idNumber } : {}) });
  const issue = async (idNumber?: string) => (await ticket(idNumber)).priority;

  it('gives VIP from the ID number when head office listed it; never from an unsigned or foreign list', async () => {
    expect(await issue(ID)).toBeNull();
    await putList(signDoc(list([ID]), signerOf(t.headOffice)));
    expect(await issue(ID)).toBe('vip');
    expect(await issue(STRANGER)).toBeNull();
    expect(await issue()).toBeNull();
    await putList(list([ID, STRANGER]));
    expect(await issue(STRANGER)).toBeNull();
    expect(await issue(ID)).toBeNull();
    await putList(signDoc(list([ID], { _id: 'vip-list:HM01', branch: 'HM02' }), signerOf(t.headOffice)));
    expect(await issue(ID)).toBeNull();
  });

  it('prints the offer head office made a listed VIP on their ticket; a signed list cannot be extended on the device', async () => {
    const offers = [{ code: 'time-deposit', title: '三年期定期存款', pitch: '活期余额转定期，利息更高' }];
    const offerOf = { [vipDigest(ID, salt)]: 'time-deposit' };
    await putList(signDoc(list([ID], { offers, offerOf }), signerOf(t.headOffice)));
    expect(await ticket(ID)).toMatchObject({ priority: 'vip', offer: offers[0] });
    expect(await ticket(STRANGER)).toMatchObject({ priority: null, offer: null });
    // Someone with the device's files adds an offer for a stranger: the list is no longer head office's, so no one is VIP.
    const signed = signDoc(list([ID], { offers, offerOf }), signerOf(t.headOffice));
    await putList({ ...signed, offerOf: { ...offerOf, [vipDigest(STRANGER, salt)]: 'time-deposit' } });
    expect(await ticket(STRANGER)).toMatchObject({ priority: null, offer: null });
    expect(await ticket(ID)).toMatchObject({ priority: null, offer: null });
  });
});
