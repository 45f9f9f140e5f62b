import { formatDateTime } from '../time/branch-time';

/**
 * Hours in which customers are not messaged (the bank's collection rules: no collection messages at night).
 * `from`/`to` are local wall-clock times "HH:MM" in `timeZone`; a window may wrap midnight (21:00–08:00).
 */
export interface QuietHours {
  from: string;
  to: string;
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: '21:00', to: '08:00', timeZone: 'Asia/Shanghai' };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local minutes since midnight and the UTC offset (minutes) at `at` in the zone. */
function localClock(at: Date, timeZone: string): { minute: number; offset: number } {
  const text = formatDateTime(at, timeZone, true); // "2026-03-05 14:07:31"
  const wall = Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10), +text.slice(11, 13), +text.slice(14, 16), +text.slice(17, 19));
  return { minute: +text.slice(11, 13) * 60 + +text.slice(14, 16), offset: Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000) };
}

export function inQuietHours(at: Date, q: QuietHours): boolean {
  const { minute } = localClock(at, q.timeZone);
  const from = minutes(q.from);
  const to = minutes(q.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * The first instant at or after `at` outside the quiet hours. (Computed with the zone's offset at `at`; a
 * daylight-saving change inside the window would shift it by that hour — China has none.)
 */
export function nextSendableAt(at: Date, q: QuietHours): Date {
  if (!inQuietHours(at, q)) return at;
  const { minute } = localClock(at, q.timeZone);
  const to = minutes(q.to);
  const wait = (to - minute + 24 * 60) % (24 * 60);
  const start = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return new Date(start.getTime() + wait * 60_000);
}
