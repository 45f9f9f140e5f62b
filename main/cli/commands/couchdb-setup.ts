import { z } from 'zod';
import { parseAdminCommand } from '../args';
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
    const args = parseAdminCommand(argv, options, { url: { type: 'string' }, branch: { type: 'string' }, 'device-user': { type: 'string' } }, env, this.usage);
    if (!args) return 2;
    const { options: opts, env: vars } = args;
    const admin = { name: vars.JINGWEI_ADMIN_USER, password: vars.JINGWEI_ADMIN_PASSWORD };
    try {
      await ensureHeadOffice({ url: opts.url, admin });
      console.log('_users, reference: ok');
      if (opts.branch) {
        const res = await provisionBranch({
          url: opts.url,
          admin,
          branchCode: opts.branch,
          deviceUser: opts['device-user'] ?? '',
          password: vars.JINGWEI_DEVICE_PASSWORD ?? '',
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
