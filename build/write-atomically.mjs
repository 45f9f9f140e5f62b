// Shared by the CLI build (build/cli-build.mjs) and the renderer build (main/host/renderer-build.ts). Plain
// JavaScript, as cli-build.mjs must run before anything is compiled.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file under a temporary name and renames it: a process reading it meanwhile (a CLI starting, a host
 * serving the renderer) sees the old or the new file, never half of one.
 */
export function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
