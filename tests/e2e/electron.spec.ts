import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

/**
 * Launches the real Electron shell. The Electron binary cannot be downloaded on the development and CI machines,
 * so this spec only runs where one is present (a release machine, or ELECTRON_PATH pointing at a binary); it never
 * `require('electron')`s to find it, because that would try to download it.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist/main/electron/main.js');

function electronBinary(): string | null {
  if (process.env.ELECTRON_PATH) return existsSync(process.env.ELECTRON_PATH) ? process.env.ELECTRON_PATH : null;
  const pathFile = join(ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(MAIN) && existsSync(join(ROOT, 'dist/renderer/index.html')) && existsSync(join(ROOT, 'dist/preload/preload.cjs'));

test.describe('Electron shell (desk)', () => {
  test.skip(!binary, 'no Electron binary on this machine (it cannot be downloaded here); set ELECTRON_PATH or run on the release machine');
  test.skip(!built, 'run `npm run build && npm run build:electron` first; better-sqlite3-multiple-ciphers must also be rebuilt for Electron (`npx electron-builder install-app-deps`)');

  let dir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jingwei-electron-'));
    const config = join(dir, 'device-config.json');
    writeFileSync(config, JSON.stringify({ role: 'desk', branchCode: 'hm001', deviceId: 'E2E-D1', dataDir: join(dir, 'data') }));
    app = await electron.launch({ executablePath: binary!, args: [MAIN, `--device-config=${config}`], env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('opens the desk build from disk with the role in the URL', async () => {
    expect(page.url()).toMatch(/\/dist\/renderer\/index\.html\?role=desk$/);
    const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
    expect(bounds.width).toBeGreaterThanOrEqual(1280);
  });

  test('exposes only the bridge to the page, never Node or ipcRenderer', async () => {
    const surface = await page.evaluate(() => ({
      keys: Object.keys(window.jingwei ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      ipc: 'ipcRenderer' in window,
    }));
    expect(surface).toEqual({ keys: ['call', 'subscribe'], require: 'undefined', process: 'undefined', ipc: false });
  });

  test('calls the core over IPC', async () => {
    const result = await page.evaluate(() => window.jingwei!.call({ method: 'system.info', args: {} }));
    expect(result).toMatchObject({ ok: true, value: { device: 'E2E-D1' } });
  });

  test('enforces the CSP, blocks navigation away and refuses new windows', async () => {
    expect(await page.evaluate(() => { try { return eval('1 + 1'); } catch (e) { return (e as Error).name; } })).toBe('EvalError');
    const before = page.url();
    await page.evaluate(() => { window.location.href = 'https://example.com/'; });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
