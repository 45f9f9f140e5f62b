import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const URL_LINE = /Jingwei branch host: (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 180_000;

export interface HostProcess {
  url: string;
  dataDir: string;
  /** Stops the process (SIGTERM, as an operator would) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops and starts again on the same data folder and port: "close the app and open it again". */
  restart(): Promise<void>;
  /** Stops and deletes the data folder. */
  dispose(): Promise<void>;
  output(): string;
}

/** Extra flags and environment for `jingwei branch`, e.g. a counter PC's `--queue-host` and its counter key. */
export interface HostOptions {
  args?: string[];
  env?: Record<string, string>;
  /**
   * 'demo': `jingwei demo` — the branch host syncing with an embedded head office that runs the identity service
   * (what `npm start` runs); default `jingwei branch --seed-demo`, standalone.
   */
  command?: 'branch' | 'demo';
  /** A data folder prepared beforehand (e.g. enrolled with `jingwei enrol`); default a fresh temporary one. */
  dataDir?: string;
}

function launch(dataDir: string, port: number, log: string[], opts: HostOptions): Promise<{ child: ChildProcess; url: string }> {
  // No months of history unless a spec asks for it (--demo-days N): seeding them takes tens of seconds.
  const days = opts.args?.includes('--demo-days') ? [] : ['--demo-days', '0'];
  const command = opts.command === 'demo'
    ? ['demo', '--data', dataDir, '--port', String(port), '--server-port', '0', '--no-window', ...days]
    : ['branch', '--data', dataDir, '--port', String(port), '--seed-demo', ...days];
  const child = spawn(process.execPath, ['bin/jingwei.js', ...command, ...(opts.args ?? [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...opts.env },
  });
  return new Promise((done, fail) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`branch host did not print its URL within ${START_TIMEOUT_MS} ms:\n${log.join('')}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log.push(text);
      buffer += text;
      const m = URL_LINE.exec(buffer);
      if (m) {
        clearTimeout(timer);
        done({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => log.push(c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`branch host exited with code ${code} before it was ready:\n${log.join('')}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `jingwei branch` on a fresh temporary data folder with the demo staff and customers. */
export async function startHost(opts: HostOptions = {}): Promise<HostProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'jingwei-e2e-'));
  const log: string[] = [];
  let { child, url } = await launch(dataDir, 0, log, opts);
  const port = Number(new URL(url).port);
  return {
    get url() {
      return url;
    },
    dataDir,
    stop: () => stopChild(child),
    async restart() {
      await stopChild(child);
      ({ child, url } = await launch(dataDir, port, log, opts));
    },
    async dispose() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => log.join(''),
  };
}
