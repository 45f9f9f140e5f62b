import { addDays, branchDay, DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatTime, isTimeZone } from '../../domain/time/branch-time';

// Set once at start-up from `system.info`, before the first screen renders (main.tsx): every screen then shows
// the branch's time, whatever time zone the PC or the browser is set to.
let zone = DEFAULT_TIME_ZONE;

export function setBranchTimeZone(name: string | undefined): void {
  if (name && isTimeZone(name)) zone = name;
}

/** "2026-03-05 14:07" (with seconds: "14:07:31") in the branch's time zone. */
export const showDateTime = (value: string | null | undefined, seconds = false): string => formatDateTime(value, zone, seconds);
/** "2026-03-05". */
export const showDate = (value: string | null | undefined): string => formatDate(value, zone);
/** "14:07". */
export const showTime = (value: string | null | undefined, seconds = false): string => formatTime(value, zone, seconds);
/** Today at the branch, "YYYY-MM-DD". */
export const branchToday = (): string => branchDay(new Date(), zone);
export { addDays };
