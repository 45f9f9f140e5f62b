import { describe, expect, it } from 'vitest';
import { addDays, branchDay, branchDayBounds, formatDate, formatDateTime, formatTime, isTimeZone, parseDay } from './branch-time';

describe('branch time', () => {
  it('shows an instant in the branch time zone, not UTC or the PC', () => {
    // 16:30 UTC is already the next morning in 侯马.
    expect(formatDateTime('2026-03-04T16:30:05Z', 'Asia/Shanghai')).toBe('2026-03-05 00:30');
    expect(formatDateTime('2026-03-04T16:30:05Z', 'Asia/Shanghai', true)).toBe('2026-03-05 00:30:05');
    expect(formatDate('2026-03-04T16:30:05Z', 'Asia/Shanghai')).toBe('2026-03-05');
    expect(formatTime('2026-03-04T01:02:03Z', 'Asia/Shanghai')).toBe('09:02');
    expect(formatDateTime('2026-03-04T16:30:05Z', 'UTC')).toBe('2026-03-04 16:30');
    expect(branchDay(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(formatDateTime(null, 'Asia/Shanghai')).toBe('—');
    expect(formatDateTime('garbage', 'Asia/Shanghai')).toBe('—');
  });

  it('reads the ways a date is typed and refuses days that do not exist', () => {
    expect(parseDay('2026-3-5')).toBe('2026-03-05');
    expect(parseDay('2026/03/05')).toBe('2026-03-05');
    expect(parseDay('20260305')).toBe('2026-03-05');
    expect(parseDay('2026年3月5日')).toBe('2026-03-05');
    expect(parseDay('２０２６－０３－０５')).toBe('2026-03-05');
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('03/05/2026')).toBeNull();
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('gives the instants a branch day covers, across a change of offset too', () => {
    expect(branchDayBounds('2026-03-05', 'Asia/Shanghai')).toEqual({ from: '2026-03-04T16:00:00.000Z', to: '2026-03-05T16:00:00.000Z' });
    // New York moves its clocks forward on 2026-03-08: a 23-hour day.
    expect(branchDayBounds('2026-03-08', 'America/New_York')).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });
});
