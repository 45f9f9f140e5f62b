// Compiles the `jingwei` command into dist/cli/ with esbuild, so that running it never waits for a TypeScript
// compiler (tsx took ~5 s idle and up to 45 s on a loaded machine at every start, and every sync retry paid it).
//
//   node build/cli-build.mjs          build (scripts/setup.sh runs this)
//   import { ensureCliBuilt }         what bin/jingwei.js calls: rebuilds first when a source is newer than the build
//
// Plain JavaScript on purpose: it must run before anything is compiled.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeAtomically } from './write-atomically.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIR = join(root, 'dist/cli');
export const CLI_ENTRY = join(CLI_DIR, 'jingwei.mjs');
const CHUNKS = join(CLI_DIR, 'chunks');
// Which sources the build was made from and when it started: a source saved during the build counts as newer.
const INPUTS = join(CLI_DIR, 'inputs.json');

/**
 * Worker threads are started from a file beside the module that starts them (`new URL('./x-entry.mjs',
 * import.meta.url)`); after bundling that module is one of the chunks in dist/cli/chunks/, so each worker is
 * compiled there too. The entry file picks the compiled worker when it exists (see main/core/ocr/ocr-worker-entry.mjs).
 */
const WORKERS = [
  { source: 'main/core/ocr/ocr-worker.ts', out: 'ocr-worker.js', entry: 'main/core/ocr/ocr-worker-entry.mjs' },
  { source: 'main/core/import/import-worker.ts', out: 'import-worker.js', entry: 'main/core/import/import-worker-entry.mjs' },
  // Head office IT's feed-import screen (jingwei report /it) applies core-banking files off the serving thread.
  { source: 'sync-server/feeds/feed-import-worker.ts', out: 'feed-import-worker.js', entry: 'sync-server/feeds/feed-import-worker-entry.mjs' },
  // The branch host stores pulled revisions on this thread (main/core/sync/replicator/replica-thread.ts).
  { source: 'main/core/sync/replicator/replica-thread-worker.ts', out: 'replica-thread-worker.js', entry: 'main/core/sync/replicator/replica-thread-worker-entry.mjs' },
  // Started by the OCR worker itself (PP-OCR's recognition network on a thread of its own).
  { source: 'main/core/ocr/paddle/recogniser-worker.ts', out: 'recogniser-worker.js', entry: 'main/core/ocr/paddle/recogniser-worker-entry.mjs' },
];

/** The first input of a build (paths relative to `base`) changed or removed since the build started, or null. */
export function changedSince(meta, base = root) {
  for (const file of meta.inputs) {
    let mtime;
    try {
      mtime = statSync(join(base, file)).mtimeMs;
    } catch {
      return `${file} was removed`;
    }
    if (mtime > meta.startedAt) return `${file} changed`;
  }
  return null;
}

/** Why the compiled CLI is out of date, or null when it is current. */
export function cliStaleReason() {
  try {
    statSync(CLI_ENTRY);
    return changedSince(JSON.parse(readFileSync(INPUTS, 'utf8')));
  } catch {
    return 'not built yet';
  }
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages load from node_modules as usual; native ones (better-sqlite3, sharp) cannot be bundled anyway.
    packages: 'external',
    absWorkingDir: root,
    sourcemap: 'linked',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    metafile: true,
    write: false,
  };
  // Split at each subcommand's dynamic import, so `jingwei schedule` loads neither fastify nor tesseract.
  const cli = await build({
    ...common,
    entryPoints: { jingwei: 'main/cli/index.ts' },
    outdir: CLI_DIR,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  });
  const workers = [];
  for (const w of WORKERS) {
    if (!existsSync(join(root, w.source))) continue;
    workers.push(await build({ ...common, entryPoints: [w.source], outfile: join(CHUNKS, w.out) }));
    writeAtomically(join(CHUNKS, relative(dirname(w.entry), w.entry)), readFileSync(join(root, w.entry)));
  }
  const outputs = [...workers, cli].flatMap((r) => r.outputFiles);
  // Chunks first and the entry last: a CLI starting meanwhile never finds an entry whose chunks are missing.
  outputs.sort((a, b) => Number(a.path === CLI_ENTRY) - Number(b.path === CLI_ENTRY));
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const inputs = new Set([...workers, cli].flatMap((r) => Object.keys(r.metafile.inputs)));
  for (const w of WORKERS) if (existsSync(join(root, w.entry))) inputs.add(w.entry);
  inputs.add('build/cli-build.mjs');
  writeAtomically(INPUTS, JSON.stringify({ startedAt, inputs: [...inputs].sort() }, null, 1));
  removeOldChunks(new Set(outputs.map((f) => f.path)));
  return { ms: Date.now() - startedAt, files: outputs.length };
}

/** Chunks of earlier builds, once no CLI started before this build can still be loading them. */
function removeOldChunks(keep) {
  const dir = CHUNKS;
  const hourAgo = Date.now() - 3_600_000;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const path = join(dir, name);
    if (!keep.has(path) && statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
  }
}

/** The compiled entry, rebuilt first if a source changed since it was built (a source checkout never runs stale code). */
export async function ensureCliBuilt() {
  const reason = cliStaleReason();
  if (reason) {
    process.stderr.write(`[jingwei] 正在编译命令行 compiling the command line (${reason})…\n`);
    await buildCli();
  }
  return pathToFileURL(CLI_ENTRY).href;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { ms, files } = await buildCli();
  console.log(`[build] dist/cli: ${files} files in ${ms} ms`);
}
