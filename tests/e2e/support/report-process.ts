import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './host';

export interface ReportProcess {
  /** The dashboard's address; the IT console is `${url}/it`. */
  url: string;
  pid: number;
  dispose(): Promise<void>;
}

/**
 * `jingwei report` (head office's dashboard and IT console) following `remote` as its server admin, on loopback;
 * `args` adds options (e.g. `--feed-data DIR`, head office's ledger for /value's points).
 */
export async function startReportProcess(remote: string, admin: { name: string; password: string }, env: Record<string, string> = {}, args: string[] = []): Promise<ReportProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jingwei-e2e-report-'));
  const child = spawn(process.execPath, ['bin/jingwei.js', 'report', '--remote', remote, '--data', dataDir, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, JINGWEI_ADMIN_USER: admin.name, JINGWEI_ADMIN_PASSWORD: admin.password, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const dispose = () =>
    new Promise<void>((done) => {
      const finish = () => {
        rmSync(dataDir, { recursive: true, force: true });
        done();
      };
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      child.once('exit', finish);
      child.kill('SIGTERM');
    });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Head-office dashboard: (http:\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.stderr.on('data', (c: Buffer) => void (out += c.toString()));
    child.once('exit', (code) => fail(new Error(`jingwei report exited ${code}: ${out}`)));
  });
  return { url, pid: child.pid!, dispose };
}
