import { describe, expect, it } from 'vitest';
import { orderedPool } from './ordered-pool';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ordered pool', () => {
  it('runs work concurrently but reports completions in order', async () => {
    const done: number[] = [];
    let running = 0;
    let most = 0;
    await orderedPool([30, 5, 20, 1], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await later(ms);
      running--;
      return ms;
    }, (r) => void done.push(r));
    expect(done).toEqual([30, 5, 20, 1]);
    expect(most).toBe(2);
  });

  it('on a failure cancels the rest, waits for what runs, reports nothing after the gap and throws the first error', async () => {
    const done: number[] = [];
    const cancelled: number[] = [];
    const run = orderedPool([1, 2, 3, 4], 2, async (n, signal) => {
      if (n === 2) throw new Error('cut');
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, 50);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          cancelled.push(n);
          reject(new Error('cancelled'));
        });
      });
      return n;
    }, (r) => void done.push(r));
    await expect(run).rejects.toThrow('cut');
    expect(done).toEqual([]);
    expect(cancelled).toEqual([1]);
  });
});
