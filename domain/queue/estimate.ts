import type { QueueCounter } from './config';

/**
 * Typical time a counter spends on one ticket of a service (call to finish), from the most recent served tickets:
 * the median, so one long loan interview does not swing every estimate. Falls back to the configured default
 * until `minSamples` tickets have been measured.
 */
export function typicalServiceSec(recentSec: readonly number[], fallbackSec: number, minSamples = 3): number {
  const xs = recentSec.filter((x) => Number.isFinite(x) && x >= 0).slice().sort((a, b) => a - b);
  if (xs.length < minSamples) return fallbackSec;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : Math.round((xs[mid - 1]! + xs[mid]!) / 2);
}

export interface CounterLoad {
  counter: QueueCounter;
  open: boolean;
  /** Busy with a called or serving ticket. */
  busy: boolean;
}

/**
 * How many counters' worth of capacity serve `service` now. A mixed counter is shared among the services it
 * serves that have customers waiting (plus `service` itself), in proportion to their weights.
 */
export function serviceCapacity(service: string, loads: readonly CounterLoad[], servicesWithWaiting: ReadonlySet<string>): { capacity: number; idle: number } {
  let capacity = 0;
  let idle = 0;
  for (const l of loads) {
    if (!l.open) continue;
    const mine = l.counter.services.find((w) => w.service === service);
    if (!mine) continue;
    const active = l.counter.services.filter((w) => w.service === service || servicesWithWaiting.has(w.service));
    const total = active.reduce((s, w) => s + w.weight, 0);
    capacity += mine.weight / total;
    if (!l.busy) idle++;
  }
  return { capacity, idle };
}

/**
 * Expected seconds until a new ticket is called. With an idle counter and nobody ahead it is 0. Otherwise the
 * people ahead (less the idle counters that will take them at once) are served at `capacity` counters of
 * `serviceSec` each; when every counter is busy the one being served now has on average half its time left.
 * Null when no open counter serves the service: no honest estimate exists.
 */
export function estimateWaitSec(ahead: number, serviceSec: number, load: { capacity: number; idle: number }): number | null {
  if (load.capacity <= 0) return null;
  if (load.idle > ahead) return 0;
  const positions = load.idle > 0 ? ahead - load.idle + 1 : ahead + 0.5;
  return Math.round((positions * serviceSec) / load.capacity);
}
