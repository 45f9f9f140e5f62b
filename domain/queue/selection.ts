import type { PriorityKind, QueueCounter } from './config';

export interface Candidate {
  id: string;
  number: string;
  service: string;
  priority: PriorityKind | null;
  front: boolean;
  targetCounter: number | null;
  /** Epoch ms when the ticket entered its current line. */
  queuedAtMs: number;
  seq: number;
}

export interface SelectOptions {
  nowMs: number;
  /** How many of this counter's most recent calls in a row were priority customers. */
  priorityStreak: number;
  maxPriorityStreak: number;
  /** Call only this service (it must be in the counter's mix; the caller checks and names the rule). */
  onlyService?: string;
}

/**
 * Which waiting ticket a counter calls next. The rule, in order:
 * 1. only tickets of the counter's services, and not ones transferred to another counter;
 * 2. transferred tickets first (they have already waited once): those sent to this very counter, then the rest,
 *    each by transfer time;
 * 3. then priority customers (VIP, elderly, disabled, pregnant, military) before ordinary ones — but never more
 *    than `maxPriorityStreak` in a row while an ordinary customer waits, so ordinary customers are not starved;
 * 4. within a group the longest wait scaled by the service's weight at this counter wins (a weight-2 service's
 *    customer counts as having waited twice as long); ties go to the lower number.
 */
export function selectNext(candidates: readonly Candidate[], counter: QueueCounter, opts: SelectOptions): Candidate | null {
  const weights = new Map(counter.services.map((w) => [w.service, w.weight]));
  const eligible = candidates.filter(
    (c) => weights.has(c.service) && (opts.onlyService === undefined || c.service === opts.onlyService)
      && (c.targetCounter === null || c.targetCounter === counter.no),
  );
  if (!eligible.length) return null;

  const fronts = eligible.filter((c) => c.front);
  if (fronts.length) {
    return fronts.reduce((best, c) => {
      const mine = (x: Candidate) => (x.targetCounter === counter.no ? 0 : 1);
      if (mine(c) !== mine(best)) return mine(c) < mine(best) ? c : best;
      return c.queuedAtMs < best.queuedAtMs || (c.queuedAtMs === best.queuedAtMs && c.seq < best.seq) ? c : best;
    });
  }

  const priority = eligible.filter((c) => c.priority !== null);
  const ordinary = eligible.filter((c) => c.priority === null);
  const group = priority.length && (opts.priorityStreak < opts.maxPriorityStreak || !ordinary.length) ? priority : ordinary;

  const score = (c: Candidate) => Math.max(0, opts.nowMs - c.queuedAtMs) * (weights.get(c.service) ?? 1);
  return group.reduce((best, c) => {
    const sc = score(c);
    const sb = score(best);
    if (sc !== sb) return sc > sb ? c : best;
    if (c.queuedAtMs !== best.queuedAtMs) return c.queuedAtMs < best.queuedAtMs ? c : best;
    return c.seq < best.seq ? c : best;
  });
}

/** Who is waiting in one service's line: everyone, and those already ahead of any newcomer (front or priority). */
export interface LineCount {
  total: number;
  frontOrPriority: number;
}

export function lineCount(waiting: readonly Pick<Candidate, 'service' | 'priority' | 'front'>[], service: string): LineCount {
  const mine = waiting.filter((c) => c.service === service);
  return { total: mine.length, frontOrPriority: mine.filter((c) => c.front || c.priority !== null).length };
}

/**
 * How many tickets stand before a new ticket with `priority`: everyone transferred to the front and every priority
 * customer, plus — for an ordinary customer — every ordinary customer already waiting.
 */
export function peopleAhead(line: LineCount, priority: PriorityKind | null): number {
  return priority === null ? line.total : line.frontOrPriority;
}
