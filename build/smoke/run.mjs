/**
 * Smoke test of the bundle itself (run `npm run build:electron` first, then `node build/smoke/run.mjs`):
 * loads dist/main/electron/main.js under plain Node with a stand-in `electron`, which proves every external
 * import of the bundle resolves the way Electron's ESM loader will resolve it, then makes one IPC call into the
 * real core and quits. Electron itself cannot run on the development machines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

register('./hooks.mjs', import.meta.url);
const userData = mkdtempSync(join(tmpdir(), 'jingwei-smoke-'));
process.env.SMOKE_USER_DATA = userData;
writeFileSync(join(userData, 'device-config.json'), JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'SMOKE-D1' }));

const fail = (message) => {
  console.error(`smoke: FAIL ${message}`);
  process.exitCode = 1;
};
try {
  await import(new URL('../../dist/main/electron/main.js', import.meta.url).href);
  const electron = await import('electron');
  let handler;
  for (let i = 0; i < 500 && !(handler = electron.handlers.get('jingwei:call')); i++) await new Promise((r) => setTimeout(r, 20));
  const [win] = electron.windows;
  if (!handler || !win) {
    fail(`shell did not start: ${JSON.stringify(electron.calls)}`);
  } else {
    const result = await handler({ senderFrame: { url: win.url, parent: null } }, { method: 'system.info', args: {} });
    // The page the window loads, through the app:// handler the bundle registered (the renderer build must exist).
    const page = await electron.protocols.get('app')?.(new Request(win.url));
    if (result?.ok !== true || result.value.device !== 'SMOKE-D1') fail(`unexpected call result ${JSON.stringify(result)}`);
    else if (!win.url.startsWith('app://jingwei/')) fail(`window loads ${win.url}, not app://`);
    else if (page?.status !== 200 || !page.headers.get('content-security-policy')?.includes("connect-src 'self'")) fail(`app:// answered ${page?.status} for ${win.url}`);
    else console.log(`smoke: ok — window ${win.url} (${page.headers.get('content-type')}), preload ${win.options.webPreferences.preload}, system.info → ${result.value.branch}/${result.value.device}`);
    electron.app.emit('will-quit', { preventDefault() {} });
    for (let i = 0; i < 100 && !electron.calls.some(([c]) => c === 'quit'); i++) await new Promise((r) => setTimeout(r, 20));
    if (!electron.calls.some(([c]) => c === 'quit')) fail('core did not close on quit');
  }
} finally {
  rmSync(userData, { recursive: true, force: true });
}
