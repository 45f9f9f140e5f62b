import { z } from 'zod';
import { can } from '../../../domain/staff/roles';
import {
  checkQueueConfig, counterByNo, counterServes, DEFAULT_QUEUE_CONFIG, serviceByCode,
  type PriorityKind, type QueueConfig, type QueueCounter, type QueueService,
} from '../../../domain/queue/config';
import { estimateWaitSec, serviceCapacity, typicalServiceSec, type CounterLoad } from '../../../domain/queue/estimate';
import { businessDay, formatTicketNumber, nextSeq, priorityFromIdCard, ticketDocId } from '../../../domain/queue/numbering';
import { peopleAhead, selectNext, type Candidate, type LineCount } from '../../../domain/queue/selection';
import { computeQueueStats, queueStatsCsv, type TicketRow } from '../../../domain/queue/stats';
import {
  callTicket, finishTicket, noShowTicket, recallTicket, startTicket, transferTicket,
  type Ticket, type TransitionResult,
} from '../../../domain/queue/ticket';
import { normalizeResidentId } from '../../../domain/identity/resident-id';
import { customerQueries } from '../../../db/queries/customers';
import { getSqlite } from '../../../db/projection';
import { translate, type Lang } from '../../../i18n/translate';
import { actorOf, type Actor, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { AuditInput, AuditLog } from '../audit/audit-log';
import type { CoreEvents } from '../events';
import type { WriteQueue } from '../write-queue';
import { staffDocId } from '../session/staff.service';
import {
  queueContract, type CounterState, type IssuedTicket, type MarketingItem, type QueueBoard, type QueueCall,
  type QueueCounterView, type TicketView,
} from './queue.contract';
import { counterDocId, type CounterDoc, type TicketDoc } from './queue.projection';
import { queueQueries, type TicketRowDb } from './queue.queries';
import { deviceKeyMatches, type QueueDevice } from './queue-device';
import type { TicketPrinter } from './ticket-printer';
import { seedRevision } from '../credit/reference-store';

export const QUEUE_CONFIG_ID = 'queue:config';
const LATEST_CALLS = 8;
const ISSUE_BATCH = 200;
const CONFIG_TTL_MS = 2000;
/** Shortest interval between two board pushes to the displays. */
export const BOARD_PUSH_MS = 100;

interface ConfigDoc extends QueueConfig {
  _id: string;
  _rev?: string;
  type: 'queue-config';
  updatedAt: string;
  updatedBy: string;
}

/** A marketing item in the `reference` database, checked when read because it arrives by replication. */
export const marketingDocSchema = z.object({
  _id: z.string().startsWith('marketing:'),
  _rev: z.string().optional(),
  type: z.literal('marketing'),
  title: z.string().min(1).max(120),
  body: z.string().min(1).max(2000),
  tag: z.string().max(20).optional(),
  /** Where the item shows: the kiosk between tickets, the teller's desk, or both. */
  audience: z.enum(['kiosk', 'desk', 'all']),
  /** ISO dates or UTC times; the item shows from validFrom to validTo. */
  validFrom: z.union([z.iso.date(), z.iso.datetime()]).optional(),
  validTo: z.union([z.iso.date(), z.iso.datetime()]).optional(),
});
export type MarketingDoc = z.infer<typeof marketingDocSchema>;

export interface QueueDeps {
  pouch: PouchDB.Database<object>;
  /** The `reference` database: head office publishes the kiosk's marketing items there. */
  reference: PouchDB.Database<object>;
  audit: AuditLog;
  writes: WriteQueue;
  events: CoreEvents;
  branch: string;
  branchName: string;
  device: QueueDevice;
  /** Opens a queue-only session for an active staff member allowed to call tickets; null otherwise. */
  openCounterSession(staffNo: string): Promise<string | null>;
  printer?: TicketPrinter;
  log?: (level: 'warn' | 'error', message: string, detail?: unknown) => void;
}

interface IssueRequest {
  service: string;
  priority: PriorityKind | null;
  customerId: string | null;
  by: string;
  byName: string;
  now: Date;
}

interface Pending {
  req: IssueRequest;
  resolve(t: { doc: TicketDoc; ahead: number; estimateSec: number | null }): void;
  reject(e: unknown): void;
}

const isNotFound = (e: unknown) => (e as { status?: number }).status === 404;

export function queueHandlers(deps: QueueDeps): Handlers<typeof queueContract> {
  const sql = getSqlite(deps.pouch);
  const queries = queueQueries(sql);
  const customers = customerQueries(sql);
  const log = deps.log ?? ((level, message, detail) => console[level](`[queue] ${message}`, detail ?? ''));
  // Replies to recent requests by id: a counter that lost the reply and retries gets the same ticket back.
  const replies = new Map<string, TicketView>();

  // Read on every kiosk request; our own saves refresh it at once, a configuration replicated from head office
  // is picked up within CONFIG_TTL_MS.
  let configCache: { rev: string; config: QueueConfig; readAt: number } | null = null;
  async function loadConfig(): Promise<QueueConfig> {
    const nowMs = Date.now();
    if (configCache && nowMs - configCache.readAt < CONFIG_TTL_MS) return configCache.config;
    try {
      const doc = (await deps.pouch.get(QUEUE_CONFIG_ID)) as unknown as ConfigDoc;
      if (configCache && configCache.rev === doc._rev) {
        configCache.readAt = nowMs;
        return configCache.config;
      }
      const { _id, _rev, type: _t, updatedAt: _u, updatedBy: _b, ...config } = doc;
      configCache = { rev: doc._rev!, config, readAt: nowMs };
      return config;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      configCache = { rev: 'default', config: DEFAULT_QUEUE_CONFIG, readAt: nowMs };
      return DEFAULT_QUEUE_CONFIG;
    }
  }

  const dayOf = (config: QueueConfig, now: Date) => businessDay(now, config.utcOffsetMinutes);
  const serviceName = (config: QueueConfig, code: string) => serviceByCode(config, code)?.name ?? code;

  function mustService(config: QueueConfig, code: string): QueueService {
    const s = serviceByCode(config, code);
    if (!s) throw apiError('NOT_FOUND', 'queue.error.unknownService', { service: code });
    return s;
  }
  function mustCounter(config: QueueConfig, no: number): QueueCounter {
    const c = counterByNo(config, no);
    if (!c) throw apiError('NOT_FOUND', 'queue.error.unknownCounter', { counter: no });
    return c;
  }

  function rowView(r: TicketRowDb, config: QueueConfig): TicketView {
    return {
      id: r.id, number: r.number, service: r.service, serviceName: serviceName(config, r.service), priority: r.priority,
      state: r.state, issuedAt: r.issued_at, queuedAt: r.queued_at, counter: r.counter, calledAt: r.called_at,
      recalls: r.recalls, front: r.front === 1, targetCounter: r.target_counter, customerId: r.customer_id,
    };
  }
  function docView(d: Ticket & { _id: string }, config: QueueConfig): TicketView {
    const last = d.visits[d.visits.length - 1];
    const atCounter = d.state !== 'waiting';
    return {
      id: d._id, number: d.number, service: d.service, serviceName: serviceName(config, d.service), priority: d.priority,
      state: d.state, issuedAt: d.issuedAt, queuedAt: d.queuedAt, counter: atCounter ? (last?.counter ?? null) : null,
      calledAt: atCounter ? (last?.calledAt ?? null) : null, recalls: atCounter ? (last?.recalls ?? 0) : 0,
      front: d.front, targetCounter: d.targetCounter, customerId: d.customerId,
    };
  }

  const candidate = (r: TicketRowDb): Candidate => ({
    id: r.id, number: r.number, service: r.service, priority: r.priority, front: r.front === 1,
    targetCounter: r.target_counter, queuedAtMs: Date.parse(r.queued_at), seq: r.seq,
  });

  function counterViews(config: QueueConfig, day: string): QueueCounterView[] {
    const rows = new Map(queries.counters().map((r) => [r.no, r]));
    const active = queries.activeByCounter(day);
    return config.counters.map((c) => {
      const r = rows.get(c.no);
      const today = r?.day === day;
      return {
        no: c.no, name: c.name, services: c.services, paused: today && r!.paused === 1,
        open: today && r!.teller !== null && r!.paused === 0, teller: today ? r!.teller : null, current: active.get(c.no) ?? null,
      };
    });
  }

  /**
   * Counters that will serve the queue. Before any counter has opened today (the kiosk starts before the tellers)
   * the configured counters are assumed to open; after that only open counters count.
   */
  function loads(config: QueueConfig, day: string): CounterLoad[] {
    const views = counterViews(config, day);
    const anyOpen = views.some((v) => v.open);
    return views.map((v) => ({ counter: counterByNo(config, v.no)!, open: anyOpen ? v.open : true, busy: v.current !== null }));
  }

  function estimator(config: QueueConfig, day: string, lines: ReadonlyMap<string, LineCount>) {
    const counterLoads = loads(config, day);
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

  // The board depends only on the stored queue, the configuration and the day, and every display and kiosk asks
  // for it: computed once per change, not once per request.
  let boardCache: { key: string; board: QueueBoard } | null = null;

  async function board(now: Date): Promise<QueueBoard> {
    const config = await loadConfig();
    const day = dayOf(config, now);
    const key = `${day}|${configCache?.rev ?? 'default'}`;
    if (boardCache?.key === key) return boardCache.board;
    const lines = queries.lines(day);
    const estimate = estimator(config, day, lines);
    const counters = counterViews(config, day);
    const names = new Map(counters.map((c) => [c.no, c.name]));
    const none: LineCount = { total: 0, frontOrPriority: 0 };
    const result: QueueBoard = {
      day,
      branchName: deps.device.branchName ?? deps.branchName,
      latest: queries.latestCalls(day, LATEST_CALLS).map((c) => ({
        ticketId: c.ticket_id, number: c.number, service: c.service, serviceName: serviceName(config, c.service),
        counter: c.counter, counterName: names.get(c.counter) ?? `${c.counter}`, at: c.at, recall: c.recall === 1,
      })),
      services: config.services.map((s) => ({
        code: s.code, prefix: s.prefix, name: s.name, nameEn: s.nameEn, vipOnly: !!s.vipOnly, waiting: lines.get(s.code)?.total ?? 0,
        estimateSec: estimate(s, peopleAhead(lines.get(s.code) ?? none, null)),
      })),
      counters,
    };
    boardCache = { key, board: result };
    return result;
  }

  let boardPending = false;
  let boardNow = new Date(0);
  let lastPushMs = -Infinity;
  /**
   * The call is announced at once; the board follows, computed off the write path and once for however many
   * changes land in the same turn. Under a burst of kiosk tickets it is pushed at most every BOARD_PUSH_MS:
   * rebuilding it after every small write batch took ~15% of the host's busy time with 50 kiosks.
   */
  function publish(now: Date, call?: QueueCall): void {
    boardCache = null;
    boardNow = now;
    if (call) deps.events.emit('queue.called', call);
    if (boardPending) return;
    boardPending = true;
    const push = () => {
      boardPending = false;
      lastPushMs = performance.now();
      // The core may have closed (shutdown, restart) between the write and this turn: nobody is listening then.
      if (!sql.open) return;
      board(boardNow).then(
        (b) => deps.events.emit('queue.updated', b),
        // The write has happened; a failed broadcast must not turn it into an error for the counter.
        (e: unknown) => log('error', 'queue broadcast failed', e),
      );
    };
    const wait = lastPushMs + BOARD_PUSH_MS - performance.now();
    if (wait > 0) setTimeout(push, wait);
    else setImmediate(push);
  }

  /** Writes documents with their audit entries in one transaction. */
  async function commit(docs: { _id: string; _rev?: string }[], audits: AuditInput[]): Promise<string[]> {
    const entries = audits.map((a) => {
      const entry = deps.audit.next(a);
      deps.audit.commit(entry);
      return entry;
    });
    let results: (PouchDB.Core.Response | PouchDB.Core.Error)[];
    try {
      results = await deps.pouch.bulkDocs([...docs, ...entries]);
      boardCache = null;
    } catch (e) {
      // Nothing was written: put the audit chain back where the database has it.
      await deps.audit.init();
      throw e;
    }
    const failed = results.find((r) => 'error' in r && r.error);
    if (failed) throw apiError('CONFLICT', 'error.CONFLICT');
    return results.slice(0, docs.length).map((r) => (r as PouchDB.Core.Response).rev);
  }

  const auditOf = (actor: { staffNo: string; name: string }, action: string, entity: string, now: Date, before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditInput =>
    ({ actor: actor.staffNo, actorName: actor.name, action, entity, at: now.toISOString(), before, after });

  // ---- issuing: requests that arrive while a write is running are written together (group commit) ----

  const pending: Pending[] = [];
  let flushScheduled = false;

  function enqueueIssue(req: IssueRequest) {
    return new Promise<{ doc: TicketDoc; ahead: number; estimateSec: number | null }>((resolve, reject) => {
      pending.push({ req, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        // Wait one turn of the event loop: SQLite writes block it, so requests already on the wire are read and
        // join this batch instead of each paying for its own synchronous commit.
        setImmediate(() => void deps.writes.run(flushIssues));
      }
    });
  }

  async function flushIssues(): Promise<void> {
    flushScheduled = false;
    const batch = pending.splice(0, ISSUE_BATCH);
    if (pending.length) {
      flushScheduled = true;
      setImmediate(() => void deps.writes.run(flushIssues));
    }
    if (!batch.length) return;
    let config: QueueConfig;
    try {
      config = await loadConfig();
    } catch (e) {
      batch.forEach((p) => p.reject(e));
      return;
    }
    const now = batch[batch.length - 1]!.req.now;
    const day = dayOf(config, now);
    const lines = queries.lines(day);
    const estimate = estimator(config, day, lines);
    const lastSeq = new Map<string, number | null>();
    const accepted: { p: Pending; doc: TicketDoc; ahead: number; estimateSec: number | null }[] = [];
    for (const p of batch) {
      const service = serviceByCode(config, p.req.service);
      if (!service) {
        p.reject(apiError('NOT_FOUND', 'queue.error.unknownService', { service: p.req.service }));
        continue;
      }
      const last = lastSeq.has(service.prefix) ? lastSeq.get(service.prefix)! : queries.lastSeq(day, service.prefix);
      const seq = nextSeq(service, last);
      if (seq === null) {
        p.reject(apiError('CONFLICT', 'queue.error.rangeExhausted', { service: service.name, end: formatTicketNumber(service, service.rangeEnd) }));
        continue;
      }
      lastSeq.set(service.prefix, seq);
      const number = formatTicketNumber(service, seq);
      const line = lines.get(service.code) ?? { total: 0, frontOrPriority: 0 };
      const ahead = peopleAhead(line, p.req.priority);
      const estimateSec = estimate(service, ahead);
      const at = p.req.now.toISOString();
      const doc: TicketDoc = {
        _id: ticketDocId(day, number), type: 'queue-ticket', branch: deps.branch, updatedAt: at,
        day, number, seq, service: service.code, prefix: service.prefix, priority: p.req.priority, customerId: p.req.customerId,
        state: 'waiting', issuedAt: at, queuedAt: at, front: false, targetCounter: null, estimateSec, aheadAtIssue: ahead,
        visits: [], events: [{ at, action: 'issue', by: p.req.by }],
      };
      lines.set(service.code, { total: line.total + 1, frontOrPriority: line.frontOrPriority + (p.req.priority ? 1 : 0) });
      accepted.push({ p, doc, ahead, estimateSec });
    }
    if (!accepted.length) return;
    try {
      await commit(
        accepted.map((a) => a.doc),
        accepted.map((a) => auditOf({ staffNo: a.p.req.by, name: a.p.req.byName }, 'queue.issue', a.doc._id, a.p.req.now, null,
          { number: a.doc.number, service: a.doc.service, priority: a.doc.priority })),
      );
    } catch (e) {
      accepted.forEach((a) => a.p.reject(e));
      return;
    }
    accepted.forEach((a) => a.p.resolve({ doc: a.doc, ahead: a.ahead, estimateSec: a.estimateSec }));
    publish(now);
  }

  // ---- counter actions ----

  async function loadTicket(id: string): Promise<TicketDoc> {
    return (await deps.pouch.get(id)) as unknown as TicketDoc;
  }

  async function counterDoc(no: number): Promise<CounterDoc | null> {
    try {
      return (await deps.pouch.get(counterDocId(no))) as unknown as CounterDoc;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  function transitionOrThrow(r: TransitionResult): Ticket {
    if (r.ok) return r.ticket;
    throw apiError('CONFLICT', r.error, { number: r.params.number, state: translate(`queue.state.${r.params.state}`), action: translate(`queue.action.${r.params.action}`) });
  }

  /** Marks the counter open for today with this teller, when it is not already. */
  function openedCounter(existing: CounterDoc | null, no: number, day: string, actor: Actor, now: Date, paused = false): CounterDoc | null {
    if (existing && existing.day === day && existing.teller === actor.staffNo && existing.paused === paused) return null;
    return {
      _id: counterDocId(no), ...(existing?._rev ? { _rev: existing._rev } : {}), type: 'queue-counter', no, day,
      teller: actor.staffNo, paused, updatedAt: now.toISOString(),
    };
  }

  function remember(requestId: string | undefined, view: TicketView): TicketView {
    if (requestId) {
      replies.set(requestId, view);
      if (replies.size > 500) replies.delete(replies.keys().next().value!);
    }
    return view;
  }

  async function callNext(args: { counter: number; service?: string; requestId?: string }, ctx: CallContext): Promise<TicketView> {
    const actor = actorOf(ctx);
    return deps.writes.run(async () => {
      const seen = args.requestId ? replies.get(args.requestId) : undefined;
      if (seen) return seen;
      const config = await loadConfig();
      const counter = mustCounter(config, args.counter);
      if (args.service !== undefined) {
        const s = mustService(config, args.service);
        if (!counterServes(counter, s.code)) throw apiError('FORBIDDEN', 'queue.error.serviceNotAtCounter', { counter: counter.name, service: s.name });
      }
      const day = dayOf(config, ctx.now);
      const active = queries.active(day, counter.no);
      if (active) {
        const doc = await loadTicket(active.id);
        // The same request again (the reply was lost on the LAN): answer it again instead of refusing.
        if (args.requestId && doc.events.some((e) => e.action === 'call' && e.requestId === args.requestId)) return docView(doc, config);
        throw apiError('CONFLICT', 'queue.error.counterBusy', { counter: counter.name, number: active.number });
      }
      const cdoc = await counterDoc(counter.no);
      if (cdoc && cdoc.day === day && cdoc.paused) throw apiError('CONFLICT', 'queue.error.paused', { counter: counter.name });
      const flags = queries.recentPriority(day, counter.no, config.maxPriorityStreak);
      const streak = flags.findIndex((f) => !f) === -1 ? flags.length : flags.findIndex((f) => !f);
      const pick = selectNext(queries.waiting(day).map(candidate), counter, {
        nowMs: ctx.now.getTime(), priorityStreak: streak, maxPriorityStreak: config.maxPriorityStreak, onlyService: args.service,
      });
      if (!pick) {
        const names = (args.service ? [args.service] : counter.services.map((w) => w.service)).map((s) => serviceName(config, s)).join('、');
        throw apiError('NOT_FOUND', 'queue.error.noneWaiting', { counter: counter.name, services: names });
      }
      const before = await loadTicket(pick.id);
      const at = ctx.now.toISOString();
      const after = transitionOrThrow(callTicket(before, { teller: actor.staffNo, counter: counter.no, at, requestId: args.requestId }));
      const doc: TicketDoc = { ...before, ...after, updatedAt: at };
      const open = openedCounter(cdoc, counter.no, day, actor, ctx.now);
      await commit(open ? [doc, open] : [doc], [
        auditOf(actor, 'queue.call', doc._id, ctx.now, { state: before.state }, { state: doc.state, counter: counter.no }),
      ]);
      const view = remember(args.requestId, docView(doc, config));
      publish(ctx.now, {
        ticketId: doc._id, number: doc.number, service: doc.service, serviceName: serviceName(config, doc.service),
        counter: counter.no, counterName: counter.name, at, recall: false,
      });
      return view;
    });
  }

  type Step = (t: Ticket, a: { teller: string; counter: number; at: string; requestId?: string }) => TransitionResult;

  function onCurrent(action: string, step: Step, announce = false) {
    return async (args: { counter: number; requestId?: string } & Record<string, unknown>, ctx: CallContext): Promise<TicketView> => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const seen = args.requestId ? replies.get(args.requestId) : undefined;
        if (seen) return seen;
        const config = await loadConfig();
        const counter = mustCounter(config, args.counter);
        const day = dayOf(config, ctx.now);
        const active = queries.active(day, counter.no);
        if (!active) throw apiError('CONFLICT', 'queue.error.noCurrent', { counter: counter.name });
        const before = await loadTicket(active.id);
        const at = ctx.now.toISOString();
        const after = transitionOrThrow(step(before, { teller: actor.staffNo, counter: counter.no, at, requestId: args.requestId }));
        const doc: TicketDoc = { ...before, ...after, updatedAt: at };
        await commit([doc], [
          auditOf(actor, `queue.${action}`, doc._id, ctx.now, { state: before.state, service: before.service }, { state: doc.state, service: doc.service, counter: counter.no }),
        ]);
        const view = remember(args.requestId, docView(doc, config));
        publish(ctx.now, announce
          ? { ticketId: doc._id, number: doc.number, service: doc.service, serviceName: serviceName(config, doc.service), counter: counter.no, counterName: counter.name, at, recall: true }
          : undefined);
        return view;
      });
    };
  }

  function waitingFor(config: QueueConfig, counter: QueueCounter, day: string, nowMs: number, limit: number): TicketView[] {
    const rows = queries.waiting(day);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const left = rows.map(candidate);
    const flags = queries.recentPriority(day, counter.no, config.maxPriorityStreak);
    let streak = flags.findIndex((f) => !f) === -1 ? flags.length : flags.findIndex((f) => !f);
    const out: TicketView[] = [];
    while (out.length < limit) {
      const next = selectNext(left, counter, { nowMs, priorityStreak: streak, maxPriorityStreak: config.maxPriorityStreak });
      if (!next) break;
      out.push(rowView(byId.get(next.id)!, config));
      left.splice(left.indexOf(next), 1);
      streak = next.priority !== null ? streak + 1 : 0;
    }
    return out;
  }

  async function counterState(no: number, now: Date): Promise<CounterState> {
    const config = await loadConfig();
    const counter = mustCounter(config, no);
    const day = dayOf(config, now);
    const active = queries.active(day, no);
    return {
      counter: counterViews(config, day).find((c) => c.no === no)!,
      current: active ? rowView(active, config) : null,
      waiting: waitingFor(config, counter, day, now.getTime(), 10),
      servedToday: queries.servedToday(day, no),
    };
  }

  async function setCounter(no: number, paused: boolean, ctx: CallContext): Promise<CounterState> {
    const actor = actorOf(ctx);
    await deps.writes.run(async () => {
      const config = await loadConfig();
      mustCounter(config, no);
      const day = dayOf(config, ctx.now);
      const existing = await counterDoc(no);
      const next = openedCounter(existing, no, day, actor, ctx.now, paused);
      if (!next) return;
      await commit([next], [auditOf(actor, paused ? 'queue.pause' : 'queue.open', next._id, ctx.now,
        existing ? { teller: existing.teller, paused: existing.paused, day: existing.day } : null, { teller: next.teller, paused: next.paused, day })]);
      publish(ctx.now);
    });
    return counterState(no, ctx.now);
  }

  async function statsRows(from: string, to: string): Promise<TicketRow[]> {
    const tickets = queries.ticketsBetween(from, to);
    const visits = new Map<string, TicketRow['visits']>();
    for (const v of queries.visitsBetween(from, to)) {
      const list = visits.get(v.ticket_id) ?? [];
      list.push({
        service: v.service, teller: v.teller, counter: v.counter, queuedAtMs: Date.parse(v.queued_at), calledAtMs: Date.parse(v.called_at),
        startedAtMs: v.started_at ? Date.parse(v.started_at) : null, endedAtMs: v.ended_at ? Date.parse(v.ended_at) : null, outcome: v.outcome,
      });
      visits.set(v.ticket_id, list);
    }
    return tickets.map((t) => {
      const vs = visits.get(t.id) ?? [];
      // The ticket's service at issue is the one of its first visit; a later transfer must not move it.
      return {
        number: t.number, service: vs[0]?.service ?? t.service, priority: t.priority, state: t.state,
        issuedAtMs: Date.parse(t.issued_at), firstCalledAtMs: vs[0]?.calledAtMs ?? null, estimateSec: t.estimate_sec, visits: vs,
      };
    });
  }

  async function tellerNames(staffNos: string[]): Promise<Record<string, string>> {
    if (!staffNos.length) return {};
    const res = await deps.pouch.allDocs({ keys: staffNos.map(staffDocId), include_docs: true });
    const out: Record<string, string> = {};
    res.rows.forEach((r, i) => {
      const doc = 'doc' in r ? (r.doc as { name?: string } | null | undefined) : undefined;
      out[staffNos[i]!] = doc?.name ?? staffNos[i]!;
    });
    return out;
  }

  async function stats(from: string, to: string) {
    const config = await loadConfig();
    if (from > to) throw apiError('VALIDATION', 'queue.error.badRange', { from, to });
    const s = computeQueueStats(await statsRows(from, to), config.utcOffsetMinutes);
    return {
      ...s, from, to,
      serviceNames: Object.fromEntries(config.services.map((x) => [x.code, x.name])),
      tellerNames: await tellerNames(s.byTeller.map((l) => l.key)),
    };
  }

  return {
    'queue.board': async (_args, ctx) => board(ctx.now),

    'queue.marketing': async (_args, ctx) => marketingItems(deps, ctx.now),

    'queue.issue': async (args, ctx) => {
      const staff = ctx.actor && can(ctx.actor.roles, 'queue.call') ? ctx.actor : null;
      if (!staff && !deviceKeyMatches(deps.device.kioskKey, args.kioskKey)) {
        throw apiError(ctx.actor ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'queue.error.kioskOnly');
      }
      const config = await loadConfig();
      const service = mustService(config, args.service);
      let priority: PriorityKind | null = args.priority ?? null;
      let customerId: string | null = null;
      if (args.idNumber) {
        const card = priorityFromIdCard(args.idNumber, ctx.now, config.elderAge, config.utcOffsetMinutes);
        if (!card.ok) {
          const params = { field: translate('field.idNumber') };
          const key = `validation.residentId.${card.rule}`;
          throw apiError('VALIDATION', 'error.VALIDATION', { count: 1 }, { fields: [{ path: 'idNumber', key, params, message: translate(key, params) }] });
        }
        priority = priority ?? card.priority;
        customerId = customers.findByIdNumber(normalizeResidentId(args.idNumber))[0]?.id ?? null;
      }
      if (service.vipOnly && priority !== 'vip') throw apiError('FORBIDDEN', 'queue.error.vipOnly', { service: service.name });
      const issued = await enqueueIssue({
        service: service.code, priority, customerId, now: ctx.now,
        by: staff?.staffNo ?? 'KIOSK', byName: staff?.name ?? translate('queue.kiosk.actor'),
      });
      let printedBy: IssuedTicket['printedBy'] = null;
      if (deps.printer) {
        try {
          await deps.printer.print({
            branchName: deps.device.branchName ?? deps.branchName, number: issued.doc.number, serviceName: service.name,
            ahead: issued.ahead, estimateMin: issued.estimateSec === null ? null : Math.ceil(issued.estimateSec / 60),
            issuedAtLocal: new Date(ctx.now.getTime() + config.utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' '),
            priorityLabel: priority ? translate(`queue.priority.${priority}`) : null, footer: translate('queue.ticket.footer'),
          }, {
            ahead: (n) => translate('queue.ticket.ahead', { n }),
            estimate: (m) => (m === null ? translate('queue.ticket.noEstimate') : translate('queue.ticket.estimate', { min: m })),
          });
          printedBy = 'escpos';
        } catch (e) {
          // The ticket exists; the kiosk page prints it instead.
          log('warn', 'thermal printer failed, falling back to page printing', e);
        }
      }
      // A customer's ID number never leaves the core: only the link to an existing customer is kept.
      return {
        ...docView(issued.doc, config), branchName: deps.device.branchName ?? deps.branchName,
        ahead: issued.ahead, estimateSec: issued.estimateSec, printedBy,
      };
    },

    'queue.counterLogin': async ({ counterKey, staffNo }) => {
      if (!deviceKeyMatches(deps.device.counterKey, counterKey)) throw apiError('UNAUTHENTICATED', 'queue.error.counterKey');
      const token = await deps.openCounterSession(staffNo.toUpperCase());
      if (!token) throw apiError('FORBIDDEN', 'queue.error.counterStaff', { staffNo: staffNo.toUpperCase() });
      return { token };
    },

    'queue.config': async () => loadConfig(),

    'queue.saveConfig': async ({ config }, ctx) => {
      const actor = actorOf(ctx);
      const issues = checkQueueConfig(config);
      if (issues.length) {
        throw apiError('VALIDATION', 'error.VALIDATION', { count: issues.length }, {
          fields: issues.map((i) => ({ path: i.path, key: i.key, params: i.params, message: translate(i.key, i.params) })),
        });
      }
      return deps.writes.run(async () => {
        let existing: ConfigDoc | null = null;
        try {
          existing = (await deps.pouch.get(QUEUE_CONFIG_ID)) as unknown as ConfigDoc;
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        const doc: ConfigDoc = {
          _id: QUEUE_CONFIG_ID, ...(existing?._rev ? { _rev: existing._rev } : {}), type: 'queue-config', ...config,
          updatedAt: ctx.now.toISOString(), updatedBy: actor.staffNo,
        };
        const before = existing ? (({ _id, _rev, type: _t, updatedAt: _u, updatedBy: _b, ...rest }) => rest)(existing) : null;
        await commit([doc], [auditOf(actor, 'queue.config', QUEUE_CONFIG_ID, ctx.now, before as Record<string, unknown> | null, config as unknown as Record<string, unknown>)]);
        configCache = null;
        publish(ctx.now);
        return config;
      });
    },

    'queue.counterState': async ({ counter }, ctx) => counterState(counter, ctx.now),
    'queue.openCounter': async ({ counter }, ctx) => setCounter(counter, false, ctx),
    'queue.pause': async ({ counter, paused }, ctx) => setCounter(counter, paused, ctx),
    'queue.callNext': callNext,
    'queue.recall': onCurrent('recall', (t, a) => recallTicket(t, a), true),
    'queue.start': onCurrent('start', (t, a) => startTicket(t, a)),
    'queue.finish': onCurrent('finish', (t, a) => finishTicket(t, a)),
    'queue.noShow': onCurrent('noShow', (t, a) => noShowTicket(t, a)),
    'queue.transfer': async (args, ctx) => {
      const config = await loadConfig();
      const toService = args.toService !== undefined ? mustService(config, args.toService).code : undefined;
      const toCounter = args.toCounter !== undefined ? mustCounter(config, args.toCounter) : undefined;
      return onCurrent('transfer', (t, a) => {
        const service = toService ?? t.service;
        if (toCounter && !counterServes(toCounter, service)) {
          throw apiError('FORBIDDEN', 'queue.error.counterLacksService', { counter: toCounter.name, service: serviceName(config, service) });
        }
        return transferTicket(t, a, { service, counter: toCounter?.no ?? null });
      })(args, ctx);
    },

    'queue.stats': async ({ from, to }) => stats(from, to),

    'queue.statsCsv': async ({ from, to, lang }) => {
      const s = await stats(from, to);
      const l = lang as Lang;
      const tr = (k: string) => translate(k, {}, l);
      const csv = queueStatsCsv(s, {
        headings: ['dimension', 'name', 'tickets', 'served', 'noShows', 'transferred', 'avgWait', 'p90Wait', 'avgService', 'p90Service'].map((k) => tr(`queue.csv.${k}`)),
        dimension: { total: tr('queue.csv.total'), service: tr('queue.csv.service'), teller: tr('queue.csv.teller'), hour: tr('queue.csv.hour'), estimate: tr('queue.csv.estimate') },
        estimate: { samples: tr('queue.csv.samples'), meanAbs: tr('queue.csv.meanAbs'), p90Abs: tr('queue.csv.p90Abs'), bias: tr('queue.csv.bias') },
        serviceName: (code) => s.serviceNames[code] ?? code,
      });
      // Excel opens UTF-8 CSV correctly only with a byte-order mark.
      return { filename: `queue-stats-${from}_${to}.csv`, csv: `\ufeff${csv}` };
    },
  };
}

/** The marketing items the kiosk shows now: published to `reference`, for the kiosk, within their dates. */
async function marketingItems(deps: Pick<QueueDeps, 'reference' | 'log'>, now: Date): Promise<MarketingItem[]> {
  const res = await deps.reference.allDocs({ startkey: 'marketing:', endkey: 'marketing:\uffff', include_docs: true });
  const at = now.toISOString();
  const day = at.slice(0, 10);
  // A bare date covers that whole (UTC) day: an item "valid to 2026-12-31" still shows on the 31st.
  const started = (from?: string) => !from || from <= (from.length === 10 ? day : at);
  const notEnded = (to?: string) => !to || to >= (to.length === 10 ? day : at);
  return res.rows.flatMap((r): MarketingItem[] => {
    // Replicated from head office: a malformed item is left out, never shown half-filled or allowed to break the kiosk.
    const parsed = marketingDocSchema.safeParse(r.doc);
    if (!parsed.success) {
      deps.log?.('warn', `marketing item ${r.id} is malformed and not shown`, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return [];
    }
    const d = parsed.data;
    const showing = d.audience !== 'desk' && started(d.validFrom) && notEnded(d.validTo);
    return showing ? [{ id: r.id, title: d.title, body: d.body, tag: d.tag ?? null }] : [];
  });
}

/**
 * Pushes the kiosk's marketing items whenever a publication from head office changes them, so a kiosk that stays
 * open all day shows new items without a reload. Returns the function that stops watching.
 */
export function watchMarketing(deps: Pick<QueueDeps, 'reference' | 'events' | 'log'>, clock: () => Date): () => void {
  const feed = deps.reference.changes({ since: 'now', live: true });
  feed.on('change', (change) => {
    if (!change.id.startsWith('marketing:')) return;
    marketingItems(deps, clock()).then(
      (items) => deps.events.emit('queue.marketing', items),
      (e: unknown) => deps.log?.('warn', 'marketing items could not be read after a change', e),
    );
  });
  feed.on('error', (e) => deps.log?.('warn', 'marketing watch stopped', e));
  return () => feed.cancel();
}

/** Demo marketing items, as head office would publish them to the `reference` database. */
export const DEMO_MARKETING: Omit<MarketingDoc, '_rev'>[] = [
  { _id: 'marketing:demo-fnd', type: 'marketing', audience: 'all', tag: '精微快贷', title: '富农贷 · 春耕备耕', body: '种植养殖户凭身份证即可申请，最快当天放款，随借随还。' },
  { _id: 'marketing:demo-jld', type: 'marketing', audience: 'all', tag: '精微快贷', title: '富民金领贷 · 10分钟到账', body: '公职人员及稳定单位员工专享，手机申请、线上签约。' },
  { _id: 'marketing:demo-zx', type: 'marketing', audience: 'kiosk', tag: '精微甄选', title: '存款积分兑好礼', body: '活期日均余额每满一万元，次月赠积分，可在商城及合作商户使用。' },
];

/**
 * Writes the demo marketing items that are missing into a `reference` database; returns how many were written.
 * Their revisions are derived from their content, as the rule-set seed's are, so a demo head office holding the
 * same items replicates nothing and makes no conflict.
 */
export async function seedQueueDemo(reference: PouchDB.Database<object>): Promise<number> {
  const existing = await reference.allDocs({ keys: DEMO_MARKETING.map((d) => d._id) });
  const missing = DEMO_MARKETING.filter((_, i) => 'error' in existing.rows[i]!);
  if (missing.length) await reference.bulkDocs(missing.map((d) => ({ ...d, _rev: seedRevision(d) })), { new_edits: false });
  return missing.length;
}
