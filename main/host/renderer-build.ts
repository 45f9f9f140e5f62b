import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Rollup } from 'vite';
import { writeAtomically } from '../../build/write-atomically.mjs';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) && resolve(dir, '..') !== dir) dir = resolve(dir, '..');
  return dir;
}
export const REPO_ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));
export const RENDERER_DIST = join(REPO_ROOT, 'dist/renderer');
const RENDERER_CONFIG: InlineConfig = { configFile: join(REPO_ROOT, 'renderer/vite.config.ts') };
/** Files of an earlier build are kept this long: a page loaded before the rebuild still fetches its scripts. */
const OLD_FILES_KEPT_MS = 3_600_000;

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
  await buildRenderer();
  return RENDERER_DIST;
}

/** One file of a build, by its path inside the output folder. */
export interface BuiltFile {
  fileName: string;
  contents: string | Uint8Array;
}

/**
 * Builds the renderer without ever emptying the folder a running host serves from (another host of this checkout,
 * the queue device beside a counter PC): vite's own write would delete dist/renderer first and every page asked
 * for during the build would be a 404. The build is made in memory and written file by file over the old one.
 */
export async function buildRenderer(config: InlineConfig = RENDERER_CONFIG): Promise<{ outDir: string; files: string[] }> {
  const { build } = await import('vite');
  const startedAt = Date.now();
  let outDir = '';
  let publicDir = '';
  const result = await build({
    logLevel: 'warn',
    ...config,
    build: { ...config.build, write: false, emptyOutDir: false },
    plugins: [
      ...(config.plugins ?? []),
      {
        name: 'jingwei-build-folders',
        configResolved(resolved) {
          outDir = resolve(resolved.root, resolved.build.outDir);
          publicDir = resolved.publicDir;
        },
      },
    ],
  });
  const files = [...(Array.isArray(result) ? result : [result as Rollup.RollupOutput]).flatMap((r) => r.output.map(builtFile)), ...publicFiles(publicDir)];
  writeBuild(outDir, files, startedAt);
  return { outDir, files: files.map((f) => f.fileName) };
}

function builtFile(out: Rollup.OutputChunk | Rollup.OutputAsset): BuiltFile {
  return { fileName: out.fileName, contents: out.type === 'chunk' ? out.code : out.source };
}

/** What vite copies from public/ as is (its own write copies them; a build kept in memory does not). */
function publicFiles(dir: string): BuiltFile[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ fileName: relative(dir, path), contents: new Uint8Array(readFileSync(path)) }));
}

/**
 * Puts a build in `outDir` so that a host serving from it never misses a file: the hashed scripts and styles first,
 * index.html (which names them) last, and the files of earlier builds removed only once they are an hour old.
 * index.html is dated when the build started: a source saved during the build is newer, and the next start rebuilds.
 */
export function writeBuild(outDir: string, files: BuiltFile[], startedAt = Date.now()): void {
  const isIndex = (f: BuiltFile) => f.fileName === 'index.html';
  for (const f of [...files.filter((f) => !isIndex(f)), ...files.filter(isIndex)]) writeAtomically(join(outDir, f.fileName), f.contents);
  const index = join(outDir, 'index.html');
  if (existsSync(index)) utimesSync(index, new Date(startedAt), new Date(startedAt));
  removeOldFiles(outDir, new Set(files.map((f) => join(outDir, f.fileName))), startedAt - OLD_FILES_KEPT_MS);
}

function removeOldFiles(dir: string, keep: Set<string>, before: number): void {
  for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeOldFiles(path, keep, before);
    else if (!keep.has(path) && statSync(path).mtimeMs < before) rmSync(path, { force: true });
  }
}
