import { serviceByCode, type PriorityKind, type QueueConfig } from '../../../domain/queue/config';
import { formatTicketNumber, nextSeq, ticketDocId } from '../../../domain/queue/numbering';
import { peopleAhead } from '../../../domain/queue/selection';
import { apiError } from '../api/dispatch';
import type { BoardPublisher } from './queue-board';
import { estimator } from './queue-board';
import { auditOf, type Commit } from './queue-commit';
import { dayOf, type ConfigStore } from './queue-config-store';
import type { TicketDoc } from './queue.projection';
import type { QueueQueries } from './queue.queries';
import type { ServiceDeps } from '../service-deps';

const ISSUE_BATCH = 200;

export interface IssueRequest {
  service: string;
  priority: PriorityKind | null;
  customerId: string | null;
  by: string;
  byName: string;
  now: Date;
}

export interface Issued {
  doc: TicketDoc;
  ahead: number;
  estimateSec: number | null;
}

interface Pending {
  req: IssueRequest;
  resolve(t: Issued): void;
  reject(e: unknown): void;
}

export interface IssueDeps extends Pick<ServiceDeps, 'writes' | 'branch'> {
  queries: QueueQueries;
  config: ConfigStore;
  commit: Commit;
  board: BoardPublisher;
}

/** The next ticket of a request, or the refusal; `lastSeq` and `lines` carry the batch's earlier tickets. */
function ticketFor(
  deps: IssueDeps, config: QueueConfig, day: string, req: IssueRequest,
  state: { lastSeq: Map<string, number | null>; lines: Map<string, { total: number; frontOrPriority: number }>; estimate: ReturnType<typeof estimator> },
): Issued {
  const service = serviceByCode(config, req.service);
  if (!service) throw apiError('NOT_FOUND', 'queue.error.unknownService', { service: req.service });
  const last = state.lastSeq.has(service.prefix) ? state.lastSeq.get(service.prefix)! : deps.queries.lastSeq(day, service.prefix);
  const seq = nextSeq(service, last);
  if (seq === null) throw apiError('CONFLICT', 'queue.error.rangeExhausted', { service: service.name, end: formatTicketNumber(service, service.rangeEnd) });
  state.lastSeq.set(service.prefix, seq);
  const number = formatTicketNumber(service, seq);
  const line = state.lines.get(service.code) ?? { total: 0, frontOrPriority: 0 };
  const ahead = peopleAhead(line, req.priority);
  const estimateSec = state.estimate(service, ahead);
  const at = req.now.toISOString();
  const doc: TicketDoc = {
    _id: ticketDocId(day, number), type: 'queue-ticket', branch: deps.branch, updatedAt: at,
    day, number, seq, service: service.code, prefix: service.prefix, priority: req.priority, customerId: req.customerId,
    state: 'waiting', issuedAt: at, queuedAt: at, front: false, targetCounter: null, estimateSec, aheadAtIssue: ahead,
    visits: [], events: [{ at, action: 'issue', by: req.by }],
  };
  state.lines.set(service.code, { total: line.total + 1, frontOrPriority: line.frontOrPriority + (req.priority ? 1 : 0) });
  return { doc, ahead, estimateSec };
}

/** Numbers and writes one batch of requests in one transaction. */
async function writeBatch(deps: IssueDeps, batch: Pending[]): Promise<void> {
  let config: QueueConfig;
  try {
    config = await deps.config.load();
  } catch (e) {
    batch.forEach((p) => p.reject(e));
    return;
  }
  const now = batch[batch.length - 1]!.req.now;
  const day = dayOf(config, now);
  const lines = deps.queries.lines(day);
  const state = { lastSeq: new Map<string, number | null>(), lines, estimate: estimator(deps.queries, config, day, lines) };
  const accepted: { p: Pending; issued: Issued }[] = [];
  for (const p of batch) {
    try {
      accepted.push({ p, issued: ticketFor(deps, config, day, p.req, state) });
    } catch (e) {
      p.reject(e);
    }
  }
  if (!accepted.length) return;
  try {
    await deps.commit(
      accepted.map((a) => a.issued.doc),
      accepted.map(({ p, issued: { doc } }) =>
        auditOf({ staffNo: p.req.by, name: p.req.byName }, 'queue.issue', doc._id, p.req.now, null, { number: doc.number, service: doc.service, priority: doc.priority })),
    );
  } catch (e) {
    accepted.forEach((a) => a.p.reject(e));
    return;
  }
  accepted.forEach((a) => a.p.resolve(a.issued));
  deps.board.publish(now);
}

/**
 * Issuing with group commit: requests that arrive while a write is running are numbered and written together,
 * so fifty kiosks pressing at once cost a few transactions, not fifty.
 */
export function ticketIssuer(deps: IssueDeps): (req: IssueRequest) => Promise<Issued> {
  const pending: Pending[] = [];
  let scheduled = false;

  function schedule(): void {
    scheduled = true;
    // Wait one turn of the event loop: SQLite writes block it, so requests already on the wire are read and join
    // this batch instead of each paying for its own synchronous commit.
    setImmediate(() => void deps.writes.run(flush));
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending.splice(0, ISSUE_BATCH);
    if (pending.length) schedule();
    if (batch.length) await writeBatch(deps, batch);
  }

  return (req) =>
    new Promise<Issued>((resolve, reject) => {
      pending.push({ req, resolve, reject });
      if (!scheduled) schedule();
    });
}
