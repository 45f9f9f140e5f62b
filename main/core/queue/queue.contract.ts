import { z } from 'zod';
import { PRIORITY_KINDS, type PriorityKind, type QueueConfig } from '../../../domain/queue/config';
import type { QueueStats } from '../../../domain/queue/stats';
import type { TicketState } from '../../../domain/queue/ticket';
import { method } from '../api/method';
import type { TicketOffer } from './vip';

export interface QueueServiceView {
  code: string;
  prefix: string;
  name: string;
  nameEn: string;
  vipOnly: boolean;
  waiting: number;
  /** What a new ordinary ticket would be told now; null when no open counter serves the service. */
  estimateSec: number | null;
}

export interface QueueCall {
  ticketId: string;
  number: string;
  service: string;
  serviceName: string;
  counter: number;
  counterName: string;
  at: string;
  recall: boolean;
}

export interface QueueCounterView {
  no: number;
  name: string;
  services: { service: string; weight: number }[];
  open: boolean;
  paused: boolean;
  teller: string | null;
  current: string | null;
}

/** A counter as the public board shows it: who sits there is for staff screens only (counterState). */
export type QueueBoardCounter = Omit<QueueCounterView, 'teller'>;

/** Everything the hall display shows. Public: numbers and counters only, never a customer's or a teller's data. */
export interface QueueBoard {
  day: string;
  branchName: string;
  latest: QueueCall[];
  services: QueueServiceView[];
  counters: QueueBoardCounter[];
}

export interface TicketView {
  id: string;
  number: string;
  service: string;
  serviceName: string;
  priority: PriorityKind | null;
  state: TicketState;
  issuedAt: string;
  queuedAt: string;
  counter: number | null;
  calledAt: string | null;
  recalls: number;
  front: boolean;
  targetCounter: number | null;
  customerId: string | null;
}

export interface IssuedTicket extends TicketView {
  branchName: string;
  ahead: number;
  estimateSec: number | null;
  /** 'escpos' when this device's thermal printer took it; null means the page prints it (HTML print). */
  printedBy: 'escpos' | null;
  /** 精准营销: head office's offer for a VIP the kiosk recognised (only a VIP's ticket carries one; never stored). */
  offer: TicketOffer | null;
}

export interface CounterState {
  counter: QueueCounterView;
  current: TicketView | null;
  /** The next few tickets this counter could call, in calling order. */
  waiting: TicketView[];
  servedToday: number;
}

export interface MarketingItem {
  id: string;
  title: string;
  body: string;
  tag: string | null;
}

export interface QueueStatsView extends QueueStats {
  from: string;
  to: string;
  serviceNames: Record<string, string>;
  tellerNames: Record<string, string>;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day');
const counterNo = z.number().int().min(1).max(99);
const serviceCode = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, 'service');
// Lets a counter retry after a lost reply without calling a second customer.
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional();

export const queueConfigInput = z.object({
  services: z.array(z.object({
    code: serviceCode,
    prefix: z.string().regex(/^[A-Z]$/, 'prefix'),
    name: z.string().trim().min(1).max(20),
    nameEn: z.string().trim().min(1).max(40),
    rangeStart: z.number().int().min(1).max(9999),
    rangeEnd: z.number().int().min(1).max(9999),
    defaultServiceSec: z.number().int().min(30).max(7200),
    vipOnly: z.boolean().optional(),
  })).min(1).max(12),
  counters: z.array(z.object({
    no: counterNo,
    name: z.string().trim().min(1).max(20),
    services: z.array(z.object({ service: serviceCode, weight: z.number().int().min(1).max(10) })).max(12),
  })).max(40),
  maxPriorityStreak: z.number().int().min(1).max(20),
  elderAge: z.number().int().min(0).max(120),
  estimateSamples: z.number().int().min(3).max(200),
  utcOffsetMinutes: z.number().int().min(-720).max(840),
}) satisfies z.ZodType<QueueConfig>;

const onCounter = z.object({ counter: counterNo, requestId });

export const queueContract = {
  'queue.board': method<QueueBoard>()(z.object({}), 'public'),
  'queue.marketing': method<MarketingItem[]>()(z.object({}), 'public'),
  /**
   * Public at the transport, checked in the handler: a staff member with queue.call, or the kiosk device
   * presenting its device key (see queue-device.ts). The hall display cannot issue tickets.
   */
  'queue.issue': method<IssuedTicket>()(
    z.object({
      service: serviceCode,
      priority: z.enum(PRIORITY_KINDS).nullable().optional(),
      idNumber: z.string().trim().max(18).optional(),
      kioskKey: z.string().max(100).optional(),
    }),
    'public',
  ),
  /**
   * A counter PC running its own core asks for a counter session for the teller logged in there. It presents the
   * counter key (this PC is one of the branch's counters) AND the teller's own proof: her password, checked here
   * against the staff record as a login would, or the counter pass this device gave her earlier that day (after a
   * restart of this device). The session may call COUNTER_SESSION_METHODS only.
   */
  'queue.counterLogin': method<CounterLogin>()(
    z.union([
      z.strictObject({ counterKey: z.string().max(100), staffNo: z.string().trim().min(1).max(20), password: z.string().min(1).max(200) }),
      z.strictObject({ counterKey: z.string().max(100), pass: z.string().min(1).max(1000) }),
    ]),
    'public',
  ),
  /**
   * On a counter PC: connects the logged-in teller to the queue device again with her password (the queue device
   * was unreachable at login, or her counter pass ran out). Elsewhere it has nothing to do.
   */
  'queue.connectCounter': method<{ connected: true }>()(z.object({ password: z.string().min(1).max(200) }), 'queue.call'),
  'queue.config': method<QueueConfig>()(z.object({}), 'authenticated'),
  'queue.saveConfig': method<QueueConfig>()(z.object({ config: queueConfigInput }), 'queue.manage'),
  'queue.counterState': method<CounterState>()(z.object({ counter: counterNo }), 'queue.call'),
  'queue.openCounter': method<CounterState>()(z.object({ counter: counterNo }), 'queue.call'),
  'queue.pause': method<CounterState>()(z.object({ counter: counterNo, paused: z.boolean() }), 'queue.call'),
  'queue.callNext': method<TicketView>()(z.object({ counter: counterNo, service: serviceCode.optional(), requestId }), 'queue.call'),
  'queue.recall': method<TicketView>()(onCounter, 'queue.call'),
  'queue.start': method<TicketView>()(onCounter, 'queue.call'),
  'queue.finish': method<TicketView>()(onCounter, 'queue.call'),
  'queue.noShow': method<TicketView>()(onCounter, 'queue.call'),
  'queue.transfer': method<TicketView>()(
    z.object({ counter: counterNo, toService: serviceCode.optional(), toCounter: counterNo.optional(), requestId })
      .refine((a) => a.toService !== undefined || a.toCounter !== undefined, { message: 'queue.transfer.target', path: ['toService'] }),
    'queue.call',
  ),
  'queue.stats': method<QueueStatsView>()(z.object({ from: day, to: day }), 'queue.stats'),
  'queue.statsCsv': method<{ filename: string; csv: string }>()(z.object({ from: day, to: day, lang: z.enum(['zh-CN', 'en']).default('zh-CN') }), 'queue.stats'),
};

/** What a counter PC gets for its teller: a session on this device and the pass that renews it until `expiresAt`. */
export interface CounterLogin {
  token: string;
  pass: string;
  expiresAt: string;
}

/**
 * All a counter session may do: read the board, run its counter (open, pause, call, recall, start, finish,
 * no-show, transfer) and log out. Not the configuration, statistics, ticket issuing or anything outside the queue.
 */
export const COUNTER_SESSION_METHODS = [
  'queue.board', 'queue.marketing', 'queue.counterState', 'queue.openCounter', 'queue.pause', 'queue.callNext',
  'queue.recall', 'queue.start', 'queue.finish', 'queue.noShow', 'queue.transfer', 'session.logout',
] as const;

/**
 * The whole API of the queue device's LAN service (main/host/branch-host.ts `lan`): what kiosks, hall displays and
 * counter PCs need. Everything else, login included, is refused on that listener.
 */
export const LAN_METHODS: readonly string[] = ['queue.board', 'queue.marketing', 'queue.issue', 'queue.counterLogin', ...COUNTER_SESSION_METHODS];

export interface QueueEvents {
  /** The whole public board after every change; displays and counters redraw from it. */
  'queue.updated': QueueBoard;
  /** A call or recall to announce in the hall. */
  'queue.called': QueueCall;
  /** The kiosk's marketing items after head office published a change to the `reference` database. */
  'queue.marketing': MarketingItem[];
}

export const QUEUE_PUBLIC_EVENTS = ['queue.updated', 'queue.called', 'queue.marketing'] as const;
