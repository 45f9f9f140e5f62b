import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../domain/identity/resident-id';
import { creditLineId } from '../../domain/village/credit-line';
import { householdIdFrom } from '../../domain/village/household-list';
import { generateHeadOfficeKeys, signerOf, trustRootOf } from '../../trust/head-office-keys';
import { verifyDoc } from '../../trust/signature';
import { issueStaff } from '../../trust/staff-issue';
import { sealProofFor, villageApprovalSubject } from '../../trust/staff-proof';
import { provisionBranch, provisionFeedPublisher, provisionIdentityService } from '../provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { startCreditLineService } from './credit-lines';
import { openGuard } from './self-service-guard';
import { startSelfService, type SelfService } from './self-service';

const keys = generateHeadOfficeKeys(true);
const trust = trustRootOf(keys);
const device = { name: 'hm01-desk', password: 'device-password-01' };
const signer = { name: 'hq-identity', password: 'identity-password-01' };
const feeds = { name: 'hq-feeds', password: 'feeds-password-0001' };
const VILLAGE = '东河村';
const id = (seq: number) => {
  const first17 = `14108119800101${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
};
const HEAD = { name: '王建国', id: id(11), phone: '13800000011' };
const OTHER = { name: '李秀英', id: id(12), phone: '13800000012' };
const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hh = (idNumber: string) => householdIdFrom(sha256Hex, idNumber);
const now = new Date().toISOString();

function household(p: typeof HEAD) {
  return {
    _id: hh(p.id), type: 'household', branch: 'HM01', village: VILLAGE, group: '一组', householdNo: '001', headName: p.name, headIdNumber: p.id,
    members: [{ name: p.name, idNumber: p.id, relation: 'head', phone: p.phone, birthDate: '1980-01-01', sex: 'male', customerId: null }],
    preCredit: { limitFen: 5_000_000, modelVersion: 1, reasons: [] }, importId: '', createdAt: now, createdBy: 'M001', updatedAt: now, updatedBy: 'M001',
  };
}
const STAFF_PASSWORD = 'Staff-pass-2026';
function approval(ulid: string, approvedBy: string, lines: { householdId: string; limitFen: number }[]) {
  return {
    _id: `village-approval:${ulid}`, type: 'village-approval', branch: 'HM01', village: VILLAGE, reviewId: 'village-review:01JAAAAAAAAAAAAAAAAAAAAAAA',
    rateBp: 650, termMonths: 36, expiresOn: '2099-12-31', lines: lines.map((l) => ({ ...l, exception: null })), refused: [], approvedAt: now, approvedBy,
  };
}
type Approval = ReturnType<typeof approval>;
/** What village.approveBatch attaches: the approver's password sealed to head office over `sealedOver` (the approval itself, honestly). */
const withProof = (doc: Approval, password = STAFF_PASSWORD, sealedOver: Approval = doc) => ({
  ...doc, proof: { staffNo: doc.approvedBy, at: doc.approvedAt, box: sealProofFor(trust, villageApprovalSubject(sealedOver), { staffNo: doc.approvedBy, password }, new Date(doc.approvedAt)) },
});

let server: TestServer;
let page: SelfService;
const sent: { to: string; text: string }[] = [];
const lastCode = () => /(\d{6})/.exec(sent.at(-1)!.text)![1]!;

interface Answer {
  error?: string;
  reason?: string;
  message?: string;
  ticket?: string;
  session?: string;
  contractDigest?: string;
  signed?: boolean;
  availableFen?: number;
  [k: string]: unknown;
}

async function call(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}/village-api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Answer };
}

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await provisionIdentityService({ url: server.url, admin: TEST_ADMIN, deviceUser: signer.name, password: signer.password });
  await provisionFeedPublisher({ url: server.url, admin: TEST_ADMIN, deviceUser: feeds.name, password: feeds.password });
  for (const [staffNo, roles] of [['H001', ['branch-head']], ['M001', ['customer-manager']]] as const) {
    const doc = await issueStaff(signerOf(keys), { staffNo, name: `员工${staffNo}`, roles: [...roles], branch: 'HM01', password: STAFF_PASSWORD });
    expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: signer })).status).toBe(201);
  }
  for (const doc of [household(HEAD), household(OTHER)]) expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device })).status).toBe(201);
  page = await startSelfService({ target: { url: server.url, user: feeds }, keys, sendCode: async (to, text) => void sent.push({ to: to.number, text }) });
});

afterAll(async () => {
  await page?.close();
  await server?.stop();
});

describe('credit lines from batch approvals (head office)', () => {
  it('issues a signed line per granted household only for an approval by a branch head, and a device cannot write one', async () => {
    const byManager = withProof(approval('01JBBBBBBBBBBBBBBBBBBBBBBB', 'M001', [{ householdId: hh(OTHER.id), limitFen: 3_000_000 }]));
    const byHead = withProof(approval('01JCCCCCCCCCCCCCCCCCCCCCCC', 'H001', [{ householdId: hh(HEAD.id), limitFen: 5_000_000 }]));
    for (const doc of [byManager, byHead]) expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device })).status).toBe(201);
    const service = startCreditLineService({ target: { url: server.url, user: feeds }, keys, branches: ['HM01'], intervalMs: 0 });
    expect(await service.runOnce()).toBe(1);
    expect(await service.runOnce()).toBe(0);
    await service.stop();

    const line = (await server.req('GET', `/branch-hm01/${creditLineId(hh(HEAD.id))}`)).json;
    expect(line).toMatchObject({ type: 'credit-line', limitFen: 5_000_000, rateBp: 650, approvalId: byHead._id, signing: null });
    expect(verifyDoc(line, trust)).toBe(true);
    expect((await server.req('GET', `/branch-hm01/${creditLineId(hh(OTHER.id))}`)).status).toBe(404);

    const forged = { ...line, _id: creditLineId(hh(OTHER.id)), householdId: hh(OTHER.id), _rev: undefined };
    const put = await server.req('PUT', `/branch-hm01/${forged._id}`, { body: forged, auth: device });
    expect(put.status).toBe(403);
    expect(put.json.reason).toContain('总行');
  });

  it('issues nothing from an approval a device credential wrote without the branch head\'s own sealed password, and logs the refusal', async () => {
    const grant = [{ householdId: hh(OTHER.id), limitFen: 3_000_000 }];
    const honest = approval('01JDDDDDDDDDDDDDDDDDDDDDDD', 'H001', grant);
    const stolen = (await server.req('GET', '/branch-hm01/village-approval:01JCCCCCCCCCCCCCCCCCCCCCCC')).json as { proof: unknown };
    const forgeries = [
      honest,
      withProof(approval('01JEEEEEEEEEEEEEEEEEEEEEEE', 'H001', grant), 'Guessed-pass-1'),
      { ...approval('01JFFFFFFFFFFFFFFFFFFFFFFF', 'H001', grant), proof: stolen.proof },
      withProof(approval('01JGGGGGGGGGGGGGGGGGGGGGGG', 'H001', grant), STAFF_PASSWORD, { ...approval('01JGGGGGGGGGGGGGGGGGGGGGGG', 'H001', grant), branch: 'HM02' }),
      withProof(approval('01JHHHHHHHHHHHHHHHHHHHHHHH', 'H001', grant), STAFF_PASSWORD, approval('01JHHHHHHHHHHHHHHHHHHHHHHH', 'H001', [{ householdId: hh(OTHER.id), limitFen: 300_000 }])),
    ];
    for (const doc of forgeries) expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device })).status).toBe(201);
    const logged: string[] = [];
    const service = startCreditLineService({ target: { url: server.url, user: feeds }, keys, branches: ['HM01'], intervalMs: 0, log: (level, m) => void (level === 'warn' && logged.push(m)) });
    expect(await service.runOnce()).toBe(0);
    await service.stop();
    expect((await server.req('GET', `/branch-hm01/${creditLineId(hh(OTHER.id))}`)).status).toBe(404);
    const refusals = (ulid: string) => logged.filter((m) => m.includes(`village-approval:${ulid}: refused`));
    expect(refusals('01JDDDDDDDDDDDDDDDDDDDDDDD')[0]).toContain('no sealed proof');
    expect(refusals('01JEEEEEEEEEEEEEEEEEEEEEEE')[0]).toContain('password');
    for (const ulid of ['01JFFFFFFFFFFFFFFFFFFFFFFF', '01JGGGGGGGGGGGGGGGGGGGGGGG', '01JHHHHHHHHHHHHHHHHHHHHHHH']) expect(refusals(ulid)[0]).toContain('not H001\'s for these terms');
  });
});

describe('the village QR self-service page', () => {
  it('serves a phone page naming the village and nothing else', async () => {
    const res = await fetch(page.villageUrl('HM01', VILLAGE));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(VILLAGE);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).not.toContain(HEAD.name);
  });

  it('lets the head of household verify, sign the contract and draw within the line; head office signs both', async () => {
    const started = await call(page.url, 'start', { branch: 'HM01', village: VILLAGE, name: HEAD.name, idNumber: HEAD.id });
    expect(started.status).toBe(200);
    expect(sent.at(-1)!.to).toBe(HEAD.phone);
    const verified = await call(page.url, 'verify', { ticket: started.json.ticket, code: lastCode() });
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ village: VILLAGE, limitFen: 5_000_000, availableFen: 5_000_000, signed: false });
    const session = verified.json.session as string;

    expect((await call(page.url, 'draw', { session, amountFen: 100_000 })).json.error).toBe('notSigned');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array<number>(200).fill(1)]).toString('base64');
    expect((await call(page.url, 'sign', { session, contractDigest: `sha256:${'0'.repeat(64)}`, signaturePng: png })).json.error).toBe('contractMismatch');
    const signed = await call(page.url, 'sign', { session, contractDigest: verified.json.contractDigest, signaturePng: png });
    expect(signed.json.signed).toBe(true);

    expect((await call(page.url, 'draw', { session, amountFen: 5_000_001 })).json.error).toBe('overLimit');
    const drawn = await call(page.url, 'draw', { session, amountFen: 1_200_000 });
    expect(drawn.json.availableFen).toBe(3_800_000);

    const line = (await server.req('GET', `/branch-hm01/${creditLineId(hh(HEAD.id))}`)).json;
    expect(line.signing).toMatchObject({ channel: 'qr', contractDigest: verified.json.contractDigest });
    expect(verifyDoc(line, trust)).toBe(true);
    const all = (await server.req('GET', '/branch-hm01/_all_docs?include_docs=true&startkey="credit-drawdown:"&endkey="credit-drawdown:\ufff0"')).json;
    expect(all.rows).toHaveLength(1);
    expect(all.rows[0].doc).toMatchObject({ lineId: line._id, amountFen: 1_200_000, status: 'requested' });
    expect(verifyDoc(all.rows[0].doc, trust)).toBe(true);
    // The household's phone session cannot read another household's line.
    expect((await call(page.url, 'line', { session: 'x'.repeat(32) })).status).toBe(401);
  });

  /** 100 wrong codes for one ID number from one address; the statuses and messages the attacker saw. */
  async function hundredWrong(base: string, who: { name: string; id: string }) {
    const seen: string[] = [];
    let ticket: string | null = null;
    for (let i = 0; i < 100; i++) {
      if (!ticket) {
        const s = await call(base, 'start', { branch: 'HM01', village: VILLAGE, name: who.name, idNumber: who.id });
        if (s.status !== 200) {
          seen.push(`start ${s.status} ${s.json.error} ${s.json.reason}`);
          continue;
        }
        seen.push(`start 200 ${s.json.message}`);
        ticket = s.json.ticket as string;
      }
      const v = await call(base, 'verify', { ticket, code: '000000' === lastCode() ? '000001' : '000000' });
      seen.push(`verify ${v.status} ${v.json.error} ${v.json.reason}`);
      if (v.json.error !== 'codeWrong') ticket = null;
    }
    return seen;
  }

  it('locks after wrong codes and answers a real household exactly as an unknown ID number (nothing learned)', async () => {
    const real = await startSelfService({ target: { url: server.url, user: feeds }, keys, guard: openGuard(), sendCode: async (to, text) => void sent.push({ to: to.number, text }) });
    const fake = await startSelfService({ target: { url: server.url, user: feeds }, keys, guard: openGuard(), sendCode: async (to, text) => void sent.push({ to: to.number, text }) });
    try {
      const realSeen = await hundredWrong(real.url, HEAD);
      const fakeSeen = await hundredWrong(fake.url, { name: '张三', id: id(99) });
      expect(realSeen).toEqual(fakeSeen);
      expect(realSeen.at(-1)).toContain('429');
      expect(realSeen.filter((s) => s.startsWith('verify 400 codeWrong')).length).toBeLessThanOrEqual(10);
      // Locked: a fresh code for the real household does not open the line either.
      const again = await call(real.url, 'start', { branch: 'HM01', village: VILLAGE, name: HEAD.name, idNumber: HEAD.id });
      expect(again.status).toBe(429);
      expect(again.json.reason).toContain('锁定');
    } finally {
      await real.close();
      await fake.close();
    }
  });
});
