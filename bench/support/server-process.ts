import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ServerProcess {
  url: string;
  /**
   * CPU time the server process has used so far (user + system, ms; Linux /proc). On a machine shared by many
   * jobs, wall time mostly measures waiting for a core; the CPU a server spends on the same work does not.
   */
  cpuMs(): number;
  /** The server's process id (CPU and memory are read from /proc by the load bench). */
  pid: number;
  close(): Promise<void>;
}

function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (clock ticks, 100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const REPO = resolve(import.meta.dirname, '../..');

/**
 * A server as head office runs it: its own process (so its event loop, heap and GC are not shared with the
 * client measured against it), started from `argv` (run by this Node), answering on the URL it prints first.
 */
export function startServerProcess(argv: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, argv, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((done, fail) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      const url = /^(https?:\/\/\S+)$/m.exec(out)?.[1];
      if (!url) return;
      child.stdout!.off('data', onData);
      done({
        url,
        cpuMs: () => cpuMsOf(child.pid),
        pid: child.pid!,
        close: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${argv.join(' ')} exited with ${code} before answering:\n${log}`)));
  });
}

/**
 * `jingwei server` (the compiled CLI head office runs) on a free port, or on `port` (head office back on its address
 * after an outage). SERVER_NODE_ARGS="--cpu-prof …" profiles it. `repo`: another checkout's CLI (an earlier build
 * measured side by side with this one).
 */
export const startJingweiServer = (dataDir: string, admin: { name: string; password: string }, port = 0, repo = REPO) =>
  startServerProcess([...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), resolve(repo, 'bin/jingwei.js'), 'server', '--port', String(port), '--data', dataDir], {
    JINGWEI_ADMIN_USER: admin.name,
    JINGWEI_ADMIN_PASSWORD: admin.password,
  });

/** pouchdb-server's core (express-pouchdb 4.2.0 on LevelDB, bench/support/express-peer.ts) on a free port. */
export const startPouchdbServer = (dataDir: string) =>
  startServerProcess(['--import', 'tsx', resolve(REPO, 'bench/support/express-peer-main.ts'), dataDir]);

/** The zero-work floor of the server comparison (bench/support/floor-server.ts) on a free port. */
export const startFloorServer = () => startServerProcess(['--import', 'tsx', resolve(REPO, 'bench/support/floor-server-main.ts')]);
