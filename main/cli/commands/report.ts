import { join, resolve } from 'node:path';
import { z } from 'zod';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { followBranches } from '../../../sync-server/reporting/follower';
import { openReportingStore, REPORTING_FILE } from '../../../sync-server/reporting/reporting-store';
import { startReportServer } from '../../../sync-server/reporting/report-server';
import { sessionSignIn } from '../../../sync-server/reporting/dashboard-auth';
import { parseOptions } from '../args';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const schema = z.object({
  remote: z.url({ protocol: /^https?$/ }),
  data: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535).default(0),
});

export const reportCommand: CliCommand = {
  usage: [
    'jingwei report --remote URL --data DIR [--port 0]   (JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD)',
    '',
    '  跟随总行服务器（jingwei server 或 Apache CouchDB）上每个支行库的 _changes，写入报表库 DIR/reporting.sqlite，',
    '  并在 127.0.0.1 提供总行跨网点看板（网页 / 与 /api/dashboard、/api/shared-customers）。看板须登录：总行服务器上',
    '  角色为 report-viewer 的账号（jingwei couchdb-setup --report-viewer NAME 创建）或服务器管理员。',
    '  Follows every branch database\'s _changes on head office\'s server (jingwei server or Apache CouchDB) into',
    '  DIR/reporting.sqlite and serves the cross-branch dashboard on 127.0.0.1 (/, /api/dashboard, /api/shared-customers)',
    '  to accounts of head office\'s server signed in at /login: role report-viewer (made by',
    '  `jingwei couchdb-setup --report-viewer NAME`) or a server admin.',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, { remote: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' } });
    if (!parsed) return 2;
    const o = parsed.options;
    const user = process.env.JINGWEI_ADMIN_USER;
    const password = process.env.JINGWEI_ADMIN_PASSWORD;
    if (!user || !password) {
      console.error('需要服务器管理员 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD (the branch list, _all_dbs, is admin-only)');
      return 2;
    }
    const insecure = credentialUrlProblem(o.remote);
    if (insecure) {
      console.error(insecure);
      return 2;
    }
    const store = openReportingStore(join(resolve(o.data), REPORTING_FILE));
    const follower = followBranches({
      target: { url: o.remote, user: { name: user, password } },
      store,
      onError: (db, e) => console.error(`报表跟随出错 follower error (${db}): ${e instanceof Error ? e.message : String(e)}`),
    });
    const web = await startReportServer({ store, port: o.port, signIn: sessionSignIn(o.remote) });
    console.log(`总行看板 Head-office dashboard: ${web.url}`);
    return waitForShutdown(async () => {
      await web.close();
      await follower.stop();
      store.close();
    });
  },
};
