/**
 * Bundles the Electron main process and the preload into dist/ (run: `npm run build:electron`).
 *
 * - main   → dist/main/electron/main.js   ESM; npm packages stay external (electron-builder ships the production
 *            node_modules, and native modules like better-sqlite3 cannot be bundled anyway).
 * - preload → dist/preload/preload.cjs    CommonJS with everything inlined: a sandboxed preload can require
 *            nothing but `electron` (and a few browser-safe built-ins), and cannot load ES modules.
 * - workers → dist/main/electron/{ocr,import,recogniser,replica-thread}-worker.js + *-entry.mjs, because the core starts them with
 *            `new URL('./<name>-entry.mjs', import.meta.url)`, which after bundling resolves beside main.js.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p: string) => join(root, p);

// Electron 45 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

const common: BuildOptions = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
  charset: 'utf8',
};

// Every byte of the preload is parsed by every page; the bridge itself is a few KiB.
const PRELOAD_BUDGET_BYTES = 32 * 1024;

async function bundle(options: BuildOptions): Promise<Metafile> {
  const result = await build({ ...common, ...options, metafile: true });
  return result.metafile;
}

/** Packages a bundle still imports at run time, from esbuild's metafile. */
function externalImports(meta: Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) if (imp.external) out.add(imp.path);
  }
  return [...out].sort();
}

async function main(): Promise<void> {
  rmSync(at('dist/main'), { recursive: true, force: true });
  rmSync(at('dist/preload'), { recursive: true, force: true });

  const mainMeta = await bundle({
    entryPoints: [at('main/electron/main.ts')],
    outfile: at('dist/main/electron/main.js'),
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    packages: 'external',
  });

  const preloadMeta = await bundle({
    entryPoints: [at('preload/preload.ts')],
    outfile: at('dist/preload/preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
  });
  const preloadImports = externalImports(preloadMeta);
  if (preloadImports.some((p) => p !== 'electron')) {
    throw new Error(`the sandboxed preload may only require 'electron', but imports: ${preloadImports.join(', ')}`);
  }
  const preloadBytes = Object.entries(preloadMeta.outputs).find(([f]) => f.endsWith('.cjs'))?.[1].bytes ?? 0;
  if (preloadBytes > PRELOAD_BUDGET_BYTES) {
    throw new Error(`the preload grew to ${preloadBytes} bytes (budget ${PRELOAD_BUDGET_BYTES}): something pulled app code into it`);
  }

  // Worker threads start from `new URL('./<name>-entry.mjs', import.meta.url)`: compiled and copied beside main.js.
  const workerMetas: Metafile[] = [];
  for (const [source, entry, out] of [
    ['main/core/ocr/ocr-worker.ts', 'main/core/ocr/ocr-worker-entry.mjs', 'ocr-worker'],
    ['main/core/import/import-worker.ts', 'main/core/import/import-worker-entry.mjs', 'import-worker'],
    // Stores pulled revisions for the branch host (main/core/sync/replicator/replica-thread.ts).
    ['main/core/sync/replicator/replica-thread-worker.ts', 'main/core/sync/replicator/replica-thread-worker-entry.mjs', 'replica-thread-worker'],
    // Started by the OCR worker (PP-OCR's recognition network on a thread of its own).
    ['main/core/ocr/paddle/recogniser-worker.ts', 'main/core/ocr/paddle/recogniser-worker-entry.mjs', 'recogniser-worker'],
  ] as const) {
    if (!existsSync(at(source)) || !existsSync(at(entry))) continue;
    workerMetas.push(
      await bundle({ entryPoints: [at(source)], outfile: at(`dist/main/electron/${out}.js`), platform: 'node', format: 'esm', target: NODE_TARGET, packages: 'external' }),
    );
    mkdirSync(at('dist/main/electron'), { recursive: true });
    copyFileSync(at(entry), at(`dist/main/electron/${out}-entry.mjs`));
  }
  const workerMeta: Metafile | null = workerMetas.length
    ? { inputs: Object.assign({}, ...workerMetas.map((m) => m.inputs)), outputs: Object.assign({}, ...workerMetas.map((m) => m.outputs)) }
    : null;

  for (const [name, meta] of [['main', mainMeta], ['preload', preloadMeta], ['workers', workerMeta]] as const) {
    if (!meta) continue;
    for (const [file, output] of Object.entries(meta.outputs)) {
      if (file.endsWith('.map')) continue;
      console.log(`${name.padEnd(10)} ${relative(root, join(root, file)).padEnd(40)} ${(output.bytes / 1024).toFixed(1).padStart(8)} KiB`);
    }
  }
  // electron-builder ships `dependencies` only: a package the main bundle imports must be declared there.
  const declared = new Set(Object.keys((JSON.parse(readFileSync(at('package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}));
  const builtins = new Set(builtinModules);
  const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  const runtime = [mainMeta, workerMeta].flatMap((m) => (m ? externalImports(m) : []));
  const packages = [...new Set(runtime.filter((s) => !s.startsWith('node:') && !builtins.has(s)).map(packageOf))].sort();
  const undeclared = packages.filter((p) => p !== 'electron' && !declared.has(p));
  console.log(`main imports at run time: ${packages.join(', ')}`);
  if (undeclared.length) throw new Error(`not in package.json dependencies, so missing from the package: ${undeclared.join(', ')}`);
  if (!existsSync(at('dist/renderer/index.html'))) {
    console.log(`note: ${relative(root, at('dist/renderer/index.html'))} is missing; run \`npm run build\` before packaging`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
