import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ROLES } from '../../../domain/staff/roles';
import { isAcceptablePassword } from '../../../domain/staff/password-policy';
import { HEAD_OFFICE_BRANCH } from '../../../domain/staff/staff-record';
import { loadHeadOfficeKeys, rotateSigningKey, saveHeadOfficeKeys, generateHeadOfficeKeys, signerOf, trustRootFileOf, type HeadOfficeKeys } from '../../../trust/head-office-keys';
import { issueStaff } from '../../../trust/staff-issue';
import { couchClient } from '../../../sync-server/identity/couch';
import { startIdentityService } from '../../../sync-server/identity/identity-service';
import { provisionIdentityService } from '../../../sync-server/provision';
import { branchDbName } from '../../../sync-server/validation/policy';
import { waitForShutdown } from './branch';
import { branchCodeSchema, parseOptions } from '../args';
import type { CliCommand } from '../command';

const KEYS_FILE = 'head-office-keys.json';
const TRUST_FILE = 'trust-root.json';

const usage = [
  'jingwei identity keygen --keys DIR            总行签名与密封密钥 head office\'s signing and sealing keys → DIR/head-office-keys.json (0600)',
  '                                              and the devices\' trust root DIR/trust-root.json',
  'jingwei identity rotate --keys DIR            新签名密钥（旧密钥仍受信任，直至各设备换新信任根） a new signing key; the old one stays',
  '                                              trusted until devices get the new trust-root.json',
  'jingwei identity provision --url URL --user NAME   建立身份服务用户（角色 staff-signer） the identity service\'s CouchDB user',
  '                                              (JINGWEI_ADMIN_USER/JINGWEI_ADMIN_PASSWORD; its password JINGWEI_IDENTITY_PASSWORD)',
  'jingwei identity serve --url URL --keys DIR [--branches HM01,HM02] [--interval 5]',
  '                                              处理各支行的员工申请 decide staff requests and sign the records',
  'jingwei identity issue --url URL --keys DIR --branch HM01 --staff-no H001 --name 刘志强 --roles branch-head [--head-office]',
  '                                              直接签发（支行首位员工）；首次登录须改密 set up a branch\'s first staff directly;',
  '                                              first password from JINGWEI_STAFF_PASSWORD, changed at first login;',
  '                                              --head-office: a head-office member valid at every branch (into --branch\'s database)',
  '',
  '  serve/issue 以 JINGWEI_IDENTITY_USER/JINGWEI_IDENTITY_PASSWORD（角色 staff-signer）连接，或以服务器管理员',
  '  serve/issue connect as JINGWEI_IDENTITY_USER/JINGWEI_IDENTITY_PASSWORD (role staff-signer), else as the server admin.',
].join('\n');

const credentials = (env: NodeJS.ProcessEnv) => {
  if (env.JINGWEI_IDENTITY_USER && env.JINGWEI_IDENTITY_PASSWORD) return { name: env.JINGWEI_IDENTITY_USER, password: env.JINGWEI_IDENTITY_PASSWORD };
  if (env.JINGWEI_ADMIN_USER && env.JINGWEI_ADMIN_PASSWORD) return { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD };
  return null;
};

function writeKeys(dir: string, keys: HeadOfficeKeys): void {
  saveHeadOfficeKeys(join(dir, KEYS_FILE), keys);
  writeFileSync(join(dir, TRUST_FILE), JSON.stringify(trustRootFileOf(keys), null, 2) + '\n');
}

const keysOnly = z.object({ keys: z.string().min(1) });
const serveSchema = keysOnly.extend({
  url: z.url({ protocol: /^https?$/ }),
  branches: z.string().regex(/^[A-Za-z0-9]{2,16}(,[A-Za-z0-9]{2,16})*$/).optional(),
  interval: z.coerce.number().min(1).max(3600).default(5),
});
const issueSchema = keysOnly.extend({
  url: z.url({ protocol: /^https?$/ }),
  branch: branchCodeSchema,
  'head-office': z.boolean().default(false),
  'staff-no': z.string().regex(/^[A-Za-z0-9]{3,16}$/),
  name: z.string().min(1).max(40),
  roles: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(ROLES)).min(1)),
});
const provisionSchema = z.object({ url: z.url({ protocol: /^https?$/ }), user: z.string().min(3) });

async function run(sub: string | undefined, argv: string[]): Promise<number> {
  const fail = (message: string, code = 2) => {
    console.error(message);
    return code;
  };
  if (sub === 'keygen' || sub === 'rotate') {
    const p = parseOptions(argv, keysOnly, { keys: { type: 'string' } });
    if (!p) return 2;
    const dir = resolve(p.options.keys);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const exists = existsSync(join(dir, KEYS_FILE));
    if (sub === 'keygen' && exists) return fail(`已有密钥，不会覆盖 Keys exist, not overwritten: ${join(dir, KEYS_FILE)}`, 1);
    if (sub === 'rotate' && !exists) return fail(`没有密钥 No keys in ${dir}; run keygen first`, 1);
    writeKeys(dir, sub === 'keygen' ? generateHeadOfficeKeys(false) : rotateSigningKey(loadHeadOfficeKeys(join(dir, KEYS_FILE))));
    console.log(`${join(dir, KEYS_FILE)} (0600)\n${join(dir, TRUST_FILE)} — 下发到各设备 give to every device (device-config trustRoot / jingwei branch --trust-root)`);
    return 0;
  }
  if (sub === 'provision') {
    const p = parseOptions(argv, provisionSchema, { url: { type: 'string' }, user: { type: 'string' } });
    if (!p) return 2;
    const env = process.env;
    if (!env.JINGWEI_ADMIN_USER || !env.JINGWEI_ADMIN_PASSWORD || !env.JINGWEI_IDENTITY_PASSWORD) return fail('需要 JINGWEI_ADMIN_USER、JINGWEI_ADMIN_PASSWORD 与 JINGWEI_IDENTITY_PASSWORD');
    const res = await provisionIdentityService({ url: p.options.url, admin: { name: env.JINGWEI_ADMIN_USER, password: env.JINGWEI_ADMIN_PASSWORD }, deviceUser: p.options.user, password: env.JINGWEI_IDENTITY_PASSWORD });
    console.log(`user ${res.user} roles ${res.roles.join(',')}`);
    return 0;
  }
  const user = credentials(process.env);
  if (sub === 'serve') {
    const p = parseOptions(argv, serveSchema, { url: { type: 'string' }, keys: { type: 'string' }, branches: { type: 'string' }, interval: { type: 'string' } });
    if (!p) return 2;
    if (!user) return fail('需要 JINGWEI_IDENTITY_USER/JINGWEI_IDENTITY_PASSWORD（或服务器管理员）');
    const service = startIdentityService({
      target: { url: p.options.url, user }, keys: loadHeadOfficeKeys(join(resolve(p.options.keys), KEYS_FILE)),
      branches: p.options.branches?.split(','), intervalMs: p.options.interval * 1000,
      log: (level, m) => console[level === 'info' ? 'log' : level](`[identity] ${m}`),
    });
    console.log(`总行身份服务已启动 Identity service running against ${new URL(p.options.url).origin}`);
    return waitForShutdown(() => service.stop());
  }
  if (sub === 'issue') {
    const p = parseOptions(argv, issueSchema, { url: { type: 'string' }, keys: { type: 'string' }, branch: { type: 'string' }, 'head-office': { type: 'boolean' }, 'staff-no': { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' } });
    if (!p) return 2;
    const password = process.env.JINGWEI_STAFF_PASSWORD ?? '';
    if (!user) return fail('需要 JINGWEI_IDENTITY_USER/JINGWEI_IDENTITY_PASSWORD（或服务器管理员）');
    if (!isAcceptablePassword(password)) return fail('JINGWEI_STAFF_PASSWORD：首次密码至少8位，含字母和数字 first password: 8+ characters with letters and digits');
    const o = p.options;
    const keys = loadHeadOfficeKeys(join(resolve(o.keys), KEYS_FILE));
    const doc = await issueStaff(signerOf(keys), { staffNo: o['staff-no'], name: o.name, roles: o.roles, branch: o['head-office'] ? HEAD_OFFICE_BRANCH : o.branch, password, mustChangePassword: true });
    const couch = couchClient({ url: o.url, user });
    const db = branchDbName(o.branch);
    const existing = await couch.get<{ _rev: string; version: number }>(db, doc._id);
    if (existing) return fail(`${doc._id} 已存在；请走员工申请 already exists; use a staff request`, 1);
    await couch.put(db, doc);
    console.log(`${db} ${doc._id}: ${o.roles.join(',')}，首次登录须修改密码 must change the password at first login`);
    return 0;
  }
  return fail(usage);
}

export const identityCommand: CliCommand = {
  usage,
  run: ([sub, ...argv]) => run(sub, argv),
};
