import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { allowedHostsFrom } from '../../../domain/net/host-header';
import { feedPublisherTarget } from '../feed-publisher-user';
import { parseOptions } from '../args';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const usage = [
  'jingwei village serve --url URL --keys DIR --data DIR --branches HM01[,HM02] [--host 127.0.0.1] [--port 0] [--interval 5] [--messages FILE]',
  '  总行整村授信服务：由批量授信签发授信额度（总行签名），并提供村级二维码自助签约用信页面',
  '  head office\'s village credit service: signed credit lines from batch approvals, and the village QR self-service page',
  '  (sign the contract, draw within the line; one-time codes to the phone on file through head office\'s outbox).',
  '  --keys DIR         总行密钥目录 head office\'s keys (head-office-keys.json)',
  '  --data DIR         总行发件箱及验证码锁定记录所在目录 folder of head office\'s outbox and code lockouts',
  '  --messages FILE    开发/测试：短信写入此文件（JSON行）dev/test: messages to this file instead of the console',
  '  用户 user: JINGWEI_FEED_USER / JINGWEI_FEED_PASSWORD（角色 feed-publisher）',
].join('\n');

const serveSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  keys: z.string().min(1),
  data: z.string().min(1),
  branches: z.string().regex(/^[A-Za-z0-9]{2,16}(,[A-Za-z0-9]{2,16})*$/),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  interval: z.coerce.number().min(1).max(3600).default(5),
  messages: z.string().min(1).optional(),
});
async function serve(argv: string[]): Promise<number> {
  const p = parseOptions(argv, serveSchema, {
    url: { type: 'string' }, keys: { type: 'string' }, data: { type: 'string' }, branches: { type: 'string' }, host: { type: 'string' },
    port: { type: 'string' }, interval: { type: 'string' }, messages: { type: 'string' },
  });
  if (!p) return 2;
  const o = p.options;
  const target = feedPublisherTarget(o.url);
  if (!target) return 2;
  const { loadHeadOfficeKeys } = await import('../../../trust/head-office-keys');
  const { openOutbox } = await import('../../../sync-server/outbox/outbox');
  const { fileChannel } = await import('../../../sync-server/outbox/file-channel');
  const { DEFAULT_QUIET_HOURS } = await import('../../../domain/messaging/quiet-hours');
  const { startCreditLineService } = await import('../../../sync-server/village/credit-lines');
  const { startSelfService } = await import('../../../sync-server/village/self-service');
  const keys = loadHeadOfficeKeys(join(resolve(o.keys), 'head-office-keys.json'));
  const branches = o.branches.toUpperCase().split(',');
  mkdirSync(resolve(o.data), { recursive: true, mode: 0o700 });
  const outbox = openOutbox(join(resolve(o.data), 'outbox.sqlite'), { quietHours: DEFAULT_QUIET_HOURS });
  // Until head office's SMS gateway is configured here, messages go to --messages (or the console).
  const channels = [fileChannel({ file: o.messages })];
  const log = (level: 'info' | 'warn' | 'error', m: string) => console[level === 'info' ? 'log' : level](`[village] ${m}`);
  const lines = startCreditLineService({ target, keys, branches, intervalMs: o.interval * 1000, log });
  const page = await startSelfService({
    target, keys, host: o.host, port: o.port, log, lockFile: join(resolve(o.data), 'self-service-locks.json'),
    allowedHosts: [o.host, ...allowedHostsFrom(process.env.JINGWEI_ALLOWED_HOSTS)],
    async sendCode(to, text, ref) {
      outbox.enqueue({ to, text, ref, category: 'transactional' });
      await outbox.drain(channels);
    },
  });
  console.log(`整村授信自助页面 Village self-service: ${page.url}/village/<支行 branch>/<村 village>`);
  return waitForShutdown(async () => {
    await lines.stop();
    await page.close();
    outbox.close();
  });
}

export const villageCommand: CliCommand = {
  usage,
  run: async ([sub, ...argv]) => {
    if (sub === 'serve') return serve(argv);
    console.error(usage);
    return 2;
  },
};
