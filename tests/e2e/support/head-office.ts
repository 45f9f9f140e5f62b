import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './host';

export interface HeadOffice {
  /** What a branch device is configured with: the server URL and its device user. */
  remote: { url: string; username: string; password: string };
  /** The server admin: test set-up writes what head office's own services would (core banking's accounts). */
  admin: { name: string; password: string };
  dispose(): Promise<void>;
}

/** The demo head office (sync server with branch HM01 and one device user provisioned) on loopback, in a child process. */
export function startHeadOffice(): Promise<HeadOffice> {
  const dir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-ho-'));
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/e2e/support/head-office-main.ts', dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const dispose = () =>
    new Promise<void>((done) => {
      const finish = () => {
        rmSync(dir, { recursive: true, force: true });
        done();
      };
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        finish();
      });
      child.kill('SIGTERM');
    });
  return new Promise((done, fail) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const m = /HEAD_OFFICE (\{.*\})\n/.exec(buffer);
      if (m) done({ ...(JSON.parse(m[1]!) as Pick<HeadOffice, 'remote' | 'admin'>), dispose });
    });
    child.stderr.on('data', (c: Buffer) => log.push(c.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`head office exited with code ${code} before it was ready:\n${log.join('')}`)));
  });
}
