import { readFileSync } from 'node:fs';

/** Percentile by nearest rank over a copy, so callers can keep appending samples. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: number[]) {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) };
}

export const ms = (v: number) => `${v.toFixed(3)} ms`;

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc (Linux, USER_HZ = 100). */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * CPU time of one thread of a process (its main thread: `tid` = `pid`), in ms. What a host's main thread spends
 * is what its requests wait behind, however loaded the machine is.
 */
export function threadCpuMs(pid: number, tid = pid): number {
  return statCpuMs(`/proc/${pid}/task/${tid}/stat`);
}

function statCpuMs(file: string): number {
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time (user + system) this process has used since `from`, in ms. */
export function cpuSinceMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** Runs `fn` `runs` times in a row; wall and this process's CPU per run, summarized. */
export async function measureRuns(runs: number, fn: () => unknown | Promise<unknown>) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    await fn();
    wall.push(performance.now() - s);
    cpu.push(cpuSinceMs(c));
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
}
