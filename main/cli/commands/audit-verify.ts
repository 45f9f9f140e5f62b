import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createRemotePouch } from '../../../db/pouchdb';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { describeBreak } from '../../core/audit/audit.handlers';
import { verifyBranchDatabase } from '../../core/audit/chains';
import { branchDbName } from '../../core/core';
import { branchCodeSchema } from '../args';
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
    let values: Record<string, unknown>;
    try {
      values = parseArgs({ args: argv, options: { url: { type: 'string' }, branch: { type: 'string' }, json: { type: 'boolean' } } }).values;
    } catch (err) {
      console.error(`参数错误 Invalid arguments: ${(err as Error).message}`);
      return 2;
    }
    const opts = options.safeParse(values);
    const vars = env.safeParse(process.env);
    if (!opts.success || !vars.success) {
      console.error(`参数或环境变量不完整 Missing arguments or environment\n\n${this.usage}`);
      return 2;
    }
    const insecure = credentialUrlProblem(opts.data.url);
    if (insecure) {
      console.error(insecure);
      return 2;
    }
    const dbUrl = `${opts.data.url.replace(/\/+$/, '')}/${branchDbName(opts.data.branch)}`;
    const db = createRemotePouch(dbUrl, { skip_setup: true, auth: { username: vars.data.JINGWEI_ADMIN_USER, password: vars.data.JINGWEI_ADMIN_PASSWORD } });
    let reports;
    try {
      reports = await verifyBranchDatabase(db);
    } catch (err) {
      console.error(`无法读取 ${dbUrl} Could not read the branch database: ${(err as Error).message}`);
      return 3;
    }
    const devices = reports.map((r) => ({ ...r, breaks: r.breaks.map((b) => describeBreak(b, null)) }));
    const broken = devices.some((d) => d.breaks.length);
    if (opts.data.json) {
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
