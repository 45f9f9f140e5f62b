import { readFileSync, readlinkSync } from 'node:fs';

/** The unit of /proc's utime and stime fields (USER_HZ): 100 on every Linux, whatever the kernel's own tick. */
const USER_HZ = 100;

/** The calling thread's id as the kernel knows it (Linux), for {@link threadCpuMs} from another thread. */
export function ownThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/**
 * Processor time (user + system, ms) thread `tid` of this process has had so far — read from outside, so it is
 * known even while that thread is stuck in a loop. Undefined where /proc is missing or the thread has ended.
 */
export function threadCpuMs(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The thread's name (field 2) may hold spaces and parentheses: count from after its closing one (field 3 on).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}
