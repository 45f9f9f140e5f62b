import { validateResidentId } from '../identity/resident-id';
import type { PriorityKind, QueueService } from './config';

/** The branch's calendar day of an instant: numbers restart at local midnight, not UTC midnight. */
export function businessDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Local hour 0–23 of an instant, for the by-hour statistics. */
export function localHour(at: Date, utcOffsetMinutes: number): number {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).getUTCHours();
}

/** A001: at least three digits, more when the range needs them. */
export function formatTicketNumber(service: Pick<QueueService, 'prefix' | 'rangeEnd'>, seq: number): string {
  const width = Math.max(3, String(service.rangeEnd).length);
  return `${service.prefix}${String(seq).padStart(width, '0')}`;
}

/**
 * The next number of the day after `lastSeq` (null when none issued yet), or null when the range is used up:
 * re-issuing a number the hall has already heard today would send two customers to one counter.
 */
export function nextSeq(service: Pick<QueueService, 'rangeStart' | 'rangeEnd'>, lastSeq: number | null): number | null {
  const next = lastSeq === null ? service.rangeStart : Math.max(lastSeq + 1, service.rangeStart);
  return next > service.rangeEnd ? null : next;
}

/** Document id of a ticket. The number itself is the key, so the same number can never be written twice a day. */
export function ticketDocId(day: string, number: string): string {
  return `queue-ticket:${day}:${number}`;
}

/** Age in whole years on `today` from a birth date 'YYYY-MM-DD'. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export type IdCardPriority = { ok: true; priority: PriorityKind | null; age: number } | { ok: false; rule: string };

/** Reading the ID card at the kiosk marks senior customers for priority service without asking them. */
export function priorityFromIdCard(idNumber: string, now: Date, elderAge: number, utcOffsetMinutes: number): IdCardPriority {
  const id = validateResidentId(idNumber, now);
  if (!id.ok) return { ok: false, rule: id.rule };
  const age = ageOn(id.birthDate, businessDay(now, utcOffsetMinutes));
  return { ok: true, age, priority: elderAge > 0 && age >= elderAge ? 'elder' : null };
}
