import { describe, expect, it } from 'vitest';
import { earlierCalls } from './format';

describe('earlierCalls', () => {
  it('lists a recalled ticket once, and never the call shown large', () => {
    const calls = [
      { ticketId: 'A001', at: '3' }, // the recall, shown large
      { ticketId: 'B001', at: '2' },
      { ticketId: 'A001', at: '1' }, // its first call
      { ticketId: 'A002', at: '0' },
    ];
    expect(earlierCalls(calls, 5).map((c) => c.ticketId)).toEqual(['B001', 'A002']);
    expect(earlierCalls(calls, 1).map((c) => c.ticketId)).toEqual(['B001']);
    expect(earlierCalls([], 5)).toEqual([]);
  });
});
