import { monotonicFactory } from 'ulid';
import { creditLineId } from '../../domain/village/credit-line';
import { signerOf } from '../../trust/head-office-keys';
import { signDoc } from '../../trust/signature';
import type { Core } from '../core/core';
import { listCsv, villageList } from '../core/testing/household-lists';
import type { DemoHeadOffice } from './demo-trust';

/**
 * The seed's 整村授信 figures (DOMAIN.md): 农户建档 19,584 households; 授信 3,114 households 3.74亿; 签约 3,001
 * 3.59亿; 用信 1,046 households 7,540.67万 — and so 户均签约额度 11.96万, 户数用信率 34.86%, 金额用信率 21.00%.
 */
export const VILLAGE_SEED = { households: 19_584, granted: 3_114, grantedFen: 37_400_000_000, signed: 3_001, signedFen: 35_900_000_000, drawn: 1_046, drawnFen: 7_540_670_000 };

/** Eight villages of 2,448 households; their lists' ID numbers are of eight counties of 临汾, so lists never share one. */
export const SEED_VILLAGES = ['凤城村', '张村', '西阳村', '上马村', '北西庄村', '东高村', '新田村', '乔村'].map((name, i) => ({
  name, region: ['141081', '141002', '141021', '141022', '141023', '141024', '141025', '141026'][i]!,
}));
const PER_VILLAGE = VILLAGE_SEED.households / SEED_VILLAGES.length;

/** `n` amounts in whole yuan around `totalFen / n`, varied, summing to exactly `totalFen` (the last takes the rest). */
function amounts(n: number, totalFen: number, spreadYuan: number): number[] {
  const base = Math.floor(totalFen / n / 100) * 100;
  const out = Array.from({ length: n }, (_, i) => base + (((i * 7) % 5) - 2) * spreadYuan * 100);
  out[n - 1]! += totalFen - out.reduce((s, x) => s + x, 0);
  return out;
}

/**
 * Head office's side of the seed: lines for every sixth household on file (spread over the villages), the first
 * `signed` of them signed through the QR page, and drawdowns on the first `drawn` — amounts generated to the seed's
 * totals, each document signed with head office's key as its credit-line service and self-service page sign them.
 */
export function seedCreditDocs(keys: DemoHeadOffice['keys'], branch: string, households: { id: string; village: string }[], at: Date): { _id: string }[] {
  const granted = households.filter((_, i) => i % 6 === 0).slice(0, VILLAGE_SEED.granted);
  if (granted.length < VILLAGE_SEED.granted) throw new Error(`village seed: ${granted.length} households to grant, ${VILLAGE_SEED.granted} needed`);
  const signedLimits = amounts(VILLAGE_SEED.signed, VILLAGE_SEED.signedFen, 20_000);
  const unsignedLimits = amounts(VILLAGE_SEED.granted - VILLAGE_SEED.signed, VILLAGE_SEED.grantedFen - VILLAGE_SEED.signedFen, 10_000);
  const draws = amounts(VILLAGE_SEED.drawn, VILLAGE_SEED.drawnFen, 15_000);
  const day = (offset: number) => new Date(at.getTime() + offset * 86_400_000).toISOString();
  const expiresOn = day(3 * 365).slice(0, 10);
  const digest = `sha256:${'0'.repeat(64)}`;
  const ulid = monotonicFactory();
  const signer = signerOf(keys);
  const docs: { _id: string }[] = [];
  granted.forEach((h, i) => {
    const signed = i < VILLAGE_SEED.signed;
    const limitFen = signed ? signedLimits[i]! : unsignedLimits[i - VILLAGE_SEED.signed]!;
    docs.push(signDoc({
      _id: creditLineId(h.id), type: 'credit-line', branch, village: h.village, householdId: h.id, limitFen, rateBp: 650, termMonths: 36, expiresOn,
      approvalId: `village-approval:${ulid(at.getTime())}`, contractDigest: digest, issuedAt: day(-30),
      signing: signed ? { signedAt: day(-20), signatureDigest: digest, contractDigest: digest, channel: 'qr' } : null,
    }, signer));
    if (i < VILLAGE_SEED.drawn) {
      if (draws[i]! > limitFen) throw new Error('village seed: a drawdown above its line');
      docs.push(signDoc({
        _id: `credit-drawdown:${ulid(at.getTime())}`, type: 'credit-drawdown', branch, village: h.village, lineId: creditLineId(h.id), householdId: h.id,
        amountFen: draws[i]!, status: 'requested', channel: 'qr', requestedAt: day(-10),
      }, signer));
    }
  });
  return docs;
}

/**
 * `--village-scale seed`: the branch's 整村授信 at the seed's scale. The eight villages' committee lists are imported
 * through `village.importHouseholds` (the customer manager's path: read, checked, pre-credit, one bulkDocs each), then
 * head office delivers its signed lines, signings and drawdowns. The dashboard adds the figures up itself. Runs once
 * per data folder (a second start finds the households and changes nothing).
 */
export async function seedVillageScale(core: Core, opts: { headOffice: DemoHeadOffice; password: string; log?: (msg: string) => void }): Promise<{ seeded: boolean }> {
  const log = opts.log ?? (() => {});
  const names = JSON.stringify(SEED_VILLAGES.map((v) => v.name));
  const onFile = core.store.sql.prepare('SELECT COUNT(*) AS n FROM household_index WHERE village IN (SELECT value FROM json_each(?))').get(names) as { n: number };
  if (onFile.n >= VILLAGE_SEED.households) return { seeded: false };
  const login = await core.call({ method: 'session.login', args: { staffNo: 'M001', password: opts.password } });
  if (!login.ok) throw new Error(login.error.message);
  const token = (login.value as { token: string }).token;
  for (const [i, v] of SEED_VILLAGES.entries()) {
    const csv = listCsv(villageList(PER_VILLAGE, 100 + i, 1, v.region));
    const res = await core.call({ method: 'village.importHouseholds', args: { village: v.name, fileName: `${v.name}花名册.csv`, contentBase64: Buffer.from(csv).toString('base64') }, token });
    if (!res.ok) throw new Error(`village seed ${v.name}: ${res.error.message}`);
    log(`整村授信演示 village seed: ${v.name} ${PER_VILLAGE} 户 households imported (${i + 1}/${SEED_VILLAGES.length})`);
  }
  await core.call({ method: 'session.logout', args: {}, token });
  const households = core.store.sql
    .prepare('SELECT id, village FROM household_index WHERE village IN (SELECT value FROM json_each(?)) ORDER BY village, grp, household_no')
    .all(names) as { id: string; village: string }[];
  const docs = seedCreditDocs(opts.headOffice.keys, core.branchCode, households, new Date());
  for (let i = 0; i < docs.length; i += 1_000) await opts.headOffice.deliver(docs.slice(i, i + 1_000));
  log(`整村授信演示 village seed: 总行授信 ${VILLAGE_SEED.granted} 户、用信 ${VILLAGE_SEED.drawn} 户 head office's lines and drawdowns delivered`);
  return { seeded: true };
}
