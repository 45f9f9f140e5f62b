import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';
import { processCpuMs } from './stats';

/**
 * The branches-load bench's devices, spread over client processes of their own (bench/support/load-clients-main.ts):
 * the clients no longer share the bench's event loop, and their CPU is read apart from the server's. Started once,
 * loaded before any timing, reused for every server of the run.
 */

export interface LoadDevice { branch: string; user: string; dir: string }
export interface DeviceResult { user: string; ms: number; up: number; down: number; requests: number; errors: string[] }

const device = z.object({ branch: z.string(), user: z.string(), dir: z.string() });
export const clientCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), url: z.string().url(), password: z.string().nullable(), devices: z.array(device) }),
  z.object({ type: z.literal('go') }),
  z.object({ type: z.literal('close') }),
]);
const deviceResult = z.object({ user: z.string(), ms: z.number(), up: z.number(), down: z.number(), requests: z.number(), errors: z.array(z.string()) });
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('opened') }),
  z.object({ type: z.literal('done'), results: z.array(deviceResult) }),
  z.object({ type: z.literal('failed'), error: z.string() }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
type ClientCommand = z.infer<typeof clientCommand>;

export interface ClientPool {
  pids: number[];
  /** CPU (user + system) all client processes have used so far, ms. */
  cpuMs(): number;
  /** Opens every device's store (untimed), then starts all end-of-day runs at once; resolves when all are done. */
  endOfDay(url: string, password: string | null, devices: LoadDevice[], onStart: () => void): Promise<DeviceResult[]>;
  close(): Promise<void>;
}

function next(child: ChildProcess, want: ClientMessage['type']): Promise<ClientMessage> {
  return new Promise((done, fail) => {
    const onMessage = (raw: unknown) => {
      const m = clientMessage.parse(raw);
      cleanup();
      if (m.type === 'failed') fail(new Error(`client process ${child.pid}: ${m.error}`));
      else if (m.type !== want) fail(new Error(`client process ${child.pid}: ${m.type}, expected ${want}`));
      else done(m);
    };
    const onExit = (code: number | null) => {
      cleanup();
      fail(new Error(`client process ${child.pid} exited (${code}) waiting for ${want}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const tell = (child: ChildProcess, m: ClientCommand) => child.send(m);

export async function startClientPool(processes: number): Promise<ClientPool> {
  const main = resolve(import.meta.dirname, 'load-clients-main.ts');
  const children = Array.from({ length: processes }, () =>
    fork(main, [], { cwd: resolve(import.meta.dirname, '../..'), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((c) => next(c, 'ready')));
  return {
    pids: children.map((c) => c.pid!),
    cpuMs: () => children.reduce((s, c) => s + processCpuMs(c.pid!), 0),
    async endOfDay(url, password, devices, onStart) {
      // Round-robin, so each process holds devices of many branches, as many branches sync at once.
      const shares = children.map((_, i) => devices.filter((_, j) => j % children.length === i));
      await Promise.all(children.map((c, i) => {
        const opened = next(c, 'opened');
        tell(c, { type: 'open', url, password, devices: shares[i]! });
        return opened;
      }));
      const done = children.map((c) => next(c, 'done'));
      onStart();
      for (const c of children) tell(c, { type: 'go' });
      return (await Promise.all(done)).flatMap((m) => (m.type === 'done' ? m.results : []));
    },
    async close() {
      await Promise.all(children.map((c) => new Promise<void>((done) => {
        if (c.exitCode !== null) return done();
        c.once('exit', () => done());
        tell(c, { type: 'close' });
      })));
    },
  };
}
