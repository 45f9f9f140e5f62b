import { addDays, toEpochDay } from '../credit/dates';

/**
 * The bank's working calendar: Monday to Friday, less the State Council's public holidays, plus the weekend days
 * it declares working days (调休). Head office publishes both lists with the rule set each year.
 */
export interface WorkingCalendar {
  holidays: readonly string[];
  workingWeekendDays: readonly string[];
}

export const WEEKDAYS_ONLY: WorkingCalendar = { holidays: [], workingWeekendDays: [] };

/** 1970-01-01 was a Thursday: epoch day 0 → weekday 4 (0 = Sunday). */
const weekday = (date: string): number => (((toEpochDay(date) + 4) % 7) + 7) % 7;

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (cal.holidays.includes(date)) return false;
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return cal.workingWeekendDays.includes(date);
  return true;
}

/**
 * The date `n` working days after `from` (限时办结: an event raised on Friday with 3 working days is due on
 * Wednesday). `from` itself never counts, so n = 0 is `from`.
 */
export function addWorkingDays(from: string, n: number, cal: WorkingCalendar): string {
  let date = from;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date, cal)) left--;
  }
  return date;
}
