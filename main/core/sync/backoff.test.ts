import { describe, expect, it } from 'vitest';
import { backoffFunction } from './backoff';

describe('replication back-off', () => {
  it('starts near the base delay after a success (PouchDB passes 0)', () => {
    const next = backoffFunction({ baseMs: 1000, capMs: 60_000, random: () => 0.5 });
    expect(next(0)).toBe(1500);
  });

  it('grows roughly exponentially and never exceeds the cap', () => {
    const next = backoffFunction({ baseMs: 1000, capMs: 30_000, random: () => 0.9 });
    const seen: number[] = [];
    let d = 0;
    for (let i = 0; i < 12; i++) {
      d = next(d);
      seen.push(d);
    }
    expect(seen[1]!).toBeGreaterThan(seen[0]!);
    expect(seen[3]!).toBeGreaterThan(seen[1]! * 2);
    expect(Math.max(...seen)).toBeLessThanOrEqual(30_000);
    expect(seen.at(-1)).toBeGreaterThan(25_000);
  });

  it('spreads retries of different devices (jitter)', () => {
    const next = backoffFunction({ baseMs: 1000, capMs: 60_000 });
    const delays = new Set(Array.from({ length: 20 }, () => next(8000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(24_000);
    }
  });
});
