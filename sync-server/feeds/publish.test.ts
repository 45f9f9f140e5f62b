import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { provisionBranch } from '../provision';
import { onEveryCopy, startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { FEED_PUBLISHER_ROLE } from '../validation/policy';
import { checkTypedDoc } from '../validation/registry';
import { customerFactsDocs, feedStatusDocs, loanStateDocs, riskEventDocs } from './branch-docs';
import { customerFactsDocId } from '../../domain/credit/bank-facts';
import { createHash } from 'node:crypto';
import { addDays } from '../../domain/credit/dates';
import { runDailyScan } from './daily-scan';
import { importFeed, openLedger } from './feed-ledger';
import { publishToBranches } from './publish';

/**
 * Head office publishes the branch's loan states and risk events through the CouchDB HTTP API as `feed-publisher`;
 * the branch device may not write or delete them, only its own risk actions, which head office reads back.
 */
let server: TestServer;
let dir: string;
let ledger: Database;
const device = { name: 'hm01-pc', password: 'device-password-01' };
const publisher = { name: 'hq-feeds', password: 'feeds-password-01' };
const ID = residentIdFor(mulberry32(5), 1);
const OTHER = residentIdFor(mulberry32(5), 2);
const db = '/branch-hm01';
const now = () => new Date('2026-03-02T20:00:00Z');
const target = () => ({ url: server.url, user: publisher });
const loan = (account: string, days: number) =>
  [account, 'HM01', ID, '王建国', 'farmer', '100000.00', '80000.00', days ? '2000.00' : '0.00', days ? '300.00' : '0.00', days, '2026-04-01', '2027-03-01', '4.35', 'M001', '2025-03-01'].join(',');
const put = (kind: 'loans' | 'repayments' | 'deposits', date: string, lines: string[]) =>
  importFeed(ledger, { kind, date, bytes: new TextEncoder().encode([headerLine(kind), ...lines].join('\n') + '\n'), now });

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await server.req('PUT', `/_users/org.couchdb.user:${publisher.name}`, { body: { name: publisher.name, password: publisher.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  dir = mkdtempSync(join(tmpdir(), 'publish-'));
  ledger = openLedger(dir);
});
afterAll(async () => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

describe('publishing to a branch', () => {
  const EVENT = 'risk-event:HM01:6200000000000001:2026-03-02:overdue';

  it('writes the schema-valid documents of the branch, and on the next run only what changed', async () => {
    put('loans', '2026-03-02', [loan('6200000000000001', 1), loan('6200000000000002', 0)]);
    runDailyScan(ledger, { date: '2026-03-02', dispatch: DEFAULT_DISPATCH_RULES, now });
    for (const doc of [...loanStateDocs(ledger, 'HM01'), ...riskEventDocs(ledger, 'HM01')]) expect(checkTypedDoc(doc as never), doc._id).toEqual({ ok: true });
    const [first] = await publishToBranches(ledger, { target: target(), date: '2026-03-02' });
    expect(first).toMatchObject({ branch: 'HM01', written: 5, actionsRead: 0 });
    expect((await server.req('GET', `${db}/feed-status:HM01`, { auth: device })).json).toMatchObject({ loansAsOf: '2026-03-02' });
    expect((await server.req('GET', `${db}/${EVENT}`, { auth: device })).json).toMatchObject({ status: 'open', queue: 'branch', deadline: '2026-03-09' });
    const [again] = await publishToBranches(ledger, { target: target(), date: '2026-03-02' });
    expect(again!.written).toBe(0);
  });

  it('refuses loan states and risk events from the branch device, written, forged or deleted', async () => {
    const state = (await server.req('GET', `${db}/loan-state:6200000000000001`, { auth: device })).json;
    const forged = await server.req('PUT', `${db}/loan-state:6200000000000001`, { body: { ...state, balanceFen: 0, overdueFen: 0, overdueSince: null }, auth: device });
    expect(forged.status).toBe(403);
    expect(forged.json.reason).toMatch(/只能由总行写入/);
    const ev = (await server.req('GET', `${db}/${EVENT}`, { auth: device })).json;
    expect((await server.req('DELETE', `${db}/${EVENT}?rev=${ev._rev}`, { auth: device })).status).toBe(403);
    const disguised = await server.req('PUT', `${db}/customer:X`, { body: { ...state, _id: 'customer:X', _rev: undefined }, auth: device });
    expect(disguised.status).toBe(403);
  });

  it('reads the branch\'s risk actions back: a close by someone allowed closes the event at head office', async () => {
    const action = {
      _id: 'risk-action:01JZ0000000000000000000000', type: 'risk-action', branch: 'HM01', event: EVENT, kind: 'close', note: '客户已于柜面结清',
      promiseDate: null, promiseAmountFen: null, at: '2026-03-03T02:00:00.000Z', by: 'H001', byName: '刘志强',
    };
    expect((await server.req('PUT', `${db}/${action._id}`, { body: action, auth: device })).status).toBe(201);
    await onEveryCopy(db, [action._id]);
    const [r] = await publishToBranches(ledger, { target: target(), date: '2026-03-03' });
    expect(r).toMatchObject({ actionsRead: 1, closedByStaff: 1, written: 1 });
    expect((await server.req('GET', `${db}/${EVENT}`, { auth: device })).json).toMatchObject({ status: 'closed', closedBy: 'H001', closeReason: '客户已于柜面结清' });
  });

  it('publishes each customer\'s average daily deposits once a whole month of deposit files is in; the branch may not forge it', async () => {
    const factsId = customerFactsDocId((t) => createHash('sha256').update(t).digest('hex'), ID);
    // 27 of February's 28 days: no average yet (half a month is no month's average).
    // (Another branch's customer, whose balance moves daily, keeps each day's file distinct.)
    const day = (d: string) => [`6210000000000001,${ID},HM01,demand,${d < '2026-02-15' ? '1000.00' : '3000.00'}`, `6210000000000002,${OTHER},HM02,time,${Number(d.slice(8))}.00`];
    for (let d = '2026-02-01'; d < '2026-02-28'; d = addDays(d, 1)) put('deposits', d, day(d));
    expect(customerFactsDocs(ledger, 'HM01', '2026-03-03')).toEqual([]);
    put('deposits', '2026-02-28', day('2026-02-28'));
    const docs = [...customerFactsDocs(ledger, 'HM01', '2026-03-03'), ...feedStatusDocs(ledger, 'HM01')];
    for (const doc of docs) expect(checkTypedDoc(doc as never), doc._id).toEqual({ ok: true });
    // 14 days at 1,000 and 14 at 3,000 yuan: 2,000 yuan a day.
    expect(docs[0]).toEqual({ _id: factsId, type: 'customer-facts', branch: 'HM01', depositMonth: '2026-02', depositAvgDailyFen: 200_000 });
    await publishToBranches(ledger, { target: target(), date: '2026-03-03' });
    const facts = (await server.req('GET', `${db}/${factsId}`, { auth: device })).json;
    expect(facts).toMatchObject({ depositAvgDailyFen: 200_000 });
    const forged = await server.req('PUT', `${db}/${factsId}`, { body: { ...facts, depositAvgDailyFen: 90_000_000 }, auth: device });
    expect(forged.status).toBe(403);
    const status = (await server.req('GET', `${db}/feed-status:HM01`, { auth: device })).json;
    expect((await server.req('PUT', `${db}/feed-status:HM01`, { body: { ...status, loansAsOf: '2026-12-31' }, auth: device })).status).toBe(403);
  });
});
