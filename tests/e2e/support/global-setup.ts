import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './host';

/** Builds the renderer once up front so no test spends its time budget on a build inside the host. */
export default function globalSetup(): void {
  const res = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`renderer build failed (exit ${res.status})`);
}
