import { parseArgs } from 'node:util';
import { z } from 'zod';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import type { CliCommand } from '../command';
import { ensureHeadOffice, provisionBranch } from '../../../sync-server/provision';

const options = z.object({
  url: z.url(),
  branch: z.string().optional(),
  'device-user': z.string().optional(),
});

const env = z.object({
  JINGWEI_ADMIN_USER: z.string().min(1),
  JINGWEI_ADMIN_PASSWORD: z.string().min(1),
  JINGWEI_DEVICE_PASSWORD: z.string().optional(),
});

export const couchdbSetupCommand: CliCommand = {
  usage: [
    'jingwei couchdb-setup --url URL [--branch CODE --device-user NAME]',
    '',
    '  管理员账号来自 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD；设备密码来自 JINGWEI_DEVICE_PASSWORD。',
    '  Works against `jingwei server` and Apache CouchDB 3 alike; safe to re-run.',
  ].join('\n'),
  async run(argv) {
    let values: Record<string, unknown>;
    try {
      values = parseArgs({ args: argv, options: { url: { type: 'string' }, branch: { type: 'string' }, 'device-user': { type: 'string' } } }).values;
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
    const admin = { name: vars.data.JINGWEI_ADMIN_USER, password: vars.data.JINGWEI_ADMIN_PASSWORD };
    try {
      await ensureHeadOffice({ url: opts.data.url, admin });
      console.log('_users, reference: ok');
      if (opts.data.branch) {
        const res = await provisionBranch({
          url: opts.data.url,
          admin,
          branchCode: opts.data.branch,
          deviceUser: opts.data['device-user'] ?? '',
          password: vars.data.JINGWEI_DEVICE_PASSWORD ?? '',
        });
        console.log(`${res.db}: ok; user ${res.user} roles ${res.roles.join(',')}`);
      }
      return 0;
    } catch (err) {
      console.error(`失败 Failed: ${(err as Error).message}`);
      return 1;
    }
  },
};
