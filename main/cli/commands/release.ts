import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { parseUpdatePublicKey } from '../../../trust/update-signature';
import { couchClient } from '../../../sync-server/identity/couch';
import { provisionReleasePublisher } from '../../../sync-server/provision';
import { CHANNELS, ChannelRefused, type Channel, type ChannelChange, type ChannelDoc } from '../../../sync-server/releases/channel';
import { readReleaseDir, ReleaseRefused, VERSION } from '../../../sync-server/releases/release-dir';
import { changeChannel, publishRelease, readChannel } from '../../../sync-server/releases/release-store';
import { deviceInventory, type DeviceRow } from '../../../sync-server/releases/device-inventory';
import { DEFAULT_ENROLMENT_HOURS, deviceAccounts, EnrolmentRefused, issueEnrolment, revokeDevice, type DeviceAdminDeps } from '../../../sync-server/devices/enrolment';
import { DEVICE_USER, type EnrolmentState } from '../../../domain/devices/enrolment';
import { parseOptions } from '../args';
import type { CliCommand } from '../command';

const usage = [
  'jingwei release publish --channel pilot|stable --staging PERCENT DIR',
  '        发布 electron-builder 的输出目录（安装包 + latest*.yml + .sig）：逐个平台核对 SHA-512 与发布签名，未签名或被改动的版本拒绝发布',
  '        publish electron-builder output: per platform the sha512 and the Ed25519 release signature are checked; an unsigned',
  '        or tampered build is refused. Devices read https://<head office>/updates/channel-<channel>/',
  'jingwei release status  [--channel pilot|stable]        各通道当前版本、灰度比例、暂停与停用的版本 what each channel serves',
  'jingwei release widen   --channel C --staging PERCENT   扩大灰度（如 10 → 50 → 100） widen the staged rollout',
  'jingwei release pause   --channel C                     暂停（不再有新设备开始升级） pause: no device starts the update',
  'jingwei release resume  --channel C                     恢复 resume',
  'jingwei release block   --channel C --version X.Y.Z     停用一个版本（回退到上一个未停用版本） block a version; the channel falls back',
  '                                                        to the previous one (devices already on it stay: publish it again as newer)',
  'jingwei release devices [--branch HM01,HM02]           各支行设备：版本、通道、升级状态、最后同步；标出版本落后、升级失败、超过一天未联系',
  '                                                        devices per branch: out of date, failing, silent > 1 day',
  '                                                        (读各支行库：服务器管理员或 head-office 角色 needs branch read: admin / head-office)',
 'jingwei release enrol --branch HM01 --device-user NAME [--hours 24]',
  '                                                        为一台设备发放一次性注册码（到期失效，只能用一次；设备上 jingwei enrol）',
  '                                                        a one-time enrolment code for one device (expires, single use)',
  'jingwei release revoke --device-user NAME              停用设备（丢失或被盗）：其凭据在总行立即失效，设备再联网时不再上传并清除本机数据',
  '                                                        revoke a device: its credentials stop at once; back online it wipes itself',
  'jingwei release enrolments [--branch HM01]             设备用户及其状态（待注册、已过期、已注册、已停用） device users and their state',
  '                                                        (enrol/revoke/enrolments 需服务器管理员 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD)',
  'jingwei release provision --user NAME                   建立发布用户（角色 release-publisher；密码 JINGWEI_RELEASE_PASSWORD）',
  '',
  '  总行地址 head office: --url URL 或 JINGWEI_HEAD_OFFICE_URL（https；本机测试可用 http://127.0.0.1）',
  '  发布用户 publisher: JINGWEI_RELEASE_USER / JINGWEI_RELEASE_PASSWORD（角色 release-publisher），否则 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD',
  '  发布公钥 release public key: --release-key FILE 或 JINGWEI_RELEASE_PUBLIC_KEY（PEM 文件路径、PEM 或 base64 SPKI）',
].join('\n');

const channel = z.enum(CHANNELS, { error: '通道只能是 pilot 或 stable (channel: pilot or stable)' });
const staging = z.coerce.number().int().min(1, '灰度比例 1–100').max(100, '灰度比例 1–100');
const common = { url: z.string().optional(), 'release-key': z.string().optional() };
const spec = {
  url: { type: 'string' },
  channel: { type: 'string' },
  staging: { type: 'string' },
  version: { type: 'string' },
  user: { type: 'string' },
  branch: { type: 'string' },
  'release-key': { type: 'string' },
  'device-user': { type: 'string' },
  hours: { type: 'string' },
} as const;

function headOffice(url: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const value = url ?? env.JINGWEI_HEAD_OFFICE_URL;
  if (!value) {
    console.error('请用 --url 或 JINGWEI_HEAD_OFFICE_URL 指定总行地址 (head office URL missing)');
    return null;
  }
  const problem = credentialUrlProblem(value);
  if (problem) {
    console.error(problem);
    return null;
  }
  return value;
}

function publisher(env: NodeJS.ProcessEnv): { name: string; password: string } | null {
  if (env.JINGWEI_RELEASE_USER && env.JINGWEI_RELEASE_PASSWORD) return { name: env.JINGWEI_RELEASE_USER, password: env.JINGWEI_RELEASE_PASSWORD };
  if (env.JINGWEI_ADMIN_USER && env.JINGWEI_ADMIN_PASSWORD) return { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD };
  console.error('请设置 JINGWEI_RELEASE_USER / JINGWEI_RELEASE_PASSWORD（角色 release-publisher 的用户） set the release publisher');
  return null;
}

/** The release public key from a PEM file path, PEM text or base64 SPKI (`--release-key`, JINGWEI_RELEASE_PUBLIC_KEY). */
export function readReleaseKey(source: string) {
  const text = existsSync(source) ? readFileSync(source, 'utf8') : source;
  try {
    return parseUpdatePublicKey(text.trim());
  } catch (e) {
    throw new ReleaseRefused([`发布公钥无效 invalid release public key: ${(e as Error).message}`]);
  }
}

function releaseKey(option: string | undefined, env: NodeJS.ProcessEnv) {
  const source = option ?? env.JINGWEI_RELEASE_PUBLIC_KEY;
  if (!source) throw new ReleaseRefused(['缺少发布公钥：--release-key 或 JINGWEI_RELEASE_PUBLIC_KEY（没有公钥就无法核对签名，不发布） no release public key']);
  return readReleaseKey(source);
}

export function describeChannel(c: ChannelDoc): string {
  const state = c.version === null ? '未发布 nothing published' : `${c.version} · ${c.paused ? '已暂停 paused' : `灰度 ${c.staging}%`}`;
  return `${c.channel}: ${state}${c.blocked.length ? ` · 停用 blocked ${c.blocked.join(', ')}` : ''}`;
}

const UPDATE_WORDS: Record<string, string> = { idle: '无', downloading: '下载中', downloaded: '已下载待安装', installed: '已安装', failed: '失败' };

export function deviceLine(r: DeviceRow): string {
  const notes = [r.outOfDate ? '版本落后' : '', r.failing ? `升级失败：${r.updateReason ?? ''}` : '', r.silent ? '超过一天未联系' : ''].filter(Boolean);
  return [r.branch, r.device, r.role, r.appVersion, r.channel ?? '-', UPDATE_WORDS[r.updateState] ?? r.updateState, r.lastSyncAt ?? '从未同步', r.os, notes.join('；') || '正常'].join('\t');
}

const STATE_WORDS: Record<EnrolmentState, string> = { pending: '待注册', expired: '注册码已过期', enrolled: '已注册', revoked: '已停用' };

async function deviceAccountAction(action: 'enrol' | 'revoke' | 'enrolments', deps: DeviceAdminDeps, o: { branch?: string; 'device-user'?: string; hours?: number }): Promise<number> {
  try {
    if (action === 'enrol') {
      const { code, expiresAt } = await issueEnrolment(deps, { branchCode: o.branch!, deviceUser: o['device-user']!, hours: o.hours });
      console.log(`注册码 enrolment code: ${code}`);
      console.log(`有效期至 expires: ${expiresAt}（只能使用一次 single use）`);
      return 0;
    }
    if (action === 'revoke') {
      await revokeDevice(deps, o['device-user']!);
      console.log(`已停用 revoked: ${o['device-user']}（凭据立即失效；设备再联网时清除本机数据 credentials stopped; the device wipes itself when back online）`);
      return 0;
    }
    const rows = (await deviceAccounts(deps)).filter((r) => !o.branch || r.branch === o.branch.toUpperCase());
    console.log(['支行', '设备用户', '状态', '注册码到期', '停用时间'].join('\t'));
    for (const r of rows) console.log([r.branch ?? '-', r.deviceUser, STATE_WORDS[r.state], r.expiresAt ?? '-', r.revokedAt ?? '-'].join('\t'));
    return 0;
  } catch (e) {
    if (!(e instanceof EnrolmentRefused)) throw e;
    console.error(`操作被拒绝 refused: ${e.message}`);
    return 1;
  }
}

export const releaseCommand: CliCommand = {
  usage,
  async run(argv) {
    const [action, ...rest] = argv;
    const env = process.env;
    const shapes = {
      publish: z.object({ ...common, channel, staging }),
      status: z.object({ ...common, channel: channel.optional() }),
      widen: z.object({ ...common, channel, staging }),
      pause: z.object({ ...common, channel }),
      resume: z.object({ ...common, channel }),
      block: z.object({ ...common, channel, version: z.string().regex(VERSION, '版本号须为 x.y.z') }),
      devices: z.object({ ...common, branch: z.string().regex(/^[A-Za-z0-9]{2,16}(,[A-Za-z0-9]{2,16})*$/).optional() }),
      provision: z.object({ ...common, user: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/) }),
      enrol: z.object({
        ...common, branch: z.string().regex(/^[A-Za-z0-9]{2,16}$/, '支行代码 2–16 位字母数字'), 'device-user': z.string().regex(DEVICE_USER, '设备用户名：3–64 位小写字母、数字、. _ -'),
        hours: z.coerce.number().int().min(1, '有效期 1–168 小时').max(168, '有效期 1–168 小时').default(DEFAULT_ENROLMENT_HOURS),
      }),
      revoke: z.object({ ...common, 'device-user': z.string().regex(DEVICE_USER, '设备用户名：3–64 位小写字母、数字、. _ -') }),
      enrolments: z.object({ ...common, branch: z.string().regex(/^[A-Za-z0-9]{2,16}$/).optional() }),
    } as const;
    if (!action || !(action in shapes)) {
      console.error(usage);
      return 2;
    }
    const parsed = parseOptions(rest, shapes[action as keyof typeof shapes], spec);
    if (!parsed) return 2;
    const o = parsed.options as {
      url?: string; channel?: Channel; staging?: number; version?: string; user?: string; branch?: string; 'release-key'?: string; 'device-user'?: string; hours?: number;
    };
    const url = headOffice(o.url, env);
    if (!url) return 2;
    try {
      if (action === 'enrol' || action === 'revoke' || action === 'enrolments') {
        if (!env.JINGWEI_ADMIN_USER || !env.JINGWEI_ADMIN_PASSWORD) {
          console.error(`${action} 需要服务器管理员 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD (device users live in _users: server admins only)`);
          return 2;
        }
        const admin = { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD };
        return await deviceAccountAction(action, { couch: couchClient({ url, user: admin }), by: admin.name, now: new Date() }, o);
      }
      if (action === 'provision') {
        const password = env.JINGWEI_RELEASE_PASSWORD ?? '';
        if (!env.JINGWEI_ADMIN_USER || !env.JINGWEI_ADMIN_PASSWORD) {
          console.error('provision 需要服务器管理员 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD');
          return 2;
        }
        const r = await provisionReleasePublisher({ url, admin: { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD }, deviceUser: o.user!, password });
        console.log(`${r.user}: ${r.roles.join(',')}`);
        return 0;
      }
      const user = action === 'devices' && env.JINGWEI_ADMIN_USER && env.JINGWEI_ADMIN_PASSWORD ? { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD } : publisher(env);
      if (!user) return 2;
      const deps = { couch: couchClient({ url, user }), by: user.name };
      if (action === 'devices') {
        const rows = await deviceInventory(deps.couch, new Date(), o.branch?.toUpperCase().split(','));
        console.log(['支行', '设备', '角色', '版本', '通道', '升级', '最后同步', '系统', '提示'].join('\t'));
        for (const r of rows) console.log(deviceLine(r));
        console.log(`共 ${rows.length} 台；版本落后 ${rows.filter((r) => r.outOfDate).length}，升级失败 ${rows.filter((r) => r.failing).length}，超过一天未联系 ${rows.filter((r) => r.silent).length}`);
        return 0;
      }
      if (action === 'status') {
        for (const c of o.channel ? [o.channel] : CHANNELS) console.log(describeChannel(await readChannel(deps.couch, c)));
        return 0;
      }
      if (action === 'publish') {
        if (parsed.positionals.length !== 1) {
          console.error(`请给出一个发布目录 (one DIR)\n\n${usage}`);
          return 2;
        }
        const bundle = await readReleaseDir(resolve(parsed.positionals[0]!), releaseKey(o['release-key'], env));
        for (const p of bundle.platforms) console.log(`${p.platform}: ${p.files.map((f) => f.name).join(', ')} — ${p.checks.join('；')}`);
        console.log(describeChannel(await publishRelease(deps, bundle, o.channel!, o.staging!)));
        return 0;
      }
      const change: ChannelChange =
        action === 'widen' ? { action, staging: o.staging! } : action === 'block' ? { action, version: o.version! } : { action: action as 'pause' | 'resume' };
      console.log(describeChannel(await changeChannel(deps, o.channel!, change)));
      return 0;
    } catch (e) {
      if (e instanceof ReleaseRefused) {
        console.error(e.message);
        return 1;
      }
      if (e instanceof ChannelRefused) {
        console.error(`操作被拒绝 refused: ${e.message}`);
        return 1;
      }
      console.error(`失败 failed: ${(e as Error).message}`);
      return 1;
    }
  },
};
