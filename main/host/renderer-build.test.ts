import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore } from '../core/testing/test-core';
import { startBranchHost, type BranchHost } from './branch-host';
import { buildRenderer, writeBuild } from './renderer-build';

const BUILDER = new URL('./renderer-build.ts', import.meta.url).pathname;

/** A small vite project standing in for renderer/: a page, its script and a file in public/. */
function makeProject(dir: string) {
  mkdirSync(join(dir, 'public'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="hall"></div><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(join(dir, 'public/favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const config = { configFile: false as const, root: dir, base: './', logLevel: 'silent' as const, build: { outDir: join(dir, 'dist') } };
  return { config, outDir: join(dir, 'dist'), setScript: (text: string) => writeFileSync(join(dir, 'main.js'), `document.title = ${JSON.stringify(text)};\n`) };
}

/** Another host of the same checkout starting after a source changed: it rebuilds in a process of its own. */
function rebuildInAnotherProcess(config: object): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(BUILDER)}); await m.buildRenderer(${JSON.stringify(config)});`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((done) => child.once('exit', done));
}

const scriptOf = (html: string) => /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];

describe('renderer build while a host serves it', () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof createTestCore>>;
  let host: BranchHost;
  let project: ReturnType<typeof makeProject>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jw-renderer-build-'));
    project = makeProject(dir);
    project.setScript('v1');
    await buildRenderer(project.config);
    t = await createTestCore();
    host = await startBranchHost({ core: t.core, staticDir: project.outDir });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the hall page and its script keep being served while another process rebuilds, and the new page follows', async () => {
    const page = async () => {
      const res = await fetch(`${host.url}?role=hall`);
      return { status: res.status, html: await res.text() };
    };
    const before = await page();
    const oldScript = scriptOf(before.html);
    expect(before.status).toBe(200);
    expect(oldScript).toBeDefined();

    project.setScript('v2');
    let finished = false;
    const rebuilt = rebuildInAnotherProcess(project.config).finally(() => (finished = true));
    const seen: string[] = [];
    while (!finished) {
      const { status, html } = await page();
      const script = scriptOf(html);
      const scriptStatus = script ? (await fetch(`${host.url}${script}`)).status : 0;
      seen.push(`${status}/${scriptStatus}`);
    }
    expect(await rebuilt).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== '200/200')).toEqual([]);

    const after = await page();
    const newScript = scriptOf(after.html)!;
    expect(newScript).not.toBe(oldScript);
    expect(await (await fetch(`${host.url}${newScript}`)).text()).toContain('v2');
    // A hall display that loaded the page before the rebuild still gets the script that page names.
    expect((await fetch(`${host.url}${oldScript}`)).status).toBe(200);
    expect((await fetch(`${host.url}favicon.svg`)).status).toBe(200);
  }, 180_000);
});

describe('writeBuild', () => {
  it('keeps files of earlier builds for an hour, then removes them; dates index.html when the build started', () => {
    const out = mkdtempSync(join(tmpdir(), 'jw-write-build-'));
    try {
      mkdirSync(join(out, 'assets'));
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
      writeFileSync(join(out, 'assets/old-yesterday.js'), 'old');
      utimesSync(join(out, 'assets/old-yesterday.js'), hoursAgo(20), hoursAgo(20));
      writeFileSync(join(out, 'assets/old-recent.js'), 'recent');
      utimesSync(join(out, 'assets/old-recent.js'), hoursAgo(0.5), hoursAgo(0.5));
      const startedAt = Date.now() - 5_000;
      writeBuild(out, [{ fileName: 'index.html', contents: '<script src="./assets/new.js"></script>' }, { fileName: 'assets/new.js', contents: new Uint8Array([1, 2]) }], startedAt);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('new.js');
      expect([...readFileSync(join(out, 'assets/new.js'))]).toEqual([1, 2]);
      expect(existsSync(join(out, 'assets/old-recent.js'))).toBe(true);
      expect(existsSync(join(out, 'assets/old-yesterday.js'))).toBe(false);
      expect(Math.round(statSync(join(out, 'index.html')).mtimeMs)).toBe(startedAt);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
