import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../identity/resident-id';
import { businessDay, formatTicketNumber, localHour, nextSeq, priorityFromIdCard, ticketDocId } from './numbering';

const id = (body17: string) => body17 + residentIdCheckChar(body17);

describe('queue numbering', () => {
  it('uses the branch day, not the UTC day', () => {
    // 16:30 UTC is 00:30 the next day in Beijing: a new day, numbers restart.
    expect(businessDay(new Date('2026-11-30T15:59:59Z'), 480)).toBe('2026-11-30');
    expect(businessDay(new Date('2026-11-30T16:30:00Z'), 480)).toBe('2026-12-01');
    expect(localHour(new Date('2026-11-30T01:15:00Z'), 480)).toBe(9);
  });

  it('formats numbers with the prefix and at least three digits', () => {
    expect(formatTicketNumber({ prefix: 'A', rangeEnd: 999 }, 1)).toBe('A001');
    expect(formatTicketNumber({ prefix: 'C', rangeEnd: 999 }, 57)).toBe('C057');
    expect(formatTicketNumber({ prefix: 'V', rangeEnd: 1999 }, 12)).toBe('V0012');
    expect(ticketDocId('2026-11-30', 'A001')).toBe('queue-ticket:2026-11-30:A001');
  });

  it('continues after the last number and stops at the end of the range instead of reusing numbers', () => {
    const range = { rangeStart: 101, rangeEnd: 103 };
    expect(nextSeq(range, null)).toBe(101);
    expect(nextSeq(range, 101)).toBe(102);
    expect(nextSeq(range, 103)).toBeNull();
    // A range moved up mid-day never goes back below numbers already issued.
    expect(nextSeq({ rangeStart: 1, rangeEnd: 999 }, 40)).toBe(41);
  });

  it('marks elderly customers from the ID card and refuses an invalid card', () => {
    const now = new Date('2026-11-30T02:00:00Z');
    const elder = priorityFromIdCard(id('14108119551130001'), now, 65, 480);
    expect(elder).toEqual({ ok: true, age: 71, priority: 'elder' });
    // Turns 65 tomorrow: not yet.
    expect(priorityFromIdCard(id('14108119611201001'), now, 65, 480)).toEqual({ ok: true, age: 64, priority: null });
    expect(priorityFromIdCard(id('14108119611201001'), now, 0, 480)).toMatchObject({ priority: null });
    expect(priorityFromIdCard('141081195511300010', now, 65, 480)).toEqual({ ok: false, rule: 'checkDigit' });
  });
});
