import type { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import { startReporting } from '../../../sync-server/reporting/reporting-service';
import { couchClient } from '../../../sync-server/identity/couch';
import { openFeedDesk } from '../../../sync-server/it-console/feed-desk';
import { parseOptions } from '../args';
import { readReleaseKey } from './release';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const schema = z.object({
  remote: z.url({ protocol: /^https?$/ }),
  data: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  'release-key': z.string().min(1).optional(),
  'feed-data': z.string().min(1).optional(),
});

export const reportCommand: CliCommand = {
  usage: [
    'jingwei report --remote URL --data DIR [--port 0] [--release-key FILE] [--feed-data DIR]   (JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD)',
    '',
    '  跟随总行服务器（jingwei server 或 Apache CouchDB）上每个支行库的 _changes，写入报表库 DIR/reporting.sqlite，',
    '  并在 127.0.0.1 提供总行跨网点看板（网页 / 与 /api/dashboard、/api/shared-customers）。看板须登录：总行服务器上',
    '  角色为 report-viewer 的账号（jingwei couchdb-setup --report-viewer NAME 创建）或服务器管理员。',
    '  Follows every branch database\'s _changes on head office\'s server (jingwei server or Apache CouchDB) into',
    '  DIR/reporting.sqlite and serves the cross-branch dashboard on 127.0.0.1 (/, /api/dashboard, /api/shared-customers)',
    '  to accounts of head office\'s server signed in at /login: role report-viewer (made by',
    '  `jingwei couchdb-setup --report-viewer NAME`) or a server admin.',
    '',
    '  /it 是信息科技运维台（角色 it-admin，jingwei couchdb-setup --it-admin NAME 创建）：发布版本（核对签名用',
    '  --release-key 或 JINGWEI_RELEASE_PUBLIC_KEY 的公钥）、灰度/暂停/恢复/停用版本、各支行设备、发放注册码、停用设备。',
    '  /it is head office IT\'s console (role it-admin, made by `jingwei couchdb-setup --it-admin NAME`): publish a',
    '  release (signatures checked against --release-key / JINGWEI_RELEASE_PUBLIC_KEY), widen/pause/resume/block,',
    '  every branch\'s devices, enrolment codes, revocation. It acts with the admin credential above, in their name.',
    '  导入核心系统文件：上传、预检（逐行列出错误）、确认导入到总行台账 --feed-data DIR（即 jingwei feed 的 --data，默认同 --data）。',
    '  Core-banking file imports: upload, preview (every bad line), apply to the feed ledger in --feed-data DIR',
    '  (the --data of `jingwei feed`; defaults to --data).',
    '',
    '  /risk/events 是风险管理部集中处理：各网点风险事件的筛选列表；角色 risk-officer（jingwei couchdb-setup --risk-officer NAME）',
    '  可勾选事件批量指派给支行行长、客户经理或风险管理部人员并设办结期限：一次写入 --feed-data 的总行台账并立即写入支行库。',
    '  /risk/events is the risk department\'s centre: every branch\'s risk events, filtered; accounts with the role',
    '  risk-officer assign chosen events to a branch head, customer manager or risk officer with a deadline, in one',
    '  transaction of the feed ledger in --feed-data, and to the branch databases at once.',
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, { remote: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, 'release-key': { type: 'string' }, 'feed-data': { type: 'string' } });
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
    const keySource = o['release-key'] ?? process.env.JINGWEI_RELEASE_PUBLIC_KEY;
    let releaseKey: KeyObject | null;
    try {
      releaseKey = keySource ? readReleaseKey(keySource) : null;
    } catch (e) {
      console.error((e as Error).message);
      return 2;
    }
    const feeds = openFeedDesk({ dataDir: resolve(o['feed-data'] ?? o.data) });
    const reporting = await startReporting({
      remote: o.remote, admin: { name: user, password }, dataDir: resolve(o.data), port: o.port,
      it: { couch: couchClient({ url: o.remote, user: { name: user, password } }), releaseKey, feeds },
      feedLedger: feeds.ledger,
      onError: (db, e) => console.error(`报表跟随出错 follower error (${db}): ${e instanceof Error ? e.message : String(e)}`),
    });
    console.log(`总行看板 Head-office dashboard: ${reporting.url}`);
    console.log(`信息科技运维台 IT console: ${reporting.url}/it${releaseKey ? '' : '（未配置发布公钥：不能发布 no release key: publishing refused）'}`);
    console.log(`风险管理部集中处理 Risk centre: ${reporting.url}/risk/events`);
    return waitForShutdown(async () => {
      await reporting.close();
      feeds.close();
    });
  },
};
