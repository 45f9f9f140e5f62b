import { setPriority } from 'node:os';

/** The nice value of a store's background threads (pulled slices, WAL checkpoints): below the thread serving requests. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread below the one serving the counter, so that on a machine whose cores are busy a
 * teller's request gets a core at once instead of waiting for a pull's slice to use up its share. On Linux a nice
 * value belongs to a thread (setpriority on "process 0" changes the calling thread only); elsewhere — on Windows it
 * would be the whole process's priority class — nothing is changed.
 */
export function lowerThisThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, BACKGROUND_NICE);
  } catch {
    // Not permitted: the thread keeps its priority.
  }
}
