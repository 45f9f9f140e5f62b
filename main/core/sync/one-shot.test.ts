import { describe, expect, it } from 'vitest';
import { END_OF_DAY_PHASES, runPhases } from './one-shot';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runPhases', () => {
  it('runs the first push alone, then the pulls beside the remaining pushes, each line in its order', async () => {
    const log: string[] = [];
    const running = new Set<string>();
    const overlaps: string[][] = [];
    await runPhases(END_OF_DAY_PHASES, async (i) => {
      const phase = END_OF_DAY_PHASES[i]!;
      running.add(phase);
      overlaps.push([...running].sort());
      log.push(`start ${phase}`);
      await tick();
      await tick();
      running.delete(phase);
      log.push(`end ${phase}`);
    }, new AbortController().signal);
    // Records first: nothing starts before push-docs has finished.
    expect(log.slice(0, 2)).toEqual(['start push-docs', 'end push-docs']);
    expect(log.indexOf('start push-blobs')).toBeGreaterThan(log.indexOf('end push-docs'));
    expect(log.indexOf('start pull-blobs')).toBeGreaterThan(log.indexOf('end pull-docs'));
    // The pull of records runs while the scans go up.
    expect(overlaps).toContainEqual(['pull-docs', 'push-blobs']);
  });

  it('stops the other line at the first failure and throws that failure', async () => {
    const started: string[] = [];
    let blobsSawAbort = false;
    const failure = new Error('pull refused');
    await expect(
      runPhases(END_OF_DAY_PHASES, async (i, signal) => {
        const phase = END_OF_DAY_PHASES[i]!;
        started.push(phase);
        if (phase === 'pull-docs') throw failure;
        if (phase === 'push-blobs') {
          await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
          blobsSawAbort = true;
          throw new Error('interrupted');
        }
      }, new AbortController().signal),
    ).rejects.toBe(failure);
    expect(blobsSawAbort).toBe(true);
    expect(started).not.toContain('pull-blobs');
  });

  it('keeps a list whose first phase is a pull in order: the pull first, then the push', async () => {
    const log: string[] = [];
    await runPhases(['pull-all', 'push-all'], async (i) => {
      log.push(`start ${i}`);
      await tick();
      log.push(`end ${i}`);
    }, new AbortController().signal);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
  });
});
