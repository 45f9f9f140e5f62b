import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Core } from '../../core/core';
import { queueDeviceKeys } from '../../core/queue/queue-device';
import { openDemoBranch, startDemoHeadOffice, type DemoHeadOfficeServer } from '../../demo/head-office';
import { DEMO_HISTORY_DAYS, DEMO_PASSWORD, DEMO_STAFF, demoPeople, seedDemo, type DemoPerson } from '../../demo/seed';
import { startReporting } from '../../../sync-server/reporting/reporting-service';
import { openLedger } from '../../../sync-server/feeds/feed-ledger';
import { startBranchHost } from '../../host/branch-host';
import { ensureRendererBuilt, REPO_ROOT } from '../../host/renderer-build';
import { parseOptions, portSchema } from '../args';
import { seedVillageScaleDemo, VILLAGE_SCALE_USAGE, villageScaleSchema } from './village-scale-flag';
import { PARTNER_SCALE_USAGE, partnerScaleSchema, seedPartnerScaleDemo } from './partner-scale-flag';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const schema = z.object({
  data: z.string().default(join(REPO_ROOT, '.data/demo')),
  port: portSchema.default(8080),
  'server-port': portSchema.default(5984),
  'report-port': portSchema.optional(),
  'no-window': z.boolean().default(false),
  'demo-days': z.coerce.number().int().min(0).max(366).default(DEMO_HISTORY_DAYS),
  'village-scale': villageScaleSchema,
  'partner-scale': partnerScaleSchema,
});

/**
 * The Electron binary is absent where it could not be downloaded; the browser mode covers those machines.
 * `require('electron')` would try to download it, so look for the installed binary without loading the package.
 */
function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** HM02's customers: five of HM01's (the same ID numbers) and 55 of its own. */
function hm02People(): DemoPerson[] {
  const shared = demoPeople(5);
  const ids = new Set(shared.map((p) => p.idNumber));
  const phones = new Set(shared.map((p) => p.phone));
  return [...shared, ...demoPeople(60, 20261206).filter((p) => !ids.has(p.idNumber) && !phones.has(p.phone)).slice(0, 55)];
}

/**
 * HM02: smaller, a week of past at most, and five of HM01's customers also filed there (head office's dashboard
 * lists people filed at two branches).
 */
async function startSecondBranch(headOffice: DemoHeadOfficeServer, dataDir: string, staticDir: string, port: number, historyDays: number) {
  const core = await openDemoBranch(headOffice, dataDir, 'HM02');
  try {
    const { seeded } = await seedDemo(core, { headOffice: headOffice.headOfficeFor(core), people: hm02People(), historyDays, log: (m) => console.log(`[HM02] ${m}`) });
    if (seeded) console.log('已写入第二个支行的演示数据 Demo data of the second branch seeded');
    return { core, host: await startBranchHost({ core, port, staticDir }) };
  } catch (e) {
    await core.close();
    throw e;
  }
}

export const demoCommand: CliCommand = {
  usage: [
    'jingwei demo [--data DIR] [--port 8080] [--server-port 5984] [--report-port 8090] [--no-window] [--demo-days 60] [--village-scale seed] [--partner-scale seed]',
    '',
    '  演示：本机总行服务器 + 两个支行（HM01 侯马支行，柜台 --port；HM02 新田支行，柜台 --port+1）+ 总行跨网点看板（--report-port）。',
    '  --port 0：各端口均由系统选择。',
    '  Demo: an embedded head office, two branches (HM01 desk on --port, HM02 on --port+1) and head office\'s',
    '  cross-branch dashboard (--report-port). --port 0: every port chosen by the system.',
    VILLAGE_SCALE_USAGE,
    PARTNER_SCALE_USAGE,
  ].join('\n'),
  async run(argv) {
    const parsed = parseOptions(argv, schema, {
      data: { type: 'string' }, port: { type: 'string' }, 'server-port': { type: 'string' }, 'report-port': { type: 'string' }, 'no-window': { type: 'boolean' }, 'demo-days': { type: 'string' }, 'village-scale': { type: 'string' }, 'partner-scale': { type: 'string' },
    });
    if (!parsed) return 2;
    const o = parsed.options;
    const dataDir = resolve(o.data);

    const headOffice = await startDemoHeadOffice(dataDir, o['server-port']);
    const core = await openDemoBranch(headOffice, dataDir, 'HM01');
    // HM01's post-loan past stays in head office's feed ledger: the risk centre of the dashboard assigns its events.
    const feedsDir = join(dataDir, 'head-office-feeds');
    const { seeded } = await seedDemo(core, { headOffice: headOffice.headOfficeFor(core), historyDays: o['demo-days'], log: console.log, postLoanLedger: feedsDir });
    // Before head office's dashboard opens the ledger: the partners' loans file goes into it.
    if (o['partner-scale']) await seedPartnerScaleDemo(core, headOffice, feedsDir);
    const feedLedger = openLedger(feedsDir);
    if (seeded) console.log('已写入演示数据 Demo data seeded');
    if (o['village-scale']) await seedVillageScaleDemo(core, headOffice.headOfficeFor(core));
    const staticDir = await ensureRendererBuilt();
    const host = await startBranchHost({ core, port: o.port, staticDir });
    const reporting = await startReporting({
      remote: headOffice.server.url, admin: headOffice.admin, dataDir: join(dataDir, 'head-office-reporting'), feedLedger,
      port: o['report-port'] ?? (o.port === 0 ? 0 : 8090),
      onError: (db, e) => console.error(`[总行看板 report] ${db}: ${e instanceof Error ? e.message : String(e)}`),
    });

    console.log(`Jingwei branch host: ${host.url}`);
    console.log('');
    console.log(`  柜台 Desk:        ${host.url}`);
    // The kiosk page keeps the device key it is opened with once (see queue-device.ts); the demo hands it over here.
    const { kioskKey } = queueDeviceKeys(core.secrets);
    console.log(`  叫号机 Kiosk:     ${host.url}?role=kiosk&kioskKey=${encodeURIComponent(kioskKey)}`);
    console.log(`  大厅屏 Hall:      ${host.url}?role=hall`);
    console.log(`  总行同步服务器 Head office: ${headOffice.server.url}（管理员 admin ${headOffice.admin.name} / ${headOffice.admin.password}）`);
    console.log(`  总行跨网点看板 Head-office dashboard: ${reporting.url}（看板账号 viewer ${headOffice.reportViewer.name} / ${headOffice.reportViewer.password}）`);
    console.log(`  风险管理部集中处理 Risk centre: ${reporting.url}/risk/events（风险管理部账号 risk officer ${headOffice.riskOfficer.name} / ${headOffice.riskOfficer.password}）`);
    console.log(`  整村授信自助页 Village self-service: ${headOffice.villagePage.url}/village/HM01/<村 village>（验证码显示在本窗口 codes are printed here）`);
    console.log(`  演示账号 Staff:   ${DEMO_STAFF.map((s) => s.staffNo).join(' / ')}，密码 password: ${DEMO_PASSWORD}`);
    console.log('  演示信任根 DEMO trust root: 员工账号由本机演示密钥签名，仅供演示 staff are signed by a demo key in the data folder — demo only');
    console.log('  按 Ctrl+C 退出 Press Ctrl+C to stop');

    const electron = o['no-window'] ? null : electronBinary();
    if (electron && existsSync(join(REPO_ROOT, 'dist/main/electron/main.js'))) {
      spawn(electron, [join(REPO_ROOT, 'dist/main/electron/main.js'), `--host-url=${host.url}`], { stdio: 'inherit', detached: false });
    } else if (!o['no-window']) {
      console.log('  （本机没有Electron，请在浏览器中打开上面的地址 No Electron binary here: open the URL above in a browser）');
    }

    // The second branch comes up after the first one's desk is served, so `npm start` opens no later than before.
    let second: { core: Core; host: { url: string; close(): Promise<void> } } | null = null;
    let stopping = false;
    const done = waitForShutdown(async () => {
      stopping = true;
      await reporting.close();
      feedLedger.close();
      await second?.host.close();
      await host.close();
      await second?.core.close();
      await core.close();
      await headOffice.close();
    });
    try {
      second = await startSecondBranch(headOffice, dataDir, staticDir, o.port === 0 ? 0 : o.port + 1, Math.min(o['demo-days'], 7));
      console.log(`  第二个支行 HM02 新田支行 Desk: ${second.host.url}（同一批演示账号 same demo staff）`);
    } catch (e) {
      if (!stopping) console.error(`第二个支行未能启动 the second branch did not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    return done;
  },
};
