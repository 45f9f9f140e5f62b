import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadTrustRoot, type TrustRoot } from '../../../trust/trust-root';
import { trustRootOf, type HeadOfficeKeys } from '../../../trust/head-office-keys';
import { createCore, type Core, type CoreOptions } from '../../core/core';
import { ensureLanTls } from '../../core/lan/lan-tls';
import { readCaBundle } from '../../core/lan/pinned-fetch';
import { DEMO_KEYS_FILE, demoHeadOfficeKeys, localDemoHeadOffice } from '../../demo/demo-trust';
import { DEMO_HISTORY_DAYS, seedDemo } from '../../demo/seed';
import { seedVillageScaleDemo, VILLAGE_SCALE_USAGE, villageScaleSchema } from './village-scale-flag';
import { isLoopback, startBranchHost } from '../../host/branch-host';
import { ensureRendererBuilt } from '../../host/renderer-build';
import { allowedHostsFrom } from '../../../domain/net/host-header';
import { DeviceWasRevoked, wasRevoked } from '../../core/devices/revocation';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { branchCodeSchema, parseOptions, portSchema } from '../args';
import type { CliCommand } from '../command';

export const branchOptionsSchema = z.object({
  data: z.string().min(1),
  port: portSchema.default(0),
  host: z.string().default('127.0.0.1'),
  branch: branchCodeSchema.default('HM01'),
  'branch-name': z.string().default('侯马支行'),
  'seed-demo': z.boolean().default(false),
  'demo-days': z.coerce.number().int().min(0).max(366).default(DEMO_HISTORY_DAYS),
  'village-scale': villageScaleSchema,
  lan: z.boolean().default(false),
  'queue-host': z.url({ protocol: /^https$/, error: '叫号主机应为 https:// 地址 the queue host must be an https:// URL' }).optional(),
  'queue-ca': z.string().min(1).optional(),
  remote: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }).optional(),
  user: z.string().min(1).optional(),
  'trust-root': z.string().min(1).optional(),
  media: z.url({ protocol: /^https?$/, error: '应为 http(s):// 地址 must be an http(s) URL' }).optional(),
  tablet: z
    .string()
    .regex(/^[0-9.]+(:\d{1,5})?$/, '格式 IPv4地址[:端口] (format ADDRESS[:PORT])')
    .transform((s) => {
      const [host, port] = s.split(':') as [string, string | undefined];
      return { host, port: port === undefined ? TABLET_PORT : Number(port) };
    })
    .refine((t) => t.port <= 65535, '端口 0-65535')
    .optional(),
});

/** Where the branch tablet finds its desk's signing page unless `--tablet ADDRESS:PORT` says otherwise. */
export const TABLET_PORT = 8444;

/** The data folder's pinned head-office trust root, written at provisioning. */
export const TRUST_ROOT_FILE = 'trust-root.json';

/**
 * Whose signatures this device trusts for staff: `--trust-root FILE`, else the data folder's trust-root.json
 * (provisioning), else — for `--seed-demo` or a folder it seeded before — the demo key pair kept in the data
 * folder. A string is the error.
 */
export function trustFor(o: z.output<typeof branchOptionsSchema>, dataDir: string): { trust: TrustRoot | null; demoKeys: HeadOfficeKeys | null } | string {
  const file = o['trust-root'] ? resolve(o['trust-root']) : join(dataDir, TRUST_ROOT_FILE);
  if (o['trust-root'] || existsSync(file)) {
    let trust: TrustRoot;
    try {
      trust = loadTrustRoot(file);
    } catch (e) {
      return `总行信任根文件无效 Invalid trust root ${file}: ${(e as Error).message}`;
    }
    if (o['seed-demo']) return '--seed-demo 只能用于演示信任根，本机已配置总行信任根 --seed-demo needs the demo trust root; this device pins head office\'s';
    return { trust, demoKeys: null };
  }
  if (o['seed-demo'] || existsSync(join(dataDir, DEMO_KEYS_FILE))) {
    const demoKeys = demoHeadOfficeKeys(dataDir);
    return { trust: trustRootOf(demoKeys), demoKeys };
  }
  return { trust: null, demoKeys: null };
}

/**
 * What the flags and the environment make of this device's core. Keys and passwords come from the environment,
 * never the command line, where every user of the PC could read them in the process list. A string is the error.
 */
export function coreOptions(
  o: z.output<typeof branchOptionsSchema>,
  env: Readonly<Record<string, string | undefined>>,
  readCa: (path: string) => string = readCaBundle,
): CoreOptions | string {
  const counterKey = env.JINGWEI_COUNTER_KEY;
  if (o['queue-host'] && !counterKey) return '缺少柜台密钥：请设置环境变量 JINGWEI_COUNTER_KEY Missing the counter key: set JINGWEI_COUNTER_KEY';
  if (o['queue-host'] && !o['queue-ca']) return '缺少网点CA证书：请用 --queue-ca 指定从叫号主机复制的 branch-ca.pem Missing the branch CA: --queue-ca FILE (branch-ca.pem copied from the queue device)';
  if (o.media && (env.JINGWEI_MEDIA_KEY ?? '').length < 16) return '缺少支行媒体密钥：请设置环境变量 JINGWEI_MEDIA_KEY（至少16个字符） Missing the branch media key: set JINGWEI_MEDIA_KEY (>= 16 chars)';
  if (o.remote && o.user && !env.JINGWEI_DEVICE_PASSWORD) return '缺少设备密码：请设置环境变量 JINGWEI_DEVICE_PASSWORD Missing the device password: set JINGWEI_DEVICE_PASSWORD';
  const insecure = o.remote && (o.user || new URL(o.remote).username) ? credentialUrlProblem(o.remote) : null;
  if (insecure) return insecure;
  let ca = '';
  if (o['queue-host'] && o['queue-ca']) {
    try {
      ca = readCa(resolve(o['queue-ca']));
    } catch (e) {
      return `网点CA证书无法读取 Cannot read the branch CA: ${(e as Error).message}`;
    }
  }
  return {
    dataDir: resolve(o.data), branchCode: o.branch, branchName: o['branch-name'],
    ...(servesLan(o) ? { queueDevice: true } : {}),
    ...(o['queue-host'] && counterKey ? { queueHost: { url: o['queue-host'], counterKey, ca } } : {}),
    ...(o.remote ? { remote: { url: o.remote, ...(o.user ? { username: o.user, password: env.JINGWEI_DEVICE_PASSWORD } : {}) } } : {}),
    ...(o.media ? { mediaServer: { url: o.media.replace(/\/+$/, ''), key: env.JINGWEI_MEDIA_KEY! } } : {}),
  };
}

/** Listening on a LAN address (or asked to with --lan) makes this PC the branch's queue device. */
export const servesLan = (o: { host: string; lan: boolean }) => o.lan || !isLoopback(o.host);

/** The addresses the queue device's certificate must name: the one it listens on, or all of this PC's. */
export function lanAddresses(host: string): string[] {
  const all = host === '0.0.0.0' || host === '::';
  const own = all
    ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address))
    : [host];
  return [...new Set([...own, '127.0.0.1', 'localhost'])];
}

/** Every address this device's LAN certificate names: the queue service's and the tablet page's. */
const certHosts = (o: z.output<typeof branchOptionsSchema>) => [...(servesLan(o) ? lanAddresses(o.host) : []), ...(o.tablet ? lanAddresses(o.tablet.host) : [])];

/**
 * The desk's signing page for the branch tablet (平板签字), on the branch LAN: HTTPS with this device's certificate
 * from the branch CA (the tablet trusts that CA like the hall display), and only the tablet's methods.
 */
async function startTabletFace(core: Core, o: z.output<typeof branchOptionsSchema>, dataDir: string, staticDir: string | undefined) {
  const { TABLET_METHODS } = await import('../../core/credit/tablet-signing.contract');
  const tls = await ensureLanTls({ dataDir, secrets: core.secrets, branchCode: core.branchCode }, certHosts(o));
  const face = await startBranchHost({
    core, host: o.tablet!.host, port: o.tablet!.port, staticDir, allowedHosts: allowedHostsFrom(process.env.JINGWEI_ALLOWED_HOSTS),
    lan: { key: tls.key, cert: tls.cert, methods: TABLET_METHODS, refusal: 'credit.tabletFaceOnly' },
  });
  console.log(`平板签字 Tablet signing: ${face.url}?role=tablet   网点CA Branch CA: ${tls.bundleFile}`);
  return face;
}

/** The LAN service (TLS, queue only) on a queue device; the whole API on loopback otherwise. */
async function startHostFor(core: Core, o: z.output<typeof branchOptionsSchema>, dataDir: string, staticDir: string | undefined) {
  const allowedHosts = allowedHostsFrom(process.env.JINGWEI_ALLOWED_HOSTS);
  if (!servesLan(o)) return startBranchHost({ core, host: o.host, port: o.port, staticDir, allowedHosts });
  const tls = await ensureLanTls({ dataDir, secrets: core.secrets, branchCode: core.branchCode }, certHosts(o));
  const host = await startBranchHost({ core, host: o.host, port: o.port, staticDir, allowedHosts, lan: tls });
  console.log(`网点CA证书 Branch CA: ${tls.bundleFile}`);
  for (const f of tls.fingerprints) console.log(`  SHA-256 ${f}`);
  console.log('  复制到每台柜台机（--queue-ca）和大厅屏 copy it to every counter PC (--queue-ca) and hall PC');
  console.log(`  叫号机 Kiosk: ${host.url}?role=kiosk   大厅屏 Hall: ${host.url}?role=hall   密钥 keys: jingwei lan-keys --data ${dataDir}`);
  return host;
}

export function waitForShutdown(close: () => Promise<void>): Promise<number> {
  return new Promise((done) => {
    const stop = () => {
      void close().then(() => done(0), () => done(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const branchCommand: CliCommand = {
  usage: [
    'jingwei branch --data DIR [--port 0] [--host 127.0.0.1] [--lan] [--branch HM01] [--branch-name 侯马支行] [--seed-demo [--demo-days 60] [--village-scale seed]] [--trust-root FILE]',
    '               [--queue-host https://… --queue-ca branch-ca.pem]   (JINGWEI_COUNTER_KEY=…)',
    '               [--remote URL --user U]   (JINGWEI_DEVICE_PASSWORD=…)',
    '               [--media URL]   (JINGWEI_MEDIA_KEY=…)   [--tablet ADDRESS[:8444]]',
    '',
    '  --data DIR      本机数据目录 this device\'s data folder',
    '  --port P        端口，0为随机 port (0 = any free port)',
    '  --host H        监听地址；设为局域网地址即为叫号主机：仅 HTTPS（网点CA，首次启动时生成）、仅叫号接口，本机只保存',
    '                  叫号所需数据  listen address; a LAN address makes this PC the queue device: HTTPS only (branch',
    '                  CA made at first start), the queue API only, and a store holding only what the queue needs',
    '  --lan           在回环地址上也作为叫号主机 serve as the queue device on a loopback address too (tests, one PC)',
    '  --seed-demo     数据为空时写入演示数据 seed demo staff and customers when empty (a queue device: staff only)',
    `  --demo-days N   演示数据含过去N天的业务历史（默认${DEMO_HISTORY_DAYS}，0为不含） days of past branch life in the demo data`,
    VILLAGE_SCALE_USAGE,
    '  --queue-host URL 柜台机：叫号在叫号主机上进行（https://），柜台密钥取自环境变量 JINGWEI_COUNTER_KEY（叫号主机上',
    '                  jingwei lan-keys 显示）  a counter PC: the queue lives on this queue device (https://); the',
    '                  key comes from JINGWEI_COUNTER_KEY (shown by jingwei lan-keys on the queue device)',
    '  --queue-ca FILE 叫号主机的网点CA证书（其数据目录 lan-tls/branch-ca.pem），只信任此CA  the queue device\'s branch CA',
    '                  (lan-tls/branch-ca.pem in its data folder); no other CA is trusted for the queue device',
    '  --trust-root FILE 总行信任根（公钥，开通设备时由科技部下发；默认 DIR/trust-root.json）head office\'s pinned',
    '                  public keys (given at provisioning; default DIR/trust-root.json). With --seed-demo and no',
    '                  trust root, a DEMO key pair is made in DIR — demo only',
    '  --remote URL    总行同步服务器：持续双向同步，日终同步界面可用；设备用户 --user，密码取自环境变量',
    '                  JINGWEI_DEVICE_PASSWORD  head office: continuous sync both ways and the end-of-day screen; the',
    '                  device user is --user, its password comes from JINGWEI_DEVICE_PASSWORD',
    '  --media URL     总行视频面签服务器（jingwei media），支行媒体密钥取自环境变量 JINGWEI_MEDIA_KEY  head office\'s',
    '                  video-signing server (jingwei media); the branch media key comes from JINGWEI_MEDIA_KEY',
    '  --tablet A[:P]  在局域网地址A上为网点平板提供签字页（HTTPS，网点CA；仅平板签字接口），录像面签后客户在平板上签名',
    '                  the branch tablet\'s signing page on LAN address A (HTTPS with the branch CA; the tablet\'s',
    '                  methods only): after a recorded face-to-face the customer signs on the tablet',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, branchOptionsSchema, {
      data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, branch: { type: 'string' },
      'branch-name': { type: 'string' }, 'seed-demo': { type: 'boolean' }, 'demo-days': { type: 'string' }, 'village-scale': { type: 'string' }, lan: { type: 'boolean' },
      'queue-host': { type: 'string' }, 'queue-ca': { type: 'string' }, remote: { type: 'string' }, user: { type: 'string' }, 'trust-root': { type: 'string' },
      media: { type: 'string' }, tablet: { type: 'string' },
    });
    if (!parsed) return 2;
    const options = coreOptions(parsed.options, process.env);
    if (typeof options === 'string') {
      console.error(options);
      return 2;
    }
    const o = parsed.options;
    const trusted = trustFor(o, options.dataDir);
    if (typeof trusted === 'string') {
      console.error(trusted);
      return 2;
    }
    if (!trusted.trust) console.error('警告：未配置总行信任根，任何员工都无法登录 Warning: no head-office trust root (trust-root.json); nobody can log in');
    if (wasRevoked(options.dataDir)) {
      console.error(new DeviceWasRevoked().message);
      return 7;
    }
    let onRevoked = () => {};
    const core = await createCore({ ...options, trust: trusted.trust, onRevoked: () => onRevoked() });
    if (o['seed-demo'] && trusted.demoKeys) {
      const { seeded } = await seedDemo(core, { headOffice: localDemoHeadOffice(core, trusted.demoKeys), historyDays: o['demo-days'], log: console.log, queueOnly: servesLan(o) });
      if (seeded) console.log('已写入演示数据 Demo data seeded');
      if (o['village-scale']) await seedVillageScaleDemo(core, localDemoHeadOffice(core, trusted.demoKeys));
    }
    // A broken renderer build must not take the API down with it: counters and the hall display still need it.
    const staticDir = await ensureRendererBuilt().catch((e: Error) => {
      console.error(`界面构建失败，仅提供API Renderer build failed, serving the API only: ${e.message}`);
      return undefined;
    });
    const tablet = o.tablet ? await startTabletFace(core, o, options.dataDir, staticDir) : null;
    const host = await startHostFor(core, o, options.dataDir, staticDir);
    // Tests and scripts read this exact line to find the URL.
    console.log(`Jingwei branch host: ${host.url}`);
    if (o['queue-host']) console.log(`叫号主机 Queue host: ${o['queue-host']}`);
    if (o.remote) console.log(`总行同步 Head office: ${new URL(o.remote).origin}`);
    // Head office revoked this device: the core has stopped and wiped the data folder; the host stops serving.
    const revoked = new Promise<number>((done) => {
      onRevoked = () => {
        console.error(new DeviceWasRevoked().message);
        void Promise.all([host.close(), tablet?.close()]).finally(() => done(7));
      };
    });
    return Promise.race([
      revoked,
      waitForShutdown(async () => {
        await tablet?.close();
        await host.close();
        await core.close();
      }),
    ]);
  },
};
