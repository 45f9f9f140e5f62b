import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditLineId } from '../../../domain/village/credit-line';
import { signerOf } from '../../../trust/head-office-keys';
import { signDoc } from '../../../trust/signature';
import { createTestCore, testHeadOffice } from '../testing/test-core';
import { listCsv, villageList } from '../testing/household-lists';
import type { Database } from '../../../db/sqlite';
import { creditLineHandlers, type CreditLineDeps } from './credit-lines.service';

const digest = `sha256:${'a'.repeat(64)}`;
const line = (householdId: string, limitFen: number, signedAt: string | null) => ({
  _id: creditLineId(householdId), type: 'credit-line', branch: 'HM01', village: '额度村', householdId, limitFen, rateBp: 650, termMonths: 36, expiresOn: '2029-03-01',
  approvalId: 'village-approval:01JCCCCCCCCCCCCCCCCCCCCCCC', contractDigest: digest, issuedAt: '2026-03-02T02:00:00.000Z',
  signing: signedAt ? { signedAt, signatureDigest: digest, contractDigest: digest, channel: 'qr' } : null,
});

describe('授信 → 签约 → 用信 at the branch', () => {
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let m: string;
  let ids: string[];
  beforeAll(async () => {
    t = await createTestCore({ clock: () => new Date('2026-03-02T02:00:00Z'), villageSelfServiceUrl: 'https://hq.example.cn/' });
    m = await t.login('M001');
    await t.call('village.importHouseholds', { village: '额度村', fileName: 'list.csv', contentBase64: Buffer.from(listCsv(villageList(3, 31))).toString('base64') }, m);
    ids = (await t.call('village.households', { village: '额度村' }, m)).map((h) => h.id);
  });
  afterAll(async () => t.dispose());

  it('shows head office\'s signed lines with their signing and drawdowns, ignores lines a branch PC wrote, and gives the village QR code', async () => {
    const drawdown = { _id: 'credit-drawdown:01JDDDDDDDDDDDDDDDDDDDDDDD', type: 'credit-drawdown', branch: 'HM01', village: '额度村', lineId: creditLineId(ids[0]!), householdId: ids[0]!, amountFen: 1_200_000, status: 'requested', channel: 'qr', requestedAt: '2026-03-03T03:00:00.000Z' };
    await t.putSigned([line(ids[0]!, 5_000_000, '2026-03-03T02:00:00.000Z'), line(ids[1]!, 3_000_000, null), drawdown].map((d) => signDoc(d, signerOf(testHeadOffice()))));
    // What a curious employee with the device's files could write: no head-office signature.
    await t.core.store.pouch.put(line(ids[2]!, 99_900_000, '2026-03-03T02:00:00.000Z'));

    const view = await t.call('village.creditLines', { village: '额度村' }, m);
    expect(view.untrusted).toBe(1);
    expect(view.lines).toHaveLength(2);
    const first = view.lines.find((l) => l.householdId === ids[0])!;
    expect(first).toMatchObject({ limitFen: 5_000_000, signedVia: 'qr', drawnFen: 1_200_000, drawdowns: [{ amountFen: 1_200_000, status: 'requested' }] });
    expect(view.lines.find((l) => l.householdId === ids[1])).toMatchObject({ signedAt: null, drawnFen: 0 });
    expect(view.lines.some((l) => l.householdId === ids[2])).toBe(false);
    expect(view.selfService!.url).toBe('https://hq.example.cn/village/HM01/%E9%A2%9D%E5%BA%A6%E6%9D%91');
    expect(view.selfService!.qrSvg).toMatch(/^<svg/);
  });

  it('adds the village up on the dashboard from signed lines and drawdowns only, and moves when head office signs more', async () => {
    const before = await t.call('village.dashboard', {}, m);
    const row = before.villages.find((v) => v.village === '额度村')!;
    // Granted 2 (the forged line does not count), signed 1 of 50,000 yuan, drawn 1 household 12,000 yuan.
    expect(row).toMatchObject({ households: 3, granted: 2, grantedFen: 8_000_000, signed: 1, signedFen: 5_000_000, drawn: 1, drawnFen: 1_200_000, householdUsageBp: 10_000, amountUsageBp: 2_400, avgSignedFen: 5_000_000 });
    expect(row.creditVillage).toMatchObject({ households: 3, creditHouseholds: 2, met: false });
    expect(before.branch).toMatchObject({ households: 3, granted: 2, signed: 1, drawnFen: 1_200_000 });
    expect(before.untrusted).toBe(1);

    await t.putSigned([signDoc(line(ids[1]!, 3_000_000, '2026-03-04T02:00:00.000Z'), signerOf(testHeadOffice()))]);
    const after = (await t.call('village.dashboard', {}, m)).villages.find((v) => v.village === '额度村')!;
    expect(after).toMatchObject({ signed: 2, signedFen: 8_000_000, householdUsageBp: 5_000, amountUsageBp: 1_500, avgSignedFen: 4_000_000 });
    expect((await t.call('village.creditVillage', { village: '额度村' }, m))).toMatchObject({ village: '额度村', creditHouseholds: 2, households: 3 });
  });
});

describe('the village figures are as of the branch\'s own day', () => {
  it('says 2 March on the dashboard and the certificate at 01:30 in Houma, when it is still 1 March in UTC', async () => {
    const t = await createTestCore({ clock: () => new Date('2026-03-01T17:30:00Z') });
    try {
      const m = await t.login('M001');
      expect((await t.call('village.dashboard', {}, m)).asOf).toBe('2026-03-02');
      expect((await t.call('village.creditVillage', { village: '额度村' }, m)).asOf).toBe('2026-03-02');
    } finally {
      await t.dispose();
    }
  });
});

describe('the dashboard warm-up at start', () => {
  // A store whose listing answers only when the test says so: the warm-up's first read.
  const fakeDeps = () => {
    let answer: (rows: { rows: never[] }) => void = () => undefined;
    const listed = new Promise<{ rows: never[] }>((r) => (answer = r));
    const reads: string[] = [];
    const pouch = { allDocs: async () => (reads.push('allDocs'), listed) } as unknown as PouchDB.Database<object>;
    const sql = { exec: () => undefined, prepare: () => ({ get: () => undefined, all: () => [], run: () => undefined }), transaction: (fn: () => void) => fn } as unknown as Database;
    const deps = { pouch, sql, trust: null, branch: 'HM01', timeZone: 'Asia/Shanghai', verdictKey: new Uint8Array(32), selfServiceUrl: null, branchName: '侯马支行' } as unknown as CreditLineDeps;
    return { deps, reads, answer: () => answer({ rows: [] }) };
  };

  it('is cancelled by a close before it starts: nothing is read from a store being closed', async () => {
    const f = fakeDeps();
    await creditLineHandlers(f.deps).close();
    await new Promise((r) => setTimeout(r, 20));
    expect(f.reads).toEqual([]);
  });

  it('is waited for by a close once it has started', async () => {
    const f = fakeDeps();
    const area = creditLineHandlers(f.deps);
    await new Promise((r) => setTimeout(r, 5));
    expect(f.reads.length).toBeGreaterThan(0);
    let closed = false;
    const closing = area.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    f.answer();
    await closing;
    expect(closed).toBe(true);
  });
});
