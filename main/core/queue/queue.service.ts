import { can } from '../../../domain/staff/roles';
import { checkQueueConfig, type PriorityKind, type QueueConfig } from '../../../domain/queue/config';
import { priorityFromIdCard } from '../../../domain/queue/numbering';
import { getSqlite } from '../../../db/projection';
import { translate, type Lang } from '../../../i18n/translate';
import { actorOf, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { boardPublisher, type QueueLog } from './queue-board';
import { auditOf, committer } from './queue-commit';
import { configOf, configStore, mustService, QUEUE_CONFIG_ID, type ConfigDoc } from './queue-config-store';
import {
  callNext, counterState, finish, noShow, recall, setCounter, start, transfer, type CounterDeps,
} from './queue-counter';
import { counterLogin, type CounterAuthDeps } from './counter-auth';
import { deviceKeyMatches, type QueueDevice } from './queue-device';
import { ticketIssuer, type Issued } from './queue-issue';
import { marketingItems } from './queue-marketing';
import { queueStats, queueStatsCsvFile, type StatsDeps } from './queue-stats';
import { docView } from './queue-views';
import { queueContract, type IssuedTicket } from './queue.contract';
import { queueQueries } from './queue.queries';
import type { TicketPrinter } from './ticket-printer';
import { NOT_RECOGNISED, noVerifiedVip, type KioskRecognition, type TicketOffer, type VerifiedVip } from './vip';
import type { ServiceDeps } from '../service-deps';


export interface QueueDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'branchName' | 'timeZone'> {
  /** The `reference` database: head office publishes the kiosk's marketing items there. */
  reference: PouchDB.Database<object>;
  device: QueueDevice;
  /** How this device checks a counter PC's teller (her password, as a login would) and opens counter sessions. */
  counterAuth: Omit<CounterAuthDeps, 'counterKey' | 'passKey'>;
  /** Whether a kiosk customer is VIP, and the offer their ticket shows; by default nobody is (see vip.ts). */
  verifiedVip?: VerifiedVip;
  printer?: TicketPrinter;
  log?: QueueLog;
}

/** What the issuing handler needs beyond the issuer itself. */
interface IssueHandlerDeps {
  deps: QueueDeps;
  config: CounterDeps['config'];
  issue(req: Parameters<ReturnType<typeof ticketIssuer>>[0]): Promise<Issued>;
  verifiedVip: VerifiedVip;
  log: QueueLog;
}

/** Prints on this device's thermal printer when it has one; false when the page must print the ticket. */
async function printTicket(
  h: IssueHandlerDeps, issued: Issued, serviceName: string, priority: PriorityKind | null, offer: TicketOffer | null, config: QueueConfig, now: Date,
): Promise<boolean> {
  const printer = h.deps.printer;
  if (!printer) return false;
  try {
    await printer.print({
      branchName: h.deps.device.branchName ?? h.deps.branchName, number: issued.doc.number, serviceName,
      ahead: issued.ahead, estimateMin: issued.estimateSec === null ? null : Math.ceil(issued.estimateSec / 60),
      issuedAtLocal: new Date(now.getTime() + config.utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' '),
      priorityLabel: priority ? translate(`queue.priority.${priority}`) : null, footer: translate('queue.ticket.footer'),
      offer: offer ? { heading: translate('queue.ticket.offer'), title: offer.title, pitch: offer.pitch } : null,
    }, {
      ahead: (n) => translate('queue.ticket.ahead', { n }),
      estimate: (m) => (m === null ? translate('queue.ticket.noEstimate') : translate('queue.ticket.estimate', { min: m })),
    });
    return true;
  } catch (e) {
    // The ticket exists; the kiosk page prints it instead.
    h.log('warn', 'thermal printer failed, falling back to page printing', e);
    return false;
  }
}

/**
 * Priority of a ticket, and the offer it shows. Staff (a walk-in at the counter) are trusted with what they mark.
 * At the kiosk only what a customer may declare counts (elder, disabled, pregnant, military, checked by a person at
 * the counter anyway); VIP is never taken from a button, only from `verifiedVip`, which also names the VIP's offer.
 * An ID number marks seniors by their age.
 */
async function ticketPriority(
  h: IssueHandlerDeps, config: QueueConfig, args: { priority?: PriorityKind | null; idNumber?: string }, byStaff: boolean, now: Date,
): Promise<{ priority: PriorityKind | null; offer: TicketOffer | null }> {
  const claimed = args.priority ?? null;
  let priority = byStaff || claimed !== 'vip' ? claimed : null;
  if (args.idNumber) {
    const card = priorityFromIdCard(args.idNumber, now, config.elderAge, config.utcOffsetMinutes);
    if (!card.ok) {
      const params = { field: translate('field.idNumber') };
      const key = `validation.residentId.${card.rule}`;
      throw apiError('VALIDATION', 'error.VALIDATION', { count: 1 }, { fields: [{ path: 'idNumber', key, params, message: translate(key, params) }] });
    }
    priority = priority ?? card.priority;
  }
  const seen: KioskRecognition = byStaff ? NOT_RECOGNISED : await h.verifiedVip({ idNumber: args.idNumber ?? null });
  return { priority: seen.vip ? 'vip' : priority, offer: seen.offer };
}

/**
 * 取号: by the kiosk presenting its device key, or by staff who may call tickets (a walk-in). The answer is the
 * same whether or not the ID number belongs to a customer: this device does not look customers up at all.
 */
async function issueTicket(
  h: IssueHandlerDeps,
  args: { service: string; priority?: PriorityKind | null; idNumber?: string; kioskKey?: string },
  ctx: CallContext,
): Promise<IssuedTicket> {
  const staff = ctx.actor && can(ctx.actor.roles, 'queue.call') ? ctx.actor : null;
  if (!staff && !deviceKeyMatches(h.deps.device.kioskKey, args.kioskKey)) {
    throw apiError(ctx.actor ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'queue.error.kioskOnly');
  }
  const config = await h.config.load();
  const service = mustService(config, args.service);
  const { priority, offer } = await ticketPriority(h, config, args, staff !== null, ctx.now);
  if (service.vipOnly && priority !== 'vip') throw apiError('FORBIDDEN', 'queue.error.vipOnly', { service: service.name });
  const issued = await h.issue({
    service: service.code, priority, customerId: null, now: ctx.now,
    by: staff?.staffNo ?? 'KIOSK', byName: staff?.name ?? translate('queue.kiosk.actor'),
  });
  const printed = await printTicket(h, issued, service.name, priority, offer, config, ctx.now);
  // A customer's ID number never leaves the core and is not stored.
  return {
    ...docView(issued.doc, config), branchName: h.deps.device.branchName ?? h.deps.branchName,
    ahead: issued.ahead, estimateSec: issued.estimateSec, printedBy: printed ? 'escpos' : null, offer,
  };
}

/** The branch head's counter mixes and service list, checked rule by rule, saved with its audit entry. */
async function saveConfig(c: Pick<CounterDeps, 'writes' | 'config' | 'commit' | 'board'>, config: QueueConfig, ctx: CallContext): Promise<QueueConfig> {
  const actor = actorOf(ctx);
  const issues = checkQueueConfig(config);
  if (issues.length) {
    throw apiError('VALIDATION', 'error.VALIDATION', { count: issues.length }, {
      fields: issues.map((i) => ({ path: i.path, key: i.key, params: i.params, message: translate(i.key, i.params) })),
    });
  }
  return c.writes.run(async () => {
    const existing = await c.config.read();
    const doc: ConfigDoc = {
      _id: QUEUE_CONFIG_ID, ...(existing?._rev ? { _rev: existing._rev } : {}), type: 'queue-config', ...config,
      updatedAt: ctx.now.toISOString(), updatedBy: actor.staffNo,
    };
    const before = existing ? (configOf(existing) as unknown as Record<string, unknown>) : null;
    await c.commit([doc], [auditOf(actor, 'queue.config', QUEUE_CONFIG_ID, ctx.now, before, config as unknown as Record<string, unknown>)]);
    c.config.forget();
    c.board.publish(ctx.now);
    return config;
  });
}

/** The queue's API on this device: each method a small function over the shared pieces wired here. */
export function queueHandlers(deps: QueueDeps): Handlers<typeof queueContract> {
  const sql = getSqlite(deps.pouch);
  const queries = queueQueries(sql);
  const log: QueueLog = deps.log ?? ((level, message, detail) => console[level](`[queue] ${message}`, detail ?? ''));
  const config = configStore(deps.pouch);
  const board = boardPublisher({ sql, queries, config, events: deps.events, branchName: deps.device.branchName ?? deps.branchName, log });
  const commit = committer(deps, () => board.invalidate());
  const counter: CounterDeps = { pouch: deps.pouch, writes: deps.writes, queries, config, commit, board, replies: new Map() };
  const stats: StatsDeps = { pouch: deps.pouch, queries, config };
  const issuing: IssueHandlerDeps = {
    deps, config, log,
    issue: ticketIssuer({ branch: deps.branch, writes: deps.writes, queries, config, commit, board }),
    verifiedVip: deps.verifiedVip ?? noVerifiedVip,
  };
  const counterAuth: CounterAuthDeps = { ...deps.counterAuth, counterKey: deps.device.counterKey, passKey: deps.device.passKey };

  return {
    'queue.board': async (_args, ctx) => board.board(ctx.now),
    'queue.marketing': async (_args, ctx) => marketingItems({ reference: deps.reference, log, timeZone: deps.timeZone }, ctx.now),
    'queue.issue': async (args, ctx) => issueTicket(issuing, args, ctx),
    'queue.counterLogin': async (args, ctx) => counterLogin(counterAuth, args, ctx.now, ctx.address),
    // The counter screen on this device itself (or a browser on it) is already where the queue is.
    'queue.connectCounter': async () => ({ connected: true as const }),
    'queue.config': async () => config.load(),
    'queue.saveConfig': async (args, ctx) => saveConfig(counter, args.config, ctx),
    'queue.counterState': async (args, ctx) => counterState(counter, args.counter, ctx.now),
    'queue.openCounter': async (args, ctx) => setCounter(counter, args.counter, false, ctx),
    'queue.pause': async (args, ctx) => setCounter(counter, args.counter, args.paused, ctx),
    'queue.callNext': async (args, ctx) => callNext(counter, args, ctx),
    'queue.recall': recall(counter),
    'queue.start': start(counter),
    'queue.finish': finish(counter),
    'queue.noShow': noShow(counter),
    'queue.transfer': transfer(counter),
    'queue.stats': async ({ from, to }) => queueStats(stats, from, to),
    'queue.statsCsv': async ({ from, to, lang }) => queueStatsCsvFile(stats, from, to, lang as Lang),
  };
}
