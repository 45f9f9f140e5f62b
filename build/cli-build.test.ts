import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { changedSince, CLI_DIR } from './cli-build.mjs';

const REPO = resolve(import.meta.dirname, '..');

describe('compiled jingwei command', () => {
  it('runs from dist/cli without tsx and lists every subcommand', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/jingwei.js'), '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['demo', 'branch', 'schedule', 'server', 'couchdb-setup', 'ocr', 'sync']) expect(r.stdout).toContain(`  ${name} `);
    const inputs = (JSON.parse(readFileSync(join(CLI_DIR, 'inputs.json'), 'utf8')) as { inputs: string[] }).inputs;
    expect(inputs).toContain('main/cli/index.ts');
    expect(inputs.some((f) => f.includes('node_modules'))).toBe(false);
    expect(readFileSync(join(CLI_DIR, 'jingwei.mjs'), 'utf8')).not.toMatch(/from ["']tsx/);
  });

  it('ships every file the compiled code opens beside itself (worker entries), wherever the bundler put that code', () => {
    for (const dir of [CLI_DIR, join(CLI_DIR, 'chunks')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs') || f.endsWith('.js'))) {
        for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/new URL\("(\.\/[^"]+)", import\.meta\.url\)/g)) {
          expect(existsSync(join(dir, m[1]!)), `${file} opens ${m[1]}`).toBe(true);
        }
      }
    }
  });

  it('counts a source saved after the build started as stale, and a removed one too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jw-cli-build-'));
    try {
      writeFileSync(join(dir, 'a.ts'), 'export {}');
      const startedAt = Date.now();
      utimesSync(join(dir, 'a.ts'), new Date(startedAt - 10_000), new Date(startedAt - 10_000));
      expect(changedSince({ startedAt, inputs: ['a.ts'] }, dir)).toBeNull();
      utimesSync(join(dir, 'a.ts'), new Date(startedAt + 1_000), new Date(startedAt + 1_000));
      expect(changedSince({ startedAt, inputs: ['a.ts'] }, dir)).toBe('a.ts changed');
      expect(changedSince({ startedAt, inputs: ['gone.ts'] }, dir)).toBe('gone.ts was removed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
