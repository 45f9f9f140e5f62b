import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRemotePouch } from '../../../db/pouchdb';
import { residentIdCheckChar } from '../../../domain/identity/resident-id';
// An end-to-end test of publishing needs the real server, which alone enforces who may write `reference`;
// the layering rule guards product code, and this file never ships.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { provisionBranch, provisionHeadOfficeDevice } from '../../../sync-server/provision';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../sync-server/test-support';
import { createTestCore } from '../testing/test-core';
import { lprDocId, ruleSetDocId } from './reference-store';
import { referenceRemoteUrl } from './reference-sync';

const validId = (body17: string) => body17 + residentIdCheckChar(body17);
const facts = {
  blacklisted: false, bureauCurrentOverdueFen: 0, bureauOverdueTimes24m: 0, bureauMaxOverdueDays24m: 0, bureauBadDebt: false,
  bureauHardQueries6m: 1, bureauOutstandingDebtFen: 0, bureauMonthlyDebtServiceFen: 0, socialInsuranceMonths: 96,
  housingFundMonthlyFen: 150_000, monthlyIncomeFen: 1_200_000, employerGrade: 'civil-servant' as const,
};
const collectedData = ['id-card', 'credit-report', 'housing-fund', 'social-insurance', 'employment-proof', 'income-proof'] as const;
const SEED_IDS = [ruleSetDocId('gold-collar', 1), ruleSetDocId('farmer', 1), lprDocId(1)];

const HQ = { deviceUser: 'hq-publisher-01', password: 'hq-publisher-password' };
const BRANCH = { deviceUser: 'hm01-device-01', password: 'hm01-device-password' };

describe('publishing rule sets from head office to the branches', () => {
  let server: TestServer;
  let hq: Awaited<ReturnType<typeof createTestCore>>;
  let branch: Awaited<ReturnType<typeof createTestCore>>;

  beforeAll(async () => {
    server = await startTestServer();
    const target = { url: server.url, admin: TEST_ADMIN };
    expect((await provisionHeadOfficeDevice({ ...target, ...HQ })).roles).toEqual(['head-office']);
    await provisionBranch({ ...target, branchCode: 'HM01', ...BRANCH });
    hq = await createTestCore({
      branchCode: 'HQ01', deviceId: 'HQ01-PUB', liveSync: false,
      remote: { url: server.url, username: HQ.deviceUser, password: HQ.password, publishesReference: true },
    });
    branch = await createTestCore({
      deviceId: 'HM01-BR', liveSync: false, remote: { url: server.url, username: BRANCH.deviceUser, password: BRANCH.password },
    });
  });
  afterAll(async () => {
    await hq?.dispose();
    await branch?.dispose();
    await server?.stop();
  });

  it('every device seeds version 1 with the same content-derived revision', async () => {
    for (const id of SEED_IDS) {
      const [a, b] = await Promise.all([hq.core.reference.pouch.get(id), branch.core.reference.pouch.get(id)]);
      expect(a._rev).toMatch(/^1-[0-9a-f]{32}$/);
      expect(b._rev).toBe(a._rev);
    }
  });

  it('a head-office publication reaches the branch, which decides with it; no seed conflicts; branch pushes are refused', async () => {
    // A branch decision under the seeded version 1 gives the score the new version is tightened against.
    const teller = await branch.login('T001');
    const c = await branch.call('customers.create', { customer: { kind: 'individual', name: '周文博', idNumber: validId('14108119850612003'), phone: '13803571234', address: '侯马市', group: 'civil-servant' } }, teller);
    const apply = async () => {
      const d = await branch.call('loans.createDraft', { customerId: c.id, productCode: 'gold-collar', patch: { requestedAmountFen: 20_000_000, collectedData: [...collectedData], facts } }, teller);
      return (await branch.call('loans.submit', { id: d.id, rev: d.rev }, teller)).decision!;
    };
    const before = await apply();
    expect(before).toMatchObject({ outcome: 'approve', ruleSetVersion: 1 });

    const risk = await hq.login('R001');
    const { current } = await hq.call('rules.get', { product: 'gold-collar' }, risk);
    const edited = structuredClone(current.ruleSet);
    edited.models.riskDecision.approveMinScore = before.score + 1;
    const draft = await hq.call('rules.saveDraft', { product: 'gold-collar', ruleSet: edited, notes: '自动审批线上调' }, risk);
    const published = await hq.call('rules.publish', { product: 'gold-collar', draftRev: draft.rev }, await hq.login('A001'));
    expect(published.version).toBe(2);

    const pushed = await hq.core.referenceSync!.once();
    expect(pushed.pushed).toBeGreaterThan(0);
    const onServer = await server.req('GET', `/reference/${encodeURIComponent(ruleSetDocId('gold-collar', 2))}`);
    expect(onServer.status).toBe(200);
    expect(onServer.json.digest).toBe(published.digest);

    const pulled = await branch.core.referenceSync!.once();
    // Version 2, the draft's tombstone and the read-only design document arrive; the seed documents are
    // already there under the same revision, so revs_diff leaves them out.
    expect(pulled).toEqual({ pushed: 0, pulled: 3 });
    expect((await branch.core.reference.pouch.get('_design/jingwei-readonly'))._id).toBe('_design/jingwei-readonly');
    const list = await branch.call('rules.list', {}, await branch.login('R001'));
    expect(list.find((o) => o.product === 'gold-collar')!.current).toMatchObject({ version: 2, digest: published.digest, publishedBy: 'A001' });
    expect(await apply()).toMatchObject({ outcome: 'refer', ruleSetVersion: 2 });

    for (const id of SEED_IDS) {
      const local = await branch.core.reference.pouch.get(id, { conflicts: true, revs_info: true });
      const remote = await server.req('GET', `/reference/${encodeURIComponent(id)}?conflicts=true`);
      expect(local._conflicts).toBeUndefined();
      expect(remote.json._conflicts).toBeUndefined();
      expect(remote.json._rev).toBe(local._rev);
      expect(local._revs_info).toHaveLength(1);
    }

    // A branch device writing to reference directly is refused by the server ...
    const forged = { _id: ruleSetDocId('gold-collar', 3), type: 'ruleset', product: 'gold-collar', version: 3 };
    const put = await server.req('PUT', `/reference/${encodeURIComponent(forged._id)}`, { body: forged, auth: { name: BRANCH.deviceUser, password: BRANCH.password } });
    expect(put.status).toBe(403);
    // ... its core never pushes, and a replication forced from its local copy has every write refused.
    await branch.core.reference.pouch.put(forged);
    expect((await branch.core.referenceSync!.once()).pushed).toBe(0);
    const { dbUrl, auth } = referenceRemoteUrl({ url: server.url, username: BRANCH.deviceUser, password: BRANCH.password });
    const rep = await branch.core.reference.pouch.replicate.to(createRemotePouch(dbUrl, { skip_setup: true, auth }), { doc_ids: [forged._id] });
    expect(rep.docs_written).toBe(0);
    expect(rep.doc_write_failures).toBe(1);
    // _bulk_docs reports refusals per document as CouchDB does, by name: `forbidden` is the 403 of the PUT above.
    expect(rep.errors[0]).toMatchObject({ name: 'forbidden', message: expect.stringContaining('参考库只读') });
    expect((await server.req('GET', `/reference/${encodeURIComponent(forged._id)}`)).status).toBe(404);
  });

  it('marketing head office puts into reference over the CouchDB API reaches the branch kiosk', async () => {
    const pushedToKiosk: unknown[] = [];
    const off = branch.core.onEvent((e) => { if (e.name === 'queue.marketing') pushedToKiosk.push(e.payload); });
    const item = { _id: 'marketing:2026-winter-deposit', type: 'marketing', audience: 'kiosk', tag: '精微甄选', title: '冬季存款有礼', body: '新存一年期定期满五万元，赠送精美礼品一份。' };
    expect((await server.req('PUT', `/reference/${encodeURIComponent(item._id)}`, { body: item })).status).toBe(201);
    expect((await branch.core.referenceSync!.once()).pulled).toBe(1);
    const expected = { id: item._id, title: item.title, body: item.body, tag: item.tag };
    expect(await branch.call('queue.marketing', {})).toContainEqual(expected);
    await vi.waitFor(() => expect(pushedToKiosk.at(-1)).toContainEqual(expected));
    off();
  });

  it('head office may read and write a branch database (to dry-run against its applications); other branches may not', async () => {
    const hq = { name: HQ.deviceUser, password: HQ.password };
    expect((await server.req('GET', '/branch-hm01', { auth: hq })).status).toBe(200);
    expect((await server.req('GET', '/branch-hm01/_all_docs?limit=1', { auth: hq })).status).toBe(200);
    await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'XT02', deviceUser: 'xt02-desk-01', password: 'xt02-device-pass-2026' });
    expect((await server.req('GET', '/branch-hm01', { auth: { name: 'xt02-desk-01', password: 'xt02-device-pass-2026' } })).status).toBe(403);
  });
});
