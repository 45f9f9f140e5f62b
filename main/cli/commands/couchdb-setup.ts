import { z } from 'zod';
import { parseAdminCommand } from '../args';
import type { CliCommand } from '../command';
import { ensureHeadOffice, provisionBranch, provisionItAdmin, provisionReportViewer, provisionRiskOfficer } from '../../../sync-server/provision';

const options = z.object({
  url: z.url(),
  branch: z.string().optional(),
  'device-user': z.string().optional(),
  'report-viewer': z.string().min(1).optional(),
  'it-admin': z.string().min(1).optional(),
  'risk-officer': z.string().min(1).optional(),
});

const env = z.object({
  JINGWEI_ADMIN_USER: z.string().min(1),
  JINGWEI_ADMIN_PASSWORD: z.string().min(1),
  JINGWEI_DEVICE_PASSWORD: z.string().optional(),
  JINGWEI_REPORT_VIEWER_PASSWORD: z.string().optional(),
  JINGWEI_IT_ADMIN_PASSWORD: z.string().optional(),
  JINGWEI_RISK_OFFICER_PASSWORD: z.string().optional(),
});

export const couchdbSetupCommand: CliCommand = {
  usage: [
    'jingwei couchdb-setup --url URL [--branch CODE --device-user NAME] [--report-viewer NAME] [--it-admin NAME] [--risk-officer NAME]',
    '',
    '  管理员账号来自 JINGWEI_ADMIN_USER / JINGWEI_ADMIN_PASSWORD；设备密码来自 JINGWEI_DEVICE_PASSWORD；',
    '  --report-viewer 创建可登录总行跨网点看板（jingwei report）的账号，密码来自 JINGWEI_REPORT_VIEWER_PASSWORD。',
    '  --report-viewer makes an account that may sign in to the cross-branch dashboard (password from',
    '  JINGWEI_REPORT_VIEWER_PASSWORD).',
    '  --it-admin 创建可登录信息科技运维台（jingwei report 的 /it：发布版本、设备、注册码、停用设备）的账号，密码来自',
    '  JINGWEI_IT_ADMIN_PASSWORD。 --it-admin makes an account that may sign in to the IT console (/it of jingwei report).',
    '  --risk-officer 创建可登录风险管理部集中处理（jingwei report 的 /risk/events：批量指派风险事件）的账号，密码来自',
    '  JINGWEI_RISK_OFFICER_PASSWORD。 --risk-officer makes an account that may assign risk events in the risk centre.',
    '  Works against `jingwei server` and Apache CouchDB 3 alike; safe to re-run.',
  ].join('\n'),
  async run(argv) {
    const args = parseAdminCommand(argv, options, { url: { type: 'string' }, branch: { type: 'string' }, 'device-user': { type: 'string' }, 'report-viewer': { type: 'string' }, 'it-admin': { type: 'string' }, 'risk-officer': { type: 'string' } }, env, this.usage);
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
      if (opts['report-viewer']) {
        const res = await provisionReportViewer({ url: opts.url, admin, deviceUser: opts['report-viewer'], password: vars.JINGWEI_REPORT_VIEWER_PASSWORD ?? '' });
        console.log(`report viewer ${res.user}: ok; roles ${res.roles.join(',')}`);
      }
      if (opts['it-admin']) {
        const res = await provisionItAdmin({ url: opts.url, admin, deviceUser: opts['it-admin'], password: vars.JINGWEI_IT_ADMIN_PASSWORD ?? '' });
        console.log(`IT admin ${res.user}: ok; roles ${res.roles.join(',')}`);
      }
      if (opts['risk-officer']) {
        const res = await provisionRiskOfficer({ url: opts.url, admin, deviceUser: opts['risk-officer'], password: vars.JINGWEI_RISK_OFFICER_PASSWORD ?? '' });
        console.log(`risk officer ${res.user}: ok; roles ${res.roles.join(',')}`);
      }
      return 0;
    } catch (err) {
      console.error(`失败 Failed: ${(err as Error).message}`);
      return 1;
    }
  },
};
