import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { allowedHostsFrom } from '../../../domain/net/host-header';
import { parseOptions, portSchema } from '../args';
import type { CliCommand } from '../command';

const options = z.object({
  keys: z.string().min(1),
  data: z.string().min(1),
  messages: z.string().min(1).optional(),
  'link-log': z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  port: portSchema,
  host: z.string().min(1).default('127.0.0.1'),
  'texts-per-hour': z.coerce.number().int().min(1).max(10_000).default(60),
  'rtc-ip': z.string().min(1).optional(),
  announce: z.string().min(1).optional(),
  'rtc-ports': z
    .string()
    .regex(/^\d{4,5}-\d{4,5}$/, '格式 MIN-MAX (format MIN-MAX)')
    .transform((s) => {
      const [min, max] = s.split('-').map(Number) as [number, number];
      return { min, max };
    })
    .refine((r) => r.min >= 1024 && r.max <= 65535 && r.min < r.max, '端口范围 1024-65535 且 MIN<MAX')
    .optional(),
});

const keyEnv = z.object({
  JINGWEI_MEDIA_KEY: z
    .string({ error: '未设置 JINGWEI_MEDIA_KEY (not set)' })
    .min(16, 'JINGWEI_MEDIA_KEY 至少 16 个字符 (at least 16 characters)'),
});

export const mediaCommand: CliCommand = {
  usage: [
    'jingwei media --port P --keys DIR --data DIR [--host 127.0.0.1] [--rtc-ip IP] [--announce ADDRESS] [--rtc-ports 40000-40999]',
    '              [--messages FILE] [--link-log FILE] [--url HEAD_OFFICE_SYNC_URL] [--texts-per-hour 60]',
    '',
    '  总行视频面签/视频调查媒体服务器（mediasoup SFU），与同步服务器分开运行：媒体工作进程的CPU负载与崩溃不影响同步。',
    '  Head office video-signing SFU (mediasoup), a process of its own beside `jingwei server` or a CouchDB cluster.',
    '  --keys DIR         总行密钥目录（jingwei identity keygen），签署回执用它签名 head office keys: signs the signature receipts',
    '  --data DIR         总行发件箱所在目录（签署验证码短信） folder of head office\'s outbox (signing codes to the customer)',
    '  --messages FILE    开发/测试：短信写入此文件（JSON行），代替企业微信/短信网关 dev/test: messages to this file',
    '  --url URL          总行同步服务器：开面签房间时按其 reference 库核对产品规则版本的风险提示（JINGWEI_FEED_USER/PASSWORD）',
    '                     head office sync server: rooms open only with the risk notice of the published rule-set version',
    '  --link-log FILE    每秒记录各接收方的链路采样与分层决策（JSON行），用于分析弱网 each second\'s link sample + layer decision (JSON lines)',
    '  --texts-per-hour N 每个支行媒体密钥每小时最多请求发送的短信（验证码与入会链接；同一房间的链接每分钟一条）',
    '                     texts one branch key may cause per hour (codes and join links; a room\'s link once a minute)',
    '  JINGWEI_MEDIA_KEY   支行主机开房间用的密钥 key the branch hosts use to open rooms (>= 16 chars)',
    '  --rtc-ip           媒体端口绑定地址（默认同 --host） address the media sockets bind to (default: --host)',
    '  --announce         告知浏览器的地址（NAT/域名） address announced to browsers (NAT, DNS name)',
    '  --rtc-ports        媒体端口范围（默认由系统分配） media port range (default: ports the OS gives)',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, options, {
      port: { type: 'string' }, host: { type: 'string' }, 'rtc-ip': { type: 'string' },
      announce: { type: 'string' }, 'rtc-ports': { type: 'string' }, 'texts-per-hour': { type: 'string' },
      keys: { type: 'string' }, data: { type: 'string' }, messages: { type: 'string' }, 'link-log': { type: 'string' }, url: { type: 'string' },
    });
    if (!parsed) {
      console.error(`\n${this.usage}`);
      return 2;
    }
    const env = keyEnv.safeParse(process.env);
    if (!env.success) {
      console.error(`${env.error.issues[0]?.message ?? 'JINGWEI_MEDIA_KEY'}\n\n${this.usage}`);
      return 2;
    }
    const o = parsed.options;
    const { feedPublisherTarget } = await import('../feed-publisher-user');
    const reference = o.url ? feedPublisherTarget(o.url) : undefined;
    if (reference === null) return 2;
    const keysFile = join(resolve(o.keys), 'head-office-keys.json');
    if (!existsSync(keysFile)) {
      console.error(`找不到总行密钥 Head office keys not found: ${keysFile} (jingwei identity keygen --keys DIR)`);
      return 2;
    }
    const { openMediaWorker, WorkerMissing } = await import('../../../sync-server/media/worker');
    const { startMediaServer } = await import('../../../sync-server/media/media-server');
    const { bundledJoinPage } = await import('../../../sync-server/media/join-page');
    const { publishedRiskNotice } = await import('../../../sync-server/media/published-rules');
    let worker;
    try {
      worker = await openMediaWorker();
    } catch (err) {
      if (err instanceof WorkerMissing) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    const { loadHeadOfficeKeys, signerOf } = await import('../../../trust/head-office-keys');
    const { openOutbox } = await import('../../../sync-server/outbox/outbox');
    const { fileChannel } = await import('../../../sync-server/outbox/file-channel');
    const { DEFAULT_QUIET_HOURS } = await import('../../../domain/messaging/quiet-hours');
    const keys = loadHeadOfficeKeys(keysFile);
    mkdirSync(resolve(o.data), { recursive: true, mode: 0o700 });
    const outbox = openOutbox(join(resolve(o.data), 'outbox.sqlite'), { quietHours: DEFAULT_QUIET_HOURS });
    // Until head office's WeCom/SMS gateway is configured here, messages go to --messages (or the console).
    const channels = [fileChannel({ file: o.messages })];
    const { headOfficeIdCheck } = await import('./media-id-check');
    const idCheck = headOfficeIdCheck();
    const server = await startMediaServer({
      signingKey: signerOf(keys),
      recordingsDir: join(resolve(o.data), 'recordings'),
      async sendText(to, text, ref) {
        outbox.enqueue({ to, text, ref, category: 'transactional' });
        await outbox.drain(channels);
      },
      worker,
      host: o.host,
      port: o.port,
      listen: { ip: o['rtc-ip'] ?? o.host, announcedAddress: o.announce, portRange: o['rtc-ports'] },
      branchKey: env.data.JINGWEI_MEDIA_KEY,
      allowedHosts: [o.host, ...(o.announce ? [o.announce] : []), ...allowedHostsFrom(process.env.JINGWEI_ALLOWED_HOSTS)],
      assets: bundledJoinPage(),
      checkIdCard: idCheck.check,
      publishedRiskNotice: reference ? publishedRiskNotice(reference) : undefined,
      textLimits: { perRoomMs: 60_000, perKeyPerHour: o['texts-per-hour'] },
      linkLog: o['link-log'] ? (entry) => appendFileSync(o['link-log']!, `${JSON.stringify(entry)}\n`) : undefined,
    });
    console.log(`Jingwei media server: ${server.url}`);
    return new Promise<number>((done) => {
      const stop = (signal: string) => {
        console.error(`收到 ${signal}，正在关闭 (shutting down)`);
        void server.close().then(() => {
          worker.close();
          outbox.close();
          void idCheck.close();
          done(0);
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
