import type { Worker } from 'node:worker_threads';
import { threadCpuMs } from './thread-cpu';

export interface WorkerLimits {
  /** Processor time the worker's thread may use: what a runaway file burns, and a slow machine does not. */
  cpuMs: number;
  /** Hard cap on elapsed time, for a thread that never gets a share of the processor at all. */
  wallMs: number;
}

export type Overrun = { limit: 'cpu' | 'wall'; ms: number };

/** The first message a watched worker posts: its kernel thread id (thread-cpu.ts ownThreadId). */
export interface ThreadAnnouncement {
  tid: number;
}

export const isThreadAnnouncement = (m: unknown): m is ThreadAnnouncement =>
  typeof m === 'object' && m !== null && typeof (m as Partial<ThreadAnnouncement>).tid === 'number';

const POLL_MS = 250;

/**
 * Calls `onOverrun` once the worker has used more processor time, or more elapsed time, than `limits` allow;
 * returns the function that stops watching. `knownTid`: the thread of a worker that announced itself earlier. A wall-clock limit alone would refuse a sound file on a branch PC whose
 * two cores are busy with other work; counting the thread's own CPU time refuses only what keeps computing.
 * Until the worker has said which thread it is (or where threads cannot be measured: not Linux), the whole
 * process's CPU time stands in — it counts other threads' work too, so it errs towards refusing earlier, never
 * towards punishing a machine loaded by other programs.
 */
export function watchWorker(worker: Worker, limits: WorkerLimits, onOverrun: (o: Overrun) => void, knownTid?: number): () => void {
  const processStart = process.cpuUsage();
  let tid = knownTid;
  // A worker kept from an earlier job (table-import.ts) is charged from now on, not for what it did before.
  const threadStart = knownTid === undefined ? 0 : (threadCpuMs(knownTid) ?? 0);
  const onMessage = (m: unknown) => {
    if (isThreadAnnouncement(m)) tid = m.tid;
  };
  const cpuUsedMs = () => {
    const own = tid === undefined ? undefined : threadCpuMs(tid);
    if (own !== undefined) return own - threadStart;
    const used = process.cpuUsage(processStart);
    return (used.user + used.system) / 1000;
  };
  const stop = () => {
    clearInterval(poll);
    clearTimeout(wall);
    worker.off('message', onMessage);
  };
  const overrun = (o: Overrun) => {
    stop();
    onOverrun(o);
  };
  worker.on('message', onMessage);
  const poll = setInterval(() => {
    if (cpuUsedMs() > limits.cpuMs) overrun({ limit: 'cpu', ms: limits.cpuMs });
  }, Math.min(POLL_MS, limits.cpuMs));
  const wall = setTimeout(() => overrun({ limit: 'wall', ms: limits.wallMs }), limits.wallMs);
  return stop;
}
