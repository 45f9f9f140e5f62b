import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { customerValueDocId, DEFAULT_VALUE_RULES } from '../../domain/value/value-rules';
import { generateHeadOfficeKeys, signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyDoc } from '../../trust/signature';
import { vipDigest } from '../../trust/vip-digest';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { provisionBranch } from '../provision';
import { startTestServer, type TestServer } from '../test-support';
import { FEED_PUBLISHER_ROLE } from '../validation/policy';
import { checkTypedDoc } from '../validation/registry';
import { accrueMonth, issueVoucher } from './points-ledger';
import { publishCustomerValues } from './publish-value';
import type { SegmentRules } from '../../domain/value/segment-rules';

/** Head office publishes tiers and points, signed, as `feed-publisher`; the branch device can read but not forge them. */
let server: TestServer;
let dir: string;
let ledger: Database;
const device = { name: 'hm01-pc', password: 'device-password-01' };
const publisher = { name: 'hq-feeds', password: 'feeds-password-01' };
const keys = generateHeadOfficeKeys(true);
const ID = residentIdFor(mulberry32(9), 1);
const DOC = customerValueDocId((s) => createHash('sha256').update(s).digest('hex'), ID);
const deposits = (date: string, yuan: number) =>
  importFeed(ledger, {
    kind: 'deposits', date, now: () => new Date(`${date}T20:00:00Z`),
    bytes: new TextEncoder().encode(`${headerLine('deposits')}\n600000000000001,${ID},HM01,demand,${yuan.toFixed(2)}\n`),
  });
const SEGMENTS: SegmentRules = {
  version: 3,
  segments: [{ code: 'large-balance', name: '大额存款', rule: 'balanceFen >= 100_000_000' }],
  offers: [{ code: 'time-deposit', segment: 'large-balance', title: '三年期定期存款', product: '定期存款·整存整取三年', pitch: '利息更高' }],
};
const publish = (date: string) =>
  publishCustomerValues(ledger, { target: { url: server.url, user: publisher }, date, rules: DEFAULT_VALUE_RULES, segments: SEGMENTS, signer: signerOf(keys) });

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: { name: 'hq-admin', password: 'hq-admin-password' }, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await server.req('PUT', `/_users/org.couchdb.user:${publisher.name}`, { body: { name: publisher.name, password: publisher.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  dir = mkdtempSync(join(tmpdir(), 'publish-value-'));
  ledger = openLedger(dir);
});
afterAll(async () => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

describe('publishing customer value', () => {
  it('writes a signed, schema-valid document; rewrites it only when the tier or points change', async () => {
    deposits('2026-11-01', 1_000);
    // The customer's value, the VIP list and the branch's points summary.
    expect(await publish('2026-11-01')).toMatchObject([{ branch: 'HM01', customers: 1, vips: 0, written: 3 }]);
    const doc = (await server.req('GET', `/branch-hm01/${DOC}`, { auth: device })).json;
    expect(doc).toMatchObject({ type: 'customer-value', branch: 'HM01', tier: 'standard', rights: [], points: 0, rulesVersion: 1 });
    expect(checkTypedDoc(doc)).toEqual({ ok: true });
    expect(verifyDoc(doc, trustRootOf(keys))).toBe(true);
    expect(JSON.stringify(doc)).not.toContain(ID);
    expect(doc.offer).toBeUndefined();

    deposits('2026-11-02', 1_001);
    // Only the points summary, dated the new day (T+1: the branch head sees to which day it counts).
    expect(await publish('2026-11-02')).toMatchObject([{ written: 1 }]);
    expect((await server.req('GET', `/branch-hm01/${DOC}`, { auth: device })).json._rev).toBe(doc._rev);
    deposits('2026-11-03', 2_000_000);
    expect(await publish('2026-11-03')).toMatchObject([{ written: 3 }]);
    const upgraded = (await server.req('GET', `/branch-hm01/${DOC}`, { auth: device })).json;
    expect(upgraded).toMatchObject({ tier: 'platinum', rights: expect.arrayContaining(['vip-queue']) });
    // 2,000,000 yuan is in the large-balance segment: its next best offer rides on the signed document.
    expect(upgraded.offer).toEqual({ code: 'time-deposit', segment: 'large-balance', title: '三年期定期存款', product: '定期存款·整存整取三年', pitch: '利息更高', rulesVersion: 3 });
    expect(checkTypedDoc(upgraded)).toEqual({ ok: true });
    // The queue device's list: the VIP's slow digest only, signed.
    const vips = (await server.req('GET', '/branch-hm01/vip-list:HM01', { auth: device })).json;
    expect(checkTypedDoc(vips)).toEqual({ ok: true });
    expect(verifyDoc(vips, trustRootOf(keys))).toBe(true);
    expect(vips.digests).toEqual([vipDigest(ID, vips.salt)]);
    // The VIP's offer for the kiosk ticket: keyed by the same digest, with the ticket's texts only (no segment).
    expect(vips.offerOf).toEqual({ [vipDigest(ID, vips.salt)]: 'time-deposit' });
    expect(vips.offers).toEqual([{ code: 'time-deposit', title: '三年期定期存款', pitch: '利息更高' }]);
    expect(await publish('2026-11-03')).toMatchObject([{ written: 0, vips: 1 }]);
  });

  it('publishes the branch\'s points issued, redeemed and expired per month from the points ledger, signed, up to the day', async () => {
    for (let d = 4; d <= 30; d++) deposits(`2026-11-${String(d).padStart(2, '0')}`, 2_000_000 + d);
    const accrued = accrueMonth(ledger, { month: '2026-11', rules: DEFAULT_VALUE_RULES, now: new Date('2026-12-01T02:00:00Z'), by: 'hq' });
    issueVoucher(ledger, { idNo: ID, points: 500, partner: 'SHOP01', branch: 'HM01', rules: DEFAULT_VALUE_RULES, now: new Date('2026-12-02T03:00:00Z'), by: 'hq' });
    await publish('2026-12-01');
    const summary = (await server.req('GET', '/branch-hm01/points-summary:HM01', { auth: device })).json;
    expect(checkTypedDoc(summary)).toEqual({ ok: true });
    expect(verifyDoc(summary, trustRootOf(keys))).toBe(true);
    // As of 1 December the voucher (2 December) had not been bought yet.
    expect(summary).toMatchObject({ type: 'points-summary', branch: 'HM01', asOf: '2026-12-01', months: [{ month: '2026-11', issued: accrued.points, redeemed: 0, expired: 0, returned: 0, vouchersRedeemed: 0 }] });
    await publish('2026-12-02');
    const next = (await server.req('GET', '/branch-hm01/points-summary:HM01', { auth: device })).json;
    expect(next.months).toEqual([summary.months[0], { month: '2026-12', issued: 0, redeemed: 500, expired: 0, returned: 0, vouchersRedeemed: 0 }]);
    // The branch device can neither change nor write one.
    const forged = await server.req('PUT', '/branch-hm01/points-summary:HM01', { body: { ...next, months: [{ ...next.months[0], issued: 1 }] }, auth: device });
    expect(forged.status).toBe(403);
    expect(forged.json.reason).toMatch(/客户等级积分只能由总行写入/);
  });

  it('refuses a tier or points written, forged or deleted by the branch device', async () => {
    const doc = (await server.req('GET', `/branch-hm01/${DOC}`, { auth: device })).json;
    const forged = await server.req('PUT', `/branch-hm01/${DOC}`, { body: { ...doc, tier: 'diamond', points: 999_999 }, auth: device });
    expect(forged.status).toBe(403);
    expect(forged.json.reason).toMatch(/客户等级积分只能由总行写入/);
    const fresh = await server.req('PUT', `/branch-hm01/customer-value:${'0'.repeat(32)}`, { body: { ...doc, _id: undefined, _rev: undefined }, auth: device });
    expect(fresh.status).toBe(403);
    expect((await server.req('DELETE', `/branch-hm01/${DOC}?rev=${doc._rev}`, { auth: device })).status).toBe(403);
    const vips = (await server.req('GET', '/branch-hm01/vip-list:HM01', { auth: device })).json;
    expect((await server.req('PUT', '/branch-hm01/vip-list:HM01', { body: { ...vips, digests: [...vips.digests, 'AAAAAAAAAAAAAAAA'] }, auth: device })).status).toBe(403);
  });
});
