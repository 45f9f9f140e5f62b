import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) && resolve(dir, '..') !== dir) dir = resolve(dir, '..');
  return dir;
}
export const REPO_ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));
export const RENDERER_DIST = join(REPO_ROOT, 'dist/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * From a source checkout the desk must never show yesterday's build: rebuild when any renderer or shared
 * source is newer than the last build. A packaged app ships `dist/` and has no sources to compare.
 */
export async function ensureRendererBuilt(log: (msg: string) => void = console.log): Promise<string> {
  const index = join(RENDERER_DIST, 'index.html');
  const sources = ['renderer', 'i18n', 'domain'].map((d) => join(REPO_ROOT, d)).filter(existsSync);
  if (!sources.length) return RENDERER_DIST;
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built >= Math.max(...sources.map(newestMtime))) return RENDERER_DIST;
  log('正在构建界面 Building the renderer…');
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
  return RENDERER_DIST;
}
