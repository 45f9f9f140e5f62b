/**
 * Dates and times as the branch reads them: in the branch's own time zone (not the PC's, not UTC) and in the
 * numeric Chinese formats of bank forms — 2026-03-05, 14:07, 2026-03-05 14:07:31 — whatever the screen language.
 * Documents keep ISO-8601 UTC; only what is shown goes through here.
 */

/** Every branch of the bank is in mainland China; a device may be configured otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

type Parts = { year: string; month: string; day: string; hour: string; minute: string; second: string };

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(date: Date, timeZone: string): Parts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  return out as Parts;
}

function toDate(value: string | Date | number): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** True for a time zone name the platform knows ("Asia/Shanghai"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "2026-03-05" — the branch's calendar day of an instant. */
export function formatDate(value: string | Date | number | null | undefined, timeZone: string): string {
  const d = value === null || value === undefined ? null : toDate(value);
  if (!d) return '—';
  const p = partsOf(d, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "14:07", or "14:07:31" with seconds. */
export function formatTime(value: string | Date | number | null | undefined, timeZone: string, seconds = false): string {
  const d = value === null || value === undefined ? null : toDate(value);
  if (!d) return '—';
  const p = partsOf(d, timeZone);
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** "2026-03-05 14:07", or with seconds. */
export function formatDateTime(value: string | Date | number | null | undefined, timeZone: string, seconds = false): string {
  const d = value === null || value === undefined ? null : toDate(value);
  if (!d) return '—';
  return `${formatDate(d, timeZone)} ${formatTime(d, timeZone, seconds)}`;
}

/** A calendar day "YYYY-MM-DD" that is not an instant (a contract's start date) shown as written: no shifting. */
export function formatCalendarDay(day: string | null | undefined): string {
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : '—';
}

/** The branch's calendar day now, "YYYY-MM-DD". */
export const branchDay = (now: Date, timeZone: string): string => formatDate(now, timeZone);

/** Typed "2026-3-5", "2026/03/05", "20260305" or "2026年3月5日" → "2026-03-05"; null when it is not a real date. */
export function parseDay(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A calendar day moved by whole days ("2026-03-01", -1 → "2026-02-28"). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant a branch day starts: midnight in `timeZone` (a zone's offset is found from its wall clock, twice for a change of offset). */
function dayStart(day: string, timeZone: string): Date {
  const wallAsUtc = (d: Date) => {
    const p = partsOf(d, timeZone);
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  };
  const midnight = Date.parse(`${day}T00:00:00Z`);
  let at = midnight - (wallAsUtc(new Date(midnight)) - midnight);
  at = midnight - (wallAsUtc(new Date(at)) - at);
  return new Date(at);
}

/** The instants [from, to) of a branch day, ISO-8601 UTC, for comparing with documents' times. */
export function branchDayBounds(day: string, timeZone: string): { from: string; to: string } {
  return { from: dayStart(day, timeZone).toISOString(), to: dayStart(addDays(day, 1), timeZone).toISOString() };
}

/**
 * Whether an instant (ISO-8601) happened by the end of the branch day `day`: T+1 boards count up to the branch's
 * midnight, not UTC's (from 00:00 to 08:00 in Beijing the UTC date is still the day before).
 */
export function byEndOfDay(day: string, timeZone: string): (iso: string) => boolean {
  const end = Date.parse(branchDayBounds(day, timeZone).to);
  return (iso) => Date.parse(iso) < end;
}
