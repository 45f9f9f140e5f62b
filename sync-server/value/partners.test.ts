import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { DEFAULT_COMMISSION_RULES } from '../../domain/value/partners';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { provisionBranch } from '../provision';
import { startTestServer, type TestServer } from '../test-support';
import { FEED_PUBLISHER_ROLE, OTHER_BRANCH_REASON, PARTNER_OTHER_BRANCH_REASON } from '../validation/policy';
import { branchCommission, enrolPartner } from './partners';
import { ValueRefusal } from './points-ledger';

/**
 * 精微易享 at head office: partners enrolled in the ledger, applications the branch device synced up carrying a code,
 * loans from head office's own feed — and a branch device that cannot slip another branch's code past the server.
 */
let server: TestServer;
let dir: string;
let ledger: Database;
const device = { name: 'hm01-pc', password: 'device-password-01' };
const publisher = { name: 'hq-feeds', password: 'feeds-password-01' };
const ID = residentIdFor(mulberry32(17), 1);
const now = new Date('2026-11-03T02:00:00Z');

const application = (n: number, partnerCode: string | undefined, branch = 'HM01') => ({
  _id: `loanapp:01J00000000000000000000${n}AB`, type: 'loanapp', branch, customerId: 'customer:01J0000000000000000000000C', productCode: 'farmer',
  state: 'submitted', requestedAmountFen: 5_000_000, termMonths: 12, createdAt: '2026-11-03T02:00:00Z', createdBy: 'M001', updatedAt: '2026-11-03T02:00:00Z',
  steps: [{ step: 'created', at: '2026-11-03T02:00:00Z' }, { step: 'submitted', at: '2026-11-03T02:10:00Z' }], ...(partnerCode ? { partnerCode } : {}),
});

beforeAll(async () => {
  server = await startTestServer();
  for (const branchCode of ['HM01', 'HM02']) {
    await provisionBranch({ url: server.url, admin: { name: 'hq-admin', password: 'hq-admin-password' }, branchCode, deviceUser: `${branchCode.toLowerCase()}-pc`, password: device.password });
  }
  await server.req('PUT', `/_users/org.couchdb.user:${publisher.name}`, { body: { name: publisher.name, password: publisher.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  dir = mkdtempSync(join(tmpdir(), 'partners-'));
  ledger = openLedger(dir);
});
afterAll(async () => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

describe('partners and their commission', () => {
  it('enrols a partner once per phone number at a branch, with a code of that branch', () => {
    const p = enrolPartner(ledger, { branch: 'HM01', name: '张记五金', kind: 'merchant', phone: '13903570001', now, by: 'hq' });
    expect(p.code).toMatch(/^HM01-[2-9A-HJKMNP-Z]{6}$/);
    expect(() => enrolPartner(ledger, { branch: 'HM01', name: '张记五金店', kind: 'merchant', phone: '13903570001', now, by: 'hq' })).toThrow(ValueRefusal);
    expect(enrolPartner(ledger, { branch: 'HM02', name: '张记五金', kind: 'merchant', phone: '13903570001', now, by: 'hq' }).code).toMatch(/^HM02-/);
  });

  it('refuses, at head office, an application carrying another branch\'s partner code, whatever branch the document claims', async () => {
    // A document claiming HM02 in HM01's database is refused for that claim already (policy.ts branchFieldViolation).
    for (const [doc, reason] of [[application(1, 'HM02-AAAAAA'), PARTNER_OTHER_BRANCH_REASON], [application(2, 'HM02-AAAAAA', 'HM02'), OTHER_BRANCH_REASON]] as const) {
      const r = await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device });
      expect(r.status).toBe(403);
      expect(r.json.reason).toBe(reason);
    }
    expect((await server.req('GET', '/branch-hm01/loanapp:01J000000000000000000001AB')).status).toBe(404);
  });

  it('states the month: the application brought through the code and the loan core banking disbursed to that customer', async () => {
    const [partner] = [enrolPartner(ledger, { branch: 'HM01', name: '东阳村李主任', kind: 'village-official', phone: '13903570002', now, by: 'hq' })];
    const customer = { _id: 'customer:01J0000000000000000000000C', type: 'customer', kind: 'individual', name: '王五', idNumber: ID, phone: '13900000000', address: '侯马' };
    for (const doc of [customer, application(3, partner!.code), application(4, undefined)]) {
      expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device })).status).toBe(201);
    }
    const loans = `${headerLine('loans')}\n62300000000000001,HM01,${ID},王五,farmer,100000.00,100000.00,0,0,0,,2027-11-05,4.35,M001,2026-11-05\n`;
    importFeed(ledger, { kind: 'loans', date: '2026-11-05', now: () => new Date('2026-11-05T20:00:00Z'), bytes: new TextEncoder().encode(loans) });

    const [st] = await branchCommission(ledger, { target: { url: server.url, user: publisher }, month: '2026-11', rules: DEFAULT_COMMISSION_RULES, branches: ['HM01'] });
    expect(st!.lines[0]).toMatchObject({ code: partner!.code, applications: 1, submitted: 1, loans: 1, loanPrincipalFen: 10_000_000, commissionFen: 20_00 + 300_00, effective: true, loanAccounts: ['62300000000000001'] });
    expect(st).toMatchObject({ partners: 2, effectivePartners: 1, totalFen: 320_00 });
  });
  it('counts a partner the branch enrolled itself (synced partner document); refuses one with another branch\'s code', async () => {
    const enrolled = {
      _id: 'partner:HM01-K7M3PQ', type: 'partner', branch: 'HM01', code: 'HM01-K7M3PQ', name: '侯马建材市场赵经理', kind: 'market-manager', phone: '13903570009',
      place: '侯马建材市场', enrolledOn: '2026-11-04', enrolledAt: '2026-11-04T02:00:00.000Z', enrolledBy: 'M001', enrolledByName: '李建国',
    };
    const other = { ...enrolled, _id: 'partner:HM02-K7M3PQ', code: 'HM02-K7M3PQ' };
    const r = await server.req('PUT', `/branch-hm01/${other._id}`, { body: other, auth: device });
    expect([r.status, r.json.reason]).toEqual([403, PARTNER_OTHER_BRANCH_REASON]);
    expect((await server.req('PUT', `/branch-hm01/${enrolled._id}`, { body: enrolled, auth: device })).status).toBe(201);
    const customer = { _id: 'customer:01J0000000000000000000000D', type: 'customer', kind: 'individual', name: '赵六', idNumber: residentIdFor(mulberry32(17), 2), phone: '13900000001', address: '侯马' };
    const app = { ...application(5, enrolled.code), customerId: customer._id };
    for (const doc of [customer, app]) expect((await server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device })).status).toBe(201);

    const [st] = await branchCommission(ledger, { target: { url: server.url, user: publisher }, month: '2026-11', rules: DEFAULT_COMMISSION_RULES, branches: ['HM01'] });
    expect(st!.lines.find((l) => l.code === enrolled.code)).toMatchObject({ name: '侯马建材市场赵经理', kind: 'market-manager', applications: 1, submitted: 1, commissionFen: 20_00, effective: false });
    expect(st!.partners).toBe(3);
  });
});
