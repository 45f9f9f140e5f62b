import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedHost {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A host in a process of its own, as a branch PC runs it (the measuring client must not share its event loop):
 * `node [HOST_NODE_ARGS] ...args` from the project root, ready once its output matches `ready` (group 1: its URL).
 * `env` is added to this process's environment. HOST_NODE_ARGS lets a profile be taken of the host alone (e.g. `--cpu-prof`).
 */
export async function spawnHost(args: string[], ready: RegExp, env?: Record<string, string>): Promise<SpawnedHost> {
  const nodeArgs = process.env.HOST_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const m = ready.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `jingwei branch` with the demo data, as `npm start` runs it. */
export const spawnDemoBranch = (dataDir: string): Promise<SpawnedHost> =>
  spawnHost(['bin/jingwei.js', 'branch', '--data', dataDir, '--port', '0', '--seed-demo'], /Jingwei branch host: (\S+)/);
