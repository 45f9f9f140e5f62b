import { z } from 'zod';
import { createRemotePouch } from '../../../db/pouchdb';
import { describeBreak } from '../../core/audit/audit.handlers';
import { verifyBranchDatabase } from '../../core/audit/chains';
import { branchDbName } from '../../core/core';
import { branchCodeSchema, parseAdminCommand } from '../args';
import type { CliCommand } from '../command';

const options = z.object({ url: z.url(), branch: branchCodeSchema, json: z.boolean().default(false) });
const env = z.object({ JINGWEI_ADMIN_USER: z.string().min(1), JINGWEI_ADMIN_PASSWORD: z.string().min(1) });

/** Exit codes: 0 intact, 1 breaks found, 2 bad arguments, 3 the server could not be read. */
export const auditVerifyCommand: CliCommand = {
  usage: [
    'jingwei audit-verify --url URL --branch CODE [--json]',
    '',
    '  在总行核验一个支行库的审计链（各设备的哈希链、锚点、冲突版本），只用 CouchDB HTTP API。',
    '  Head office checks a branch database\'s audit chains (hash chains, anchors, second versions) over the',
    '  CouchDB HTTP API; works against `jingwei server` and Apache CouchDB alike.',
    '  管理员账号来自 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD。',
    '  退出码 Exit codes: 0 完整 intact, 1 发现问题 breaks found, 2 参数错误 bad arguments, 3 无法读取 unreadable',
  ].join('\n'),
  async run(argv) {
    const args = parseAdminCommand(argv, options, { url: { type: 'string' }, branch: { type: 'string' }, json: { type: 'boolean' } }, env, this.usage);
    if (!args) return 2;
    const { options: opts, env: vars } = args;
    const dbUrl = `${opts.url.replace(/\/+$/, '')}/${branchDbName(opts.branch)}`;
    const db = createRemotePouch(dbUrl, { skip_setup: true, auth: { username: vars.JINGWEI_ADMIN_USER, password: vars.JINGWEI_ADMIN_PASSWORD } });
    let reports;
    try {
      reports = await verifyBranchDatabase(db);
    } catch (err) {
      console.error(`无法读取 ${dbUrl} Could not read the branch database: ${(err as Error).message}`);
      return 3;
    }
    const devices = reports.map((r) => ({ ...r, breaks: r.breaks.map((b) => describeBreak(b, null)) }));
    const broken = devices.some((d) => d.breaks.length);
    if (opts.json) {
      console.log(JSON.stringify({ ok: !broken, devices }, null, 2));
      return broken ? 1 : 0;
    }
    for (const d of devices) {
      const anchored = d.anchoredThrough === null ? '未锚定 not anchored' : `锚定至第 ${d.anchoredThrough} 条 anchored through #${d.anchoredThrough}`;
      console.log(`${d.device}: ${d.entries} 条 entries, ${anchored}${d.breaks.length ? '' : ' — 完整 intact'}`);
      for (const b of d.breaks) console.log(`  ✗ ${b.message['zh-CN']}\n    ${b.message.en}`);
    }
    console.log(broken ? '审计链发现问题 Audit trail broken' : '审计链完整 Audit trail intact');
    return broken ? 1 : 0;
  },
};
