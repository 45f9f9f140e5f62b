import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { createCore } from '../../core/core';
import { queueDeviceKeys } from '../../core/queue/queue-device';
import { startDemoHeadOffice } from '../../demo/head-office';
import { demoTrustRoot } from '../../demo/demo-trust';
import { DEMO_HISTORY_DAYS, DEMO_PASSWORD, DEMO_STAFF, seedDemo } from '../../demo/seed';
import { startBranchHost } from '../../host/branch-host';
import { ensureRendererBuilt, REPO_ROOT } from '../../host/renderer-build';
import { parseOptions, portSchema } from '../args';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const schema = z.object({
  data: z.string().default(join(REPO_ROOT, '.data/demo')),
  port: portSchema.default(8080),
  'server-port': portSchema.default(5984),
  'no-window': z.boolean().default(false),
  'demo-days': z.coerce.number().int().min(0).max(366).default(DEMO_HISTORY_DAYS),
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

export const demoCommand: CliCommand = {
  usage: 'jingwei demo [--data DIR] [--port 8080] [--server-port 5984] [--no-window] [--demo-days 60]',
  async run(argv) {
    const parsed = parseOptions(argv, schema, {
      data: { type: 'string' }, port: { type: 'string' }, 'server-port': { type: 'string' }, 'no-window': { type: 'boolean' }, 'demo-days': { type: 'string' },
    });
    if (!parsed) return 2;
    const o = parsed.options;
    const dataDir = resolve(o.data);

    const headOffice = await startDemoHeadOffice(dataDir, o['server-port']);
    // The branch PC pins the demo head office's public key, as a real one pins head office's at provisioning.
    const core = await createCore({ dataDir: join(dataDir, 'branch-hm01'), branchCode: 'HM01', branchName: '侯马支行', remote: headOffice.remote, trust: demoTrustRoot(dataDir), villageSelfServiceUrl: headOffice.villagePage.url });
    const { seeded } = await seedDemo(core, { headOffice: headOffice.headOfficeFor(core), historyDays: o['demo-days'], log: console.log });
    if (seeded) console.log('已写入演示数据 Demo data seeded');
    const staticDir = await ensureRendererBuilt();
    const host = await startBranchHost({ core, port: o.port, staticDir });

    console.log(`Jingwei branch host: ${host.url}`);
    console.log('');
    console.log(`  柜台 Desk:        ${host.url}`);
    // The kiosk page keeps the device key it is opened with once (see queue-device.ts); the demo hands it over here.
    const { kioskKey } = queueDeviceKeys(core.secrets);
    console.log(`  叫号机 Kiosk:     ${host.url}?role=kiosk&kioskKey=${encodeURIComponent(kioskKey)}`);
    console.log(`  大厅屏 Hall:      ${host.url}?role=hall`);
    console.log(`  总行同步服务器 Head office: ${headOffice.server.url}（管理员 admin ${headOffice.admin.name} / ${headOffice.admin.password}）`);
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
    return waitForShutdown(async () => {
      await host.close();
      await core.close();
      await headOffice.close();
    });
  },
};
