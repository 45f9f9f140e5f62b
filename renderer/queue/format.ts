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

/** Clock time of an ISO instant, HH:MM, in the branch's time zone. */
export const clockTime = (iso: string): string => showTime(iso);

/** A request id the core uses to answer a retried action once (the LAN may drop the reply, not the request). */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
