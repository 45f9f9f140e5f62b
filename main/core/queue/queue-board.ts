import { counterByNo, type QueueConfig, type QueueService } from '../../../domain/queue/config';
import { estimateWaitSec, serviceCapacity, typicalServiceSec, type CounterLoad } from '../../../domain/queue/estimate';
import { peopleAhead, type LineCount } from '../../../domain/queue/selection';
import { dayOf, serviceName, type ConfigStore } from './queue-config-store';
import { counterViews } from './queue-views';
import type { QueueBoard, QueueCall } from './queue.contract';
import type { QueueQueries } from './queue.queries';
import type { ServiceDeps } from '../service-deps';

const LATEST_CALLS = 8;
/** Shortest interval between two board pushes to the displays. */
export const BOARD_PUSH_MS = 100;

export type QueueLog = (level: 'warn' | 'error', message: string, detail?: unknown) => void;

/**
 * Counters that will serve the queue. Before any counter has opened today (the kiosk starts before the tellers)
 * the configured counters are assumed to open; after that only open counters count.
 */
function loads(queries: QueueQueries, config: QueueConfig, day: string): CounterLoad[] {
  const views = counterViews(queries, config, day);
  const anyOpen = views.some((v) => v.open);
  return views.map((v) => ({ counter: counterByNo(config, v.no)!, open: anyOpen ? v.open : true, busy: v.current !== null }));
}

/** Estimated wait of a newcomer with `ahead` people before them, from the measured service times of today's counters. */
export function estimator(queries: QueueQueries, config: QueueConfig, day: string, lines: ReadonlyMap<string, LineCount>) {
  const counterLoads = loads(queries, config, day);
  const withWaiting = new Set([...lines].filter(([, l]) => l.total > 0).map(([s]) => s));
  const typical = new Map<string, number>();
  return (service: QueueService, ahead: number): number | null => {
    let t = typical.get(service.code);
    if (t === undefined) {
      t = typicalServiceSec(queries.occupancySamples(service.code, config.estimateSamples), service.defaultServiceSec);
      typical.set(service.code, t);
    }
    return estimateWaitSec(ahead, t, serviceCapacity(service.code, counterLoads, new Set([...withWaiting, service.code])));
  };
}

/** Everything the hall display shows, read from the projection. */
export function buildBoard(queries: QueueQueries, config: QueueConfig, day: string, branchName: string): QueueBoard {
  const lines = queries.lines(day);
  const estimate = estimator(queries, config, day, lines);
  const counters = counterViews(queries, config, day);
  const names = new Map(counters.map((c) => [c.no, c.name]));
  const none: LineCount = { total: 0, frontOrPriority: 0 };
  return {
    day,
    branchName,
    latest: queries.latestCalls(day, LATEST_CALLS).map((c) => ({
      ticketId: c.ticket_id, number: c.number, service: c.service, serviceName: serviceName(config, c.service),
      counter: c.counter, counterName: names.get(c.counter) ?? `${c.counter}`, at: c.at, recall: c.recall === 1,
    })),
    services: config.services.map((s) => ({
      code: s.code, prefix: s.prefix, name: s.name, nameEn: s.nameEn, vipOnly: !!s.vipOnly, waiting: lines.get(s.code)?.total ?? 0,
      estimateSec: estimate(s, peopleAhead(lines.get(s.code) ?? none, null)),
    })),
    // Who sits at which counter is for staff screens (counterState), not the hall.
    counters: counters.map(({ teller: _teller, ...c }) => c),
  };
}

export interface BoardPublisher {
  board(now: Date): Promise<QueueBoard>;
  /** A write changed the queue: the cached board is stale. */
  invalidate(): void;
  /** Announces a call at once (when given) and pushes the new board soon after, coalesced. */
  publish(now: Date, call?: QueueCall): void;
}

export interface BoardDeps extends Pick<ServiceDeps, 'sql' | 'events' | 'branchName'> {
  queries: QueueQueries;
  config: ConfigStore;
  log: QueueLog;
}

/**
 * The board depends only on the stored queue, the configuration and the day, and every display and kiosk asks
 * for it: computed once per change, not once per request.
 */
export function boardPublisher(deps: BoardDeps): BoardPublisher {
  let cache: { key: string; board: QueueBoard } | null = null;
  let pending = false;
  let pendingNow = new Date(0);
  let lastPushMs = -Infinity;

  async function board(now: Date): Promise<QueueBoard> {
    const config = await deps.config.load();
    const day = dayOf(config, now);
    const key = `${day}|${deps.config.rev()}`;
    if (cache?.key === key) return cache.board;
    const result = buildBoard(deps.queries, config, day, deps.branchName);
    cache = { key, board: result };
    return result;
  }

  /**
   * The call is announced at once; the board follows, computed off the write path and once for however many
   * changes land in the same turn. Under a burst of kiosk tickets it is pushed at most every BOARD_PUSH_MS:
   * rebuilding it after every small write batch took ~15% of the host's busy time with 50 kiosks.
   */
  function publish(now: Date, call?: QueueCall): void {
    cache = null;
    pendingNow = now;
    if (call) deps.events.emit('queue.called', call);
    if (pending) return;
    pending = true;
    const push = () => {
      pending = false;
      lastPushMs = performance.now();
      // The core may have closed (shutdown, restart) between the write and this turn: nobody is listening then.
      if (!deps.sql.open) return;
      board(pendingNow).then(
        (b) => deps.events.emit('queue.updated', b),
        // The write has happened; a failed broadcast must not turn it into an error for the counter.
        (e: unknown) => deps.log('error', 'queue broadcast failed', e),
      );
    };
    const wait = lastPushMs + BOARD_PUSH_MS - performance.now();
    if (wait > 0) setTimeout(push, wait);
    else setImmediate(push);
  }

  return { board, publish, invalidate: () => void (cache = null) };
}
