import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/sqlite';
import { DEFAULT_QUIET_HOURS } from '../../domain/messaging/quiet-hours';
import { DEFAULT_DISPATCH_RULES } from '../../domain/post-loan/dispatch';
import { headerLine } from '../../domain/post-loan/feed-formats';
import { residentIdFor } from '../../domain/post-loan/feed-generator';
import { mulberry32 } from '../../domain/random';
import { runDailyScan } from '../feeds/daily-scan';
import { importFeed, openLedger } from '../feeds/feed-ledger';
import { publishToBranches } from '../feeds/publish';
import { provisionBranch } from '../provision';
import { startTestServer, TEST_ADMIN, type TestServer } from '../test-support';
import { FEED_PUBLISHER_ROLE } from '../validation/policy';
import { collectionDesk, type CollectionDesk } from './collection';
import { publishedQuietHours } from './published-quiet-hours';
import { DEFAULT_COLLECTION_SCRIPTS } from '../../domain/post-loan/collection-scripts';
import { openOutbox, type Outbox } from './outbox';
import { weComCallbackHandler } from './wecom-callback';
import { weComChannel } from './wecom-channel';
import { startWeComMock, type WeComMock } from './wecom-mock';

/**
 * 催收助手 end to end at head office: the branch's `message` actions (risk.sendScripts) reach the outbox through the
 * feed publisher, go out through WeCom (the mock, shaped on WeCom's gettoken / externalcontact/add_msg_template
 * API) to the customer's external-contact id from head office's contact list, the customer's reply comes back by
 * WeCom's callback and reaches the branch as a `risk-reply` on the event; 退订 stops later messages.
 */
let server: TestServer;
let dir: string;
let ledger: Database;
let outbox: Outbox;
let desk: CollectionDesk;
let wecom: WeComMock;
let callback: Server;
let callbackUrl: string;
let clock = new Date('2026-03-03T02:00:00Z'); // 10:00 in Beijing
const device = { name: 'hm01-pc', password: 'device-password-01' };
const publisher = { name: 'hq-feeds', password: 'feeds-password-01' };
const target = () => ({ url: server.url, user: publisher });
const creds = { corpId: 'ww-test-corp', secret: 'test-secret' };
const TOKEN = 'callback-token-1';
const [ID1, ID2] = [residentIdFor(mulberry32(7), 1), residentIdFor(mulberry32(7), 2)];
const EVENT1 = 'risk-event:HM01:6200000000000001:2026-03-02:overdue';
const EVENT2 = 'risk-event:HM01:6200000000000002:2026-03-02:overdue';
const loan = (account: string, idNo: string, name: string) =>
  [account, 'HM01', idNo, name, 'farmer', '100000.00', '80000.00', '2000.00', '300.00', 1, '2026-04-01', '2027-03-01', '4.35', 'M001', '2025-03-01'].join(',');
let seq = 0;
const message = (event: string, kind: 'message' | 'opt-out', note: string) => ({
  _id: `risk-action:01JZ00000000000000000000${String(++seq).padStart(2, '0')}`, type: 'risk-action', branch: 'HM01', event, kind, note,
  promiseDate: null, promiseAmountFen: null, at: clock.toISOString(), by: 'M001', byName: '张伟', ...(kind === 'message' ? { stage: 'early', scriptVersion: 1 } : {}),
});
const branchWrites = (doc: { _id: string } & Record<string, unknown>) => server.req('PUT', `/branch-hm01/${doc._id}`, { body: doc, auth: device });
const publish = async () => (await publishToBranches(ledger, { target: target(), date: '2026-03-03', collection: desk }))[0]!;
const channels = () => [weComChannel({ ...creds, agentId: 1000002, baseUrl: wecom.url, clock: () => clock })];

beforeAll(async () => {
  server = await startTestServer();
  await provisionBranch({ url: server.url, admin: TEST_ADMIN, branchCode: 'HM01', deviceUser: device.name, password: device.password });
  await server.req('PUT', `/_users/org.couchdb.user:${publisher.name}`, { body: { name: publisher.name, password: publisher.password, roles: [FEED_PUBLISHER_ROLE], type: 'user' } });
  dir = mkdtempSync(join(tmpdir(), 'collection-'));
  ledger = openLedger(dir);
  const now = () => clock;
  importFeed(ledger, { kind: 'loans', date: '2026-03-02', bytes: new TextEncoder().encode([headerLine('loans'), loan('6200000000000001', ID1, '王建国'), loan('6200000000000002', ID2, '李秀英')].join('\n') + '\n'), now });
  runDailyScan(ledger, { date: '2026-03-02', dispatch: DEFAULT_DISPATCH_RULES, now });
  outbox = openOutbox(join(dir, 'outbox.sqlite'), { quietHours: DEFAULT_QUIET_HOURS, clock: () => clock });
  desk = collectionDesk(outbox);
  wecom = await startWeComMock(creds);
  callback = createServer(weComCallbackHandler({ token: TOKEN, onText: (m) => void desk.recordReply({ externalUserId: m.from }, m.text, m.at) }));
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callback.address() as { port: number }).port}/wecom/callback`;
  await publish();
});
afterAll(async () => {
  await new Promise((resolve) => callback.close(resolve));
  await wecom.close();
  outbox.close();
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

describe('collection messages through head office', () => {
  it('takes WeCom\'s external-contact export whole, or names the bad line and changes nothing', () => {
    expect(desk.importContacts(`id_no,external_userid,follow_user\n${ID1},wmEXT0001,zhangwei\n12345,wmEXT0002,zhangwei\n`)).toEqual({
      problems: ['第3行 字段「证件号码(id_no)」：须为18位身份证号'],
    });
    expect(desk.recipientOf(ID1)).toBeNull();
    expect(desk.importContacts(`id_no,external_userid,follow_user\n${ID1},wmEXT0001,zhangwei\n`)).toEqual({ imported: 1 });
    expect(desk.recipientOf(ID1)).toEqual({ kind: 'wecom-external', externalUserId: 'wmEXT0001', sender: 'zhangwei' });
  });

  it('sends the branch\'s message to the customer on WeCom once, and brings their reply back to the event', async () => {
    const text = '王建国您好，您尾号0001的贷款已逾期1天，逾期金额2,300.00元，请尽快存入还款账户。';
    expect((await branchWrites(message(EVENT1, 'message', text))).status).toBe(201);
    expect((await branchWrites(message(EVENT2, 'message', '李秀英您好……'))).status).toBe(201);
    const r = await publish();
    // 李秀英 is not a WeCom contact of the bank: head office says so rather than guessing a recipient.
    expect(r.messages).toEqual({ enqueued: 1, optedOut: 0, noContact: 1, optOuts: 0 });
    expect((await publish()).messages.enqueued).toBe(0); // read once
    expect(await outbox.drain(channels())).toMatchObject({ sent: 1 });
    expect(wecom.sent).toEqual([
      { path: '/cgi-bin/externalcontact/add_msg_template', body: { chat_type: 'single', external_userid: ['wmEXT0001'], sender: 'zhangwei', text: { content: text } } },
    ]);
    expect(outbox.messagesFor(EVENT1).map((m) => [m.status, m.channel])).toEqual([['sent', 'wecom']]);

    // A forged callback is refused before its body is read; WeCom's signed one is recorded against the event.
    expect((await fetch(`${callbackUrl}?msg_signature=x&timestamp=1&nonce=2`, { method: 'POST', body: '<xml/>' })).status).toBe(403);
    expect(await wecom.customerReplies(callbackUrl, TOKEN, { externalUserId: 'wmEXT0001', text: '下周一发工资后还款', at: new Date('2026-03-03T03:00:00Z') })).toBe(200);
    expect((await publish()).written).toBe(1);
    const replies = (await server.req('GET', `/branch-hm01/_all_docs?startkey="risk-reply:"&endkey="risk-reply:\uffff"&include_docs=true`, { auth: device })).json as {
      rows: { doc: Record<string, unknown> }[];
    };
    expect(replies.rows.map((row) => row.doc)).toMatchObject([{ type: 'risk-reply', event: EVENT1, text: '下周一发工资后还款', at: '2026-03-03T03:00:00.000Z', channel: 'wecom' }]);
    // The branch device may not write a reply of its own.
    const forged = await branchWrites({ _id: 'risk-reply:999', type: 'risk-reply', branch: 'HM01', event: EVENT1, text: '已还清', at: clock.toISOString(), channel: 'wecom' });
    expect(forged.status).toBe(403);
  });

  it('holds collection messages through the quiet hours and never sends to a customer who opted out', async () => {
    clock = new Date('2026-03-03T14:30:00Z'); // 22:30 in Beijing
    await branchWrites(message(EVENT1, 'message', '夜间发出的提醒'));
    expect((await publish()).messages.enqueued).toBe(1);
    expect(await outbox.drain(channels())).toEqual({ sent: 0, failed: 0, deferred: 0, suppressed: 0 });
    expect(outbox.messagesFor(EVENT1).at(-1)).toMatchObject({ status: 'queued', notBefore: '2026-03-04T00:00:00.000Z' });

    // The customer answers 退订 before the morning: the queued message is suppressed, later ones too.
    expect(await wecom.customerReplies(callbackUrl, TOKEN, { externalUserId: 'wmEXT0001', text: '退订' })).toBe(200);
    clock = new Date('2026-03-04T01:00:00Z');
    expect(await outbox.drain(channels())).toMatchObject({ sent: 0, suppressed: 1 });
    await branchWrites(message(EVENT1, 'message', '再次提醒'));
    expect((await publish()).messages).toMatchObject({ enqueued: 0, optedOut: 1 });
    expect(wecom.sent).toHaveLength(1);
  });
});

describe('the quiet hours the outbox keeps', () => {
  it('are those of head office\'s newest published collection scripts, which the feed publisher may read; the default before any', async () => {
    expect(await publishedQuietHours(target())).toEqual({ quietHours: { from: '21:00', to: '08:00', timeZone: 'Asia/Shanghai' }, version: 1 });
    const v2 = { ...DEFAULT_COLLECTION_SCRIPTS, version: 2, quietHours: { from: '20:00', to: '09:00' } };
    for (const [version, scripts] of [[1, DEFAULT_COLLECTION_SCRIPTS], [2, v2], [3, { ...v2, version: 3, quietHours: { from: '25:00', to: '09:00' } }]] as const) {
      const put = await server.req('PUT', `/reference/collection-scripts:${String(version).padStart(6, '0')}`, {
        body: { type: 'collection-scripts', version, scripts, publishedAt: scripts.publishedAt, publishedBy: 'Z001' },
      });
      expect(put.status).toBe(201);
    }
    // Version 3 does not parse (25:00): skipped, never a time nobody set.
    expect(await publishedQuietHours(target())).toEqual({ quietHours: { from: '20:00', to: '09:00', timeZone: 'Asia/Shanghai' }, version: 2 });
    const outbox = openOutbox(join(dir, 'quiet-outbox.sqlite'), { quietHours: (await publishedQuietHours(target())).quietHours, clock: () => new Date('2026-03-05T12:30:00Z') });
    try {
      // 20:30 in Houma: inside the published window (20:00–09:00), outside the built-in one (21:00–08:00).
      const queued = outbox.enqueue({ to: { kind: 'phone', number: '13800000000' }, text: '测试', ref: 'r', category: 'collection' });
      expect(queued).toMatchObject({ notBefore: '2026-03-06T01:00:00.000Z' });
    } finally {
      outbox.close();
    }
  });
});
