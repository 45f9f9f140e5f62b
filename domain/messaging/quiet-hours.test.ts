import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, inQuietHours, nextSendableAt } from './quiet-hours';

// Asia/Shanghai is UTC+8: 21:00 local = 13:00Z, 08:00 local = 00:00Z.
describe('quiet hours 21:00–08:00 Beijing time', () => {
  it('knows the window across midnight', () => {
    expect(inQuietHours(new Date('2026-03-05T12:59:00Z'), DEFAULT_QUIET_HOURS)).toBe(false); // 20:59
    expect(inQuietHours(new Date('2026-03-05T13:00:00Z'), DEFAULT_QUIET_HOURS)).toBe(true); // 21:00
    expect(inQuietHours(new Date('2026-03-05T23:59:00Z'), DEFAULT_QUIET_HOURS)).toBe(true); // 07:59
    expect(inQuietHours(new Date('2026-03-06T00:00:00Z'), DEFAULT_QUIET_HOURS)).toBe(false); // 08:00
  });
  it('defers a message to 08:00 the next morning', () => {
    expect(nextSendableAt(new Date('2026-03-05T14:30:00Z'), DEFAULT_QUIET_HOURS).toISOString()).toBe('2026-03-06T00:00:00.000Z');
    expect(nextSendableAt(new Date('2026-03-05T22:10:00Z'), DEFAULT_QUIET_HOURS).toISOString()).toBe('2026-03-06T00:00:00.000Z');
    const day = new Date('2026-03-05T03:00:00Z');
    expect(nextSendableAt(day, DEFAULT_QUIET_HOURS)).toBe(day);
  });
});
