import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../../../domain/messaging/quiet-hours';
import type { MessageChannel } from '../../../sync-server/outbox/channel';
import { collectionDesk } from '../../../sync-server/outbox/collection';
import { fileChannel } from '../../../sync-server/outbox/file-channel';
import { openOutbox } from '../../../sync-server/outbox/outbox';
import { weComCallbackHandler } from '../../../sync-server/outbox/wecom-callback';
import { weComChannel } from '../../../sync-server/outbox/wecom-channel';
import { parseOptions } from '../args';
import { waitForShutdown } from './branch';

/**
 * 催收助手's head-office commands beside `jingwei feed publish` (which relays the branches' messages into the outbox):
 * the WeCom contact list, the WeCom callback that records customers' replies. The outbox is `<data>/outbox.sqlite`
 * next to the feed ledger.
 */
export function openCollection(dataDir: string, quietHours: QuietHours = DEFAULT_QUIET_HOURS) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const outbox = openOutbox(join(dataDir, 'outbox.sqlite'), { quietHours });
  return { outbox, desk: collectionDesk(outbox) };
}

/**
 * WeCom when head office configured it (JINGWEI_WECOM_CORP_ID, JINGWEI_WECOM_SECRET, JINGWEI_WECOM_AGENT_ID, optional
 * JINGWEI_WECOM_URL), else the file channel: `--messages FILE`, or the console.
 */
export function collectionChannels(messagesFile: string | undefined): MessageChannel[] {
  const { JINGWEI_WECOM_CORP_ID: corpId, JINGWEI_WECOM_SECRET: secret, JINGWEI_WECOM_AGENT_ID: agentId, JINGWEI_WECOM_URL: baseUrl } = process.env;
  if (corpId && secret && agentId && /^\d+$/.test(agentId)) return [weComChannel({ corpId, secret, agentId: Number(agentId), baseUrl })];
  return [fileChannel({ file: messagesFile })];
}

export async function runContacts(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, z.object({ data: z.string().min(1) }), { data: { type: 'string' } });
  if (!parsed) return 2;
  const file = parsed.positionals[0];
  if (parsed.positionals.length !== 1 || !file) {
    console.error('须给出一个企业微信外部联系人导出文件 give one WeCom external-contact export file (id_no,external_userid,follow_user)');
    return 2;
  }
  const { outbox, desk } = openCollection(resolve(parsed.options.data));
  try {
    const r = desk.importContacts(readFileSync(file, 'utf8'));
    if ('problems' in r) {
      for (const p of r.problems.slice(0, 50)) console.error(p);
      console.error(`联系人文件被拒绝，未作任何更改 contact file refused, nothing changed (${r.problems.length} problems)`);
      return 1;
    }
    console.log(`已导入企业微信外部联系人 ${r.imported} 个 imported ${r.imported} WeCom external contacts`);
    return 0;
  } finally {
    outbox.close();
  }
}

const callbackSchema = z.object({
  data: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
});

/** Serves WeCom's callback URL (`/wecom/callback`); the token is JINGWEI_WECOM_TOKEN, as configured in WeCom's admin console. */
export async function runCallback(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, callbackSchema, { data: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } });
  if (!parsed) return 2;
  const token = process.env.JINGWEI_WECOM_TOKEN;
  if (!token) {
    console.error('须设置 JINGWEI_WECOM_TOKEN（企业微信回调 Token）set JINGWEI_WECOM_TOKEN (the WeCom callback token)');
    return 2;
  }
  const { outbox, desk } = openCollection(resolve(parsed.options.data));
  const handle = weComCallbackHandler({
    token,
    onText: (m) => {
      const r = desk.recordReply({ externalUserId: m.from }, m.text, m.at);
      console.log(r ? `客户回复已记入 ${r.ref}${r.optedOut ? '（已退订）' : ''} reply recorded` : `未找到发给 ${m.from} 的消息，回复未记录 no message to answer`);
    },
  });
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://callback').pathname !== '/wecom/callback') {
      res.writeHead(404).end();
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((done) => server.listen(parsed.options.port, parsed.options.host, done));
  const { port } = server.address() as { port: number };
  console.log(`企业微信回调 WeCom callback: http://${parsed.options.host}:${port}/wecom/callback`);
  return waitForShutdown(async () => {
    await new Promise((done) => server.close(done));
    outbox.close();
  });
}
