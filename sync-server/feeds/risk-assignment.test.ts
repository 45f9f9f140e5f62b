import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import type { HandlerCandidate } from '../../domain/post-loan/risk-assignment';
import { mulberry32 } from '../../domain/random';
import { couchClient } from '../identity/couch';
import { provisionBranch } from '../provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { checkTypedDoc } from '../validation/registry';
import { riskEventDocs } from './branch-docs';
import { runDailyScan } from './daily-scan';
import { importFeed, openLedger } from './feed-ledger';
import { publishToBranches } from './publish';
import { AssignmentRefused, assignmentHistory, assignRiskEvents, publishAssigned } from './risk-assignment';

/**
 * The risk department's bulk assignment in head office's ledger: all or nothing, audited append-only, published to
 * the branch as head office's document that the branch device cannot forge; a missed deadline still escalates.
 */
let server: TestServer;
let dir: string;
let ledger: Database;
const device = { name: 'hm01-pc', password: 'device-password-01' };
const now = () => new Date('2026-03-02T20:00:00Z');
const ID = residentIdFor(mulberry32(7), 1);
const loan = (account: string) =>
  [account, 'HM01', ID, '王建国', 'farmer', '100000.00', '80000.00', '2000.00', '300.00', 3, '2026-04-01', '2027-03-01', '4.35', 'M001', '2025-03-01'].join(',');
const E1 = 'risk-event:HM01:6200000000000001:2026-03-02:overdue';
const E2 = 'risk-event:HM01:6200000000000002:2026-03-02:overdue';
const M002: HandlerCandidate = { staffNo: 'M002', name: '张丽', branch: 'HM01', roles: ['customer-manager'], active: true };
const H002: HandlerCandidate = { staffNo: 'H002', name: '别行行长', branch: 'HM02', roles: ['branch-head'], active: true };
const assign = (events: string[], handler: HandlerCandidate | undefined, deadline?: string) =>
  assignRiskEvents(ledger, { request: { events, handler: { branch: handler?.branch ?? 'HM01', staffNo: handler?.staffNo ?? 'X999' }, ...(deadline ? { deadline } : {}) }, handler, by: 'hq-risk', today: '2026-03-03', now: new Date('2026-03-03T02:00:00Z'), rules: DEFAULT_DISPATCH_RULES });
const eventRows = () => ledger.prepare('SELECT id, queue, deadline, handler, handler_name FROM risk_event WHERE cause = ? ORDER BY id').all('overdue');

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  dir = mkdtempSync(join(tmpdir(), 'risk-assign-'));
  ledger = openLedger(dir);
  importFeed(ledger, { kind: 'loans', date: '2026-03-02', bytes: new TextEncoder().encode([headerLine('loans'), loan('6200000000000001'), loan('6200000000000002')].join('\n') + '\n'), now });
  runDailyScan(ledger, { date: '2026-03-02', dispatch: DEFAULT_DISPATCH_RULES, now });
  await publishToBranches(ledger, { target: { url: server.url, user: TEST_ADMIN }, date: '2026-03-02' });
});
afterAll(async () => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

describe('bulk assignment at head office', () => {
  it('changes nothing when one event cannot go to the handler (another branch\'s head, an unknown event)', () => {
    const before = eventRows();
    expect(() => assign([E1, E2], H002)).toThrow(AssignmentRefused);
    expect(() => assign([E1, 'risk-event:HM01:6200000000000009:2026-03-02:overdue'], M002)).toThrow(/unknownEvent/);
    expect(eventRows()).toEqual(before);
    expect(assignmentHistory(ledger)).toEqual([]);
  });

  it('assigns both to M002 with the deadline, records each at head office, and the branch receives it', async () => {
    const done = assign([E1, E2], M002, '2026-03-06');
    expect(done.map((a) => a.event)).toEqual([E1, E2]);
    expect(eventRows()).toEqual([E1, E2].map((id) => ({ id, queue: 'branch', deadline: '2026-03-06', handler: 'M002', handler_name: '张丽' })));
    expect(assignmentHistory(ledger).map((r) => [r.event, r.handler, r.deadline, r.prevHandler, r.prevDeadline, r.by, r.at])).toEqual([
      [E2, 'M002', '2026-03-06', null, '2026-03-09', 'hq-risk', '2026-03-03T02:00:00.000Z'],
      [E1, 'M002', '2026-03-06', null, '2026-03-09', 'hq-risk', '2026-03-03T02:00:00.000Z'],
    ]);
    // Head office's record is append-only.
    expect(() => ledger.prepare("UPDATE risk_assignment SET handler = 'M001'").run()).toThrow(/append-only/);
    expect(() => ledger.prepare('DELETE FROM risk_assignment').run()).toThrow(/append-only/);

    for (const doc of riskEventDocs(ledger, 'HM01')) expect(checkTypedDoc(doc as never), doc._id).toEqual({ ok: true });
    expect(await publishAssigned(ledger, couchClient({ url: server.url, user: TEST_ADMIN }), ['HM01', 'HM01'])).toBe(2);
    const doc = (await server.req('GET', `/branch-hm01/${E1}`, { auth: device })).json;
    expect(doc).toMatchObject({ handler: 'M002', handlerName: '张丽', assignedOn: '2026-03-03', deadline: '2026-03-06', queue: 'branch', manager: 'M001' });
    // The next feed publish has nothing more to write for them.
    const [again] = await publishToBranches(ledger, { target: { url: server.url, user: TEST_ADMIN }, date: '2026-03-03' });
    expect(again!.written).toBe(0);

    // The branch device cannot hand the event to someone else or push its deadline.
    const forged = await server.req('PUT', `/branch-hm01/${E1}`, { body: { ...doc, handler: 'M001', handlerName: '李建国', deadline: '2026-12-31' }, auth: device });
    expect(forged.status).toBe(403);
  });

  it('escalates a missed assigned deadline to the risk department like a dispatched one', () => {
    runDailyScan(ledger, { date: '2026-03-09', dispatch: DEFAULT_DISPATCH_RULES, now });
    expect(eventRows()).toEqual([E1, E2].map((id) => ({ id, queue: 'risk', deadline: '2026-03-23', handler: null, handler_name: null })));
  });
});
