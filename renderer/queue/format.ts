import { showTime } from '../format/time';
import type { PriorityKind } from '../../domain/queue/config';

type T = (key: string, params?: Record<string, string | number>) => string;

/** Minutes as shown to customers: never "0 min" for a real wait, and honest when there is no estimate. */
export function waitLabel(sec: number | null, t: T): string {
  if (sec === null) return t('queue.ui.waitUnknown');
  if (sec < 60) return t('queue.ui.waitNone');
  return t('queue.ui.waitMinutes', { min: Math.ceil(sec / 60) });
}

export function priorityLabel(p: PriorityKind | null, t: T): string {
  return p ? t(`queue.priority.${p}`) : '';
}

/**
 * The calls listed under 最近叫号, newest first: the latest is already shown large, and a recalled ticket is one
 * customer — listed once, at its latest call, not once per call.
 */
export function earlierCalls<C extends { ticketId: string }>(latestFirst: readonly C[], count: number): C[] {
  const seen = new Set<string>();
  const out: C[] = [];
  for (const c of latestFirst) {
    if (seen.has(c.ticketId)) continue;
    seen.add(c.ticketId);
    out.push(c);
  }
  return out.slice(1, 1 + count);
}

/** Clock time of an ISO instant, HH:MM, in the branch's time zone. */
export const clockTime = (iso: string): string => showTime(iso);

/** A request id the core uses to answer a retried action once (the LAN may drop the reply, not the request). */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
