import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { watchWorker, type Overrun, type WorkerLimits } from './worker-watchdog';

/** A worker thread that says which kernel thread it is (as the import worker does), then runs `body`. */
function worker(body: string): Worker {
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.postMessage({ tid: Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()) });
     ${body}`,
    { eval: true },
  );
  started.push(w);
  return w;
}
const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

/** What happens first: the worker's 'done', or the watchdog's overrun. */
function outcome(w: Worker, limits: WorkerLimits): Promise<{ done: true } | Overrun> {
  return new Promise((resolve) => {
    const stop = watchWorker(w, limits, resolve);
    w.on('message', (m) => {
      if (m === 'done') {
        stop();
        resolve({ done: true });
      }
    });
  });
}

describe('watchWorker', () => {
  it('lets a slow but progressing worker finish although it takes far longer than its processor-time budget', async () => {
    // A thread that waits between small steps accrues elapsed time but almost no processor time — exactly what a
    // sound import experiences on a loaded PC, where it is runnable but seldom scheduled.
    const slow = worker(`
      const pause = new Int32Array(new SharedArrayBuffer(4));
      let sum = 0;
      for (let step = 0; step < 8; step++) {
        Atomics.wait(pause, 0, 0, 250);
        for (let i = 0; i < 1e5; i++) sum += i;
      }
      parentPort.postMessage('done');`);
    const t0 = Date.now();
    expect(await outcome(slow, { cpuMs: 500, wallMs: 60_000 })).toEqual({ done: true });
    // A wall-clock limit of the same size would have refused it.
    expect(Date.now() - t0).toBeGreaterThan(1500);
  }, 60_000);

  it('ends a runaway worker once it has used its processor time, however long the machine takes to give it that', async () => {
    const runaway = worker('for (;;) {}');
    expect(await outcome(runaway, { cpuMs: 500, wallMs: 120_000 })).toEqual({ limit: 'cpu', ms: 500 });
  }, 130_000);

  it('still ends, at the wall-clock cap, a worker that never finishes', async () => {
    const stuck = worker('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);');
    expect(await outcome(stuck, { cpuMs: 60_000, wallMs: 300 })).toEqual({ limit: 'wall', ms: 300 });
  }, 30_000);
});
