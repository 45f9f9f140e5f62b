import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ownThreadId, threadCpuMs } from './thread-cpu';

describe.runIf(process.platform === 'linux')('threadCpuMs', () => {
  it("counts one thread's processor time, not the process's", async () => {
    const sleeper = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`,
      { eval: true },
    );
    try {
      const tid = await new Promise<number>((resolve) => sleeper.once('message', resolve));
      const mine = ownThreadId() as number;
      const [sleeperBefore, mineBefore] = [threadCpuMs(tid) as number, threadCpuMs(mine) as number];
      const until = process.cpuUsage();
      while (process.cpuUsage(until).user < 300_000); // this thread burns 300 ms of processor time
      expect((threadCpuMs(mine) as number) - mineBefore).toBeGreaterThanOrEqual(250);
      expect((threadCpuMs(tid) as number) - sleeperBefore).toBeLessThan(50);
    } finally {
      await sleeper.terminate();
    }
  }, 60_000);
});
