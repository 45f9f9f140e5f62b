import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS } from '../../domain/messaging/quiet-hours';
import { fileChannel } from './file-channel';
import { openOutbox, type Outbox } from './outbox';
import { weComChannel } from './wecom-channel';
import { startWeComMock, type WeComMock } from './wecom-mock';

let dir: string;
let now: Date;
let outbox: Outbox;
let wecom: WeComMock;
const clock = () => now;
const creds = { corpId: 'ww-test', secret: 's3cret' };
const customer = { kind: 'wecom-external' as const, externalUserId: 'wmABC', sender: 'M001' };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  now = new Date('2026-03-05T02:00:00Z'); // 10:00 Beijing
  outbox = openOutbox(join(dir, 'outbox.sqlite'), { quietHours: DEFAULT_QUIET_HOURS, clock });
  wecom = await startWeComMock(creds);
});
afterEach(async () => {
  outbox.close();
  await wecom.close();
  rmSync(dir, { recursive: true, force: true });
});

const channel = () => weComChannel({ ...creds, agentId: 1000002, baseUrl: wecom.url, clock });

describe('outbox', () => {
  it('sends a collection message through WeCom 客户联系 on behalf of the customer manager, logged against its event', async () => {
    const m = outbox.enqueue({ to: customer, text: '王先生您好，您的贷款已逾期3天……', ref: 'risk-event:HM01:1', category: 'collection' });
    expect(m.status).toBe('queued');
    expect(await outbox.drain([channel()])).toEqual({ sent: 1, failed: 0, deferred: 0, suppressed: 0 });
    expect(wecom.sent).toEqual([
      { path: '/cgi-bin/externalcontact/add_msg_template', body: { chat_type: 'single', external_userid: ['wmABC'], sender: 'M001', text: { content: '王先生您好，您的贷款已逾期3天……' } } },
    ]);
    expect(outbox.messagesFor('risk-event:HM01:1').map((x) => [x.status, x.channel, x.providerId])).toEqual([['sent', 'wecom', 'tpl-1']]);
  });

  it('holds collection messages through the quiet hours, but not one-time codes', async () => {
    now = new Date('2026-03-05T14:00:00Z'); // 22:00 Beijing
    const late = outbox.enqueue({ to: customer, text: '催收', ref: 'e1', category: 'collection' });
    const otp = outbox.enqueue({ to: { kind: 'wecom-user', userId: 'M001' }, text: '验证码 123456', ref: 'otp:1', category: 'transactional' });
    expect(late.notBefore).toBe('2026-03-06T00:00:00.000Z');
    expect(await outbox.drain([channel()])).toMatchObject({ sent: 1 });
    expect(outbox.get(otp.id)!.status).toBe('sent');
    expect(outbox.get(late.id)!.status).toBe('queued');
    now = new Date('2026-03-06T00:00:00Z');
    expect(await outbox.drain([channel()])).toMatchObject({ sent: 1 });
  });

  it('never messages a customer who opted out, even one queued before', async () => {
    const before = outbox.enqueue({ to: customer, text: 'a', ref: 'e1', category: 'collection' });
    outbox.optOut(customer, '客户来电要求不再发送');
    const after = outbox.enqueue({ to: customer, text: 'b', ref: 'e1', category: 'marketing' });
    expect(after.status).toBe('suppressed');
    expect(await outbox.drain([channel()])).toMatchObject({ sent: 0, suppressed: 1 });
    expect(outbox.get(before.id)!.status).toBe('suppressed');
    expect(wecom.sent).toEqual([]);
  });

  it('retries when WeCom is busy, refreshes an expired token, and fails for good after the last attempt', async () => {
    const ch = channel();
    const m = outbox.enqueue({ to: { kind: 'wecom-user', userId: 'H001' }, text: '您有2件风险事件待处理', ref: 'e2', category: 'transactional' });
    wecom.busy(1);
    expect(await outbox.drain([ch])).toMatchObject({ deferred: 1 });
    expect(outbox.get(m.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: '-1 system busy' });
    now = new Date(now.getTime() + 60_000);
    wecom.expireToken();
    expect(await outbox.drain([ch])).toMatchObject({ sent: 1 });
    expect(wecom.tokensIssued).toBe(2);

    const bad = openOutbox(join(dir, 'o2.sqlite'), { quietHours: DEFAULT_QUIET_HOURS, clock, maxAttempts: 2 });
    const n = bad.enqueue({ to: { kind: 'wecom-user', userId: 'H001' }, text: 'x', ref: 'e3', category: 'transactional' });
    wecom.busy(5);
    await bad.drain([ch]);
    now = new Date(now.getTime() + 3_600_000);
    await bad.drain([ch]);
    expect(bad.get(n.id)).toMatchObject({ status: 'failed', attempts: 2 });
    bad.close();
  });

  it('falls back to the file channel, records replies, and ignores a repeated enqueue with the same id', async () => {
    const file = join(dir, 'sent.jsonl');
    outbox.enqueue({ id: 'm1', to: { kind: 'phone', number: '13800000000' }, text: '验证码 654321', ref: 'otp:2', category: 'transactional' });
    outbox.enqueue({ id: 'm1', to: { kind: 'phone', number: '13800000000' }, text: '验证码 654321', ref: 'otp:2', category: 'transactional' });
    expect(await outbox.drain([channel(), fileChannel({ file, clock })])).toMatchObject({ sent: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ id: 'm1', to: { kind: 'phone', number: '13800000000' }, text: '验证码 654321' });
    outbox.recordReply({ ref: 'e1', from: customer, text: '下周五还款', at: now.toISOString() });
    expect(outbox.repliesFor('e1')).toEqual([{ ref: 'e1', from: customer, text: '下周五还款', at: '2026-03-05T02:00:00.000Z' }]);
  });
});
