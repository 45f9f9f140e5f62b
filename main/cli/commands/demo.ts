import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createCore } from '../../core/core';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from '../../demo/seed';
import { startBranchHost } from '../../host/branch-host';
import { ensureRendererBuilt, REPO_ROOT } from '../../host/renderer-build';
import { parseOptions, portSchema } from '../args';
import type { CliCommand } from '../command';
import { waitForShutdown } from './branch';

const schema = z.object({
  data: z.string().default(join(REPO_ROOT, '.data/demo')),
  port: portSchema.default(8080),
  'no-window': z.boolean().default(false),
});

/** The Electron binary is absent on machines where it could not be downloaded; the browser mode covers them. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: '启动演示：侯马支行HM01及演示数据 Start the demo branch (HM01) with demo data',
  usage: 'jingwei demo [--data DIR] [--port 8080] [--no-window]',
  async run(argv) {
    const parsed = parseOptions(argv, schema, { data: { type: 'string' }, port: { type: 'string' }, 'no-window': { type: 'boolean' } });
    if (!parsed) return 2;
    const o = parsed.options;
    const dataDir = resolve(o.data);

    const core = await createCore({ dataDir: join(dataDir, 'branch-hm01'), branchCode: 'HM01', branchName: '侯马支行' });
    const { seeded } = await seedDemo(core, { log: console.log });
    if (seeded) console.log('已写入演示数据 Demo data seeded');
    const staticDir = await ensureRendererBuilt();
    const host = await startBranchHost({ core, port: o.port, staticDir });

    console.log(`Jingwei branch host: ${host.url}`);
    console.log('');
    console.log(`  柜台 Desk:        ${host.url}`);
    console.log(`  叫号机 Kiosk:     ${host.url}?role=kiosk`);
    console.log(`  大厅屏 Hall:      ${host.url}?role=hall`);
    console.log(`  演示账号 Staff:   ${DEMO_STAFF.map((s) => s.staffNo).join(' / ')}，密码 password: ${DEMO_PASSWORD}`);
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
    });
  },
};
