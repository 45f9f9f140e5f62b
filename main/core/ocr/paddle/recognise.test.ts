import { describe, expect, it } from 'vitest';
import type { CtcChar } from './ctc';
import { surer } from './recognise';

const reading = (s: string, probs: number[]): CtcChar[] => [...s].map((ch, i) => ({ ch, prob: probs[i]!, at: i }));

describe('choosing between two readings of a line', () => {
  it('at equal length keeps the surer one', () => {
    expect(surer(reading('冯桐雅', [0.99, 0.9, 0.95]), reading('冯相雅', [0.99, 0.4, 0.95]))).toBe(true);
    expect(surer(reading('冯相雅', [0.99, 0.4, 0.95]), reading('冯桐雅', [0.99, 0.9, 0.95]))).toBe(false);
  });

  it('does not take a reading that dropped a weak character for a surer one', () => {
    // The mean of the shorter is higher, but it says less: the dropped 桐 was read at 0.3.
    expect(surer(reading('冯雅', [0.99, 0.97]), reading('冯桐雅', [0.99, 0.3, 0.95]))).toBe(false);
    expect(surer(reading('冯桐雅', [0.99, 0.3, 0.95]), reading('冯雅', [0.99, 0.97]))).toBe(true);
  });

  it('drops a character so faint that its absence is likelier', () => {
    expect(surer(reading('冯雅', [0.99, 0.97]), reading('冯丶雅', [0.99, 0.03, 0.95]))).toBe(true);
  });

  it('prefers any reading to none', () => {
    expect(surer(reading('冯', [0.2]), [])).toBe(true);
  });
});
