import { byEndOfDay, DEFAULT_TIME_ZONE, formatDate } from '../time/branch-time';
import { taskBoard, type MarketingTaskDoc } from './marketing-task';
import { OFFER_CHANNELS, type OfferChannel, type OpenableProduct } from './segment-rules';
import { TIER_CODES, type TierCode } from './value-rules';

/**
 * 精微看板 — the customer-value dashboard's figures, computed from documents (the branch's local store, or head
 * office's reporting store over every branch). Pure: the callers read the documents, this counts them, so the
 * branch head and head office see the same numbers from the same rules.
 */

/** How long after the customer accepted an offer an opening of its product still counts as its conversion. */
export const CONVERSION_WINDOW_DAYS = 30;

/** One answer a branch recorded to an offer head office made a customer (an `offer-response` document). */
export interface OfferAnswerAt {
  customerId: string;
  offer: string;
  segment: string;
  channel: OfferChannel;
  response: 'accepted' | 'declined';
  /** ISO time the answer was recorded. */
  at: string;
}

/** A product the customer opened: an account head office signed (deposit feed) or a loan disbursed (loan flow). */
export interface ProductOpening {
  customerId: string;
  product: OpenableProduct;
  /** ISO date or time it was opened. */
  at: string;
  ref: string;
}

export interface FunnelLine {
  segment: string;
  offer: string;
  channel: OfferChannel;
  /** Put to the customer and answered (accepted or not) through this channel. */
  shown: number;
  accepted: number;
  /** Accepted answers followed, within the window, by an opening of the offer's product. */
  opened: number;
  /** Whether the offer names a product the feeds can show opened (else `opened` stays 0 and says nothing). */
  tracked: boolean;
  acceptedBp: number;
  openedBp: number;
}

const bp = (n: number, of: number) => (of === 0 ? 0 : Math.floor((n * 10_000) / of));
/** Day number of an instant on the branch's calendar, for "within N days". */
const dayNo = (iso: string, timeZone: string) => {
  const d = formatDate(iso, timeZone);
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
};

/**
 * The offer funnel per segment, offer and channel: shown → accepted → product opened. An accepted answer converts
 * when the customer opens the offer's product on the day of the answer or within `windowDays` after; each opening
 * is attributed once, to the earliest accepted answer still waiting for one (a customer who accepts twice and
 * opens once converted once). Answers recorded after the end of `asOf` (a day of the branch's calendar in `timeZone`,
 * T+1 boards) are not counted.
 */
export function conversionFunnel(input: {
  answers: Iterable<OfferAnswerAt>;
  openings: Iterable<ProductOpening>;
  /** The product an offer leads to (null: not one the feeds show, e.g. wealth advice). */
  productOf: (offer: string) => OpenableProduct | null;
  asOf: string;
  timeZone?: string;
  windowDays?: number;
}): FunnelLine[] {
  const windowDays = input.windowDays ?? CONVERSION_WINDOW_DAYS;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const by = byEndOfDay(input.asOf, timeZone);
  const lines = new Map<string, FunnelLine>();
  const accepted: { answer: OfferAnswerAt; line: FunnelLine; product: OpenableProduct }[] = [];
  for (const a of input.answers) {
    if (!by(a.at)) continue;
    const key = `${a.segment}\u0000${a.offer}\u0000${a.channel}`;
    const product = input.productOf(a.offer);
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { segment: a.segment, offer: a.offer, channel: a.channel, shown: 0, accepted: 0, opened: 0, tracked: product !== null, acceptedBp: 0, openedBp: 0 }));
    line.shown++;
    if (a.response !== 'accepted') continue;
    line.accepted++;
    if (product) accepted.push({ answer: a, line, product });
  }
  const openings = new Map<string, ProductOpening[]>();
  for (const o of input.openings) {
    if (!by(o.at)) continue;
    const k = `${o.customerId}\u0000${o.product}`;
    const list = openings.get(k) ?? [];
    list.push(o);
    openings.set(k, list);
  }
  for (const list of openings.values()) list.sort((a, b) => a.at.localeCompare(b.at) || a.ref.localeCompare(b.ref));
  accepted.sort((a, b) => a.answer.at.localeCompare(b.answer.at));
  const claimed = new Set<ProductOpening>();
  for (const { answer, line, product } of accepted) {
    const from = dayNo(answer.at, timeZone);
    const hit = openings.get(`${answer.customerId}\u0000${product}`)?.find((o) => {
      const on = dayNo(o.at, timeZone);
      return !claimed.has(o) && on >= from && on - from <= windowDays;
    });
    if (!hit) continue;
    claimed.add(hit);
    line.opened++;
  }
  const channelOrder = (c: OfferChannel) => OFFER_CHANNELS.indexOf(c);
  const out = [...lines.values()].sort((a, b) => a.segment.localeCompare(b.segment) || a.offer.localeCompare(b.offer) || channelOrder(a.channel) - channelOrder(b.channel));
  for (const l of out) {
    l.acceptedBp = bp(l.accepted, l.shown);
    l.openedBp = bp(l.opened, l.accepted);
  }
  return out;
}

/** The funnel added up per channel (all segments) and over everything. */
export function funnelTotals(lines: readonly FunnelLine[]): { byChannel: Record<OfferChannel, FunnelTotal>; total: FunnelTotal } {
  const empty = (): FunnelTotal => ({ shown: 0, accepted: 0, opened: 0, acceptedBp: 0, openedBp: 0 });
  const byChannel = Object.fromEntries(OFFER_CHANNELS.map((c) => [c, empty()])) as Record<OfferChannel, FunnelTotal>;
  const total = empty();
  for (const l of lines) {
    for (const t of [byChannel[l.channel], total]) {
      t.shown += l.shown;
      t.accepted += l.accepted;
      t.opened += l.opened;
    }
  }
  for (const t of [...Object.values(byChannel), total]) {
    t.acceptedBp = bp(t.accepted, t.shown);
    t.openedBp = bp(t.opened, t.accepted);
  }
  return { byChannel, total };
}
export interface FunnelTotal {
  shown: number;
  accepted: number;
  opened: number;
  acceptedBp: number;
  openedBp: number;
}

/** Customers per tier, every tier listed (zeros too) in the rules' order. */
export function tierDistribution(tiers: Iterable<TierCode>): Record<TierCode, number> {
  const out = Object.fromEntries(TIER_CODES.map((t) => [t, 0])) as Record<TierCode, number>;
  for (const t of tiers) out[t]++;
  return out;
}

/** Customers each offer was made to (head office's segmentation as published), per segment and offer. */
export function offersMade(offers: Iterable<{ segment: string; code: string }>): { segment: string; offer: string; customers: number }[] {
  const m = new Map<string, { segment: string; offer: string; customers: number }>();
  for (const o of offers) {
    const k = `${o.segment}\u0000${o.code}`;
    const e = m.get(k) ?? { segment: o.segment, offer: o.code, customers: 0 };
    e.customers++;
    m.set(k, e);
  }
  return [...m.values()].sort((a, b) => a.segment.localeCompare(b.segment) || a.offer.localeCompare(b.offer));
}

/** Points moved in a period, from the points ledger's transactions on customers' accounts (points, not fen). */
export interface PointsFlows {
  /** Accrued to customers (month-end accrual). */
  issued: number;
  /** Spent by customers: partner-shop vouchers and mall orders. */
  redeemed: number;
  /** Lapsed (FIFO expiry). */
  expired: number;
  /** Given back to customers: expired vouchers and reversals. */
  returned: number;
  /** Partner-shop vouchers a shop redeemed (count). */
  vouchersRedeemed: number;
}

/** The dashboard of one branch (or of all together), as the desk's 精微看板 and head office's /value show it. */
export interface ValueDashboard {
  /** Counted to the end of this day. */
  date: string;
  /** Customers head office published a tier for. */
  customers: number;
  tiers: Record<TierCode, number>;
  /** Points the customers hold, as head office last published them. */
  pointsHeld: number;
  /** Head office's offers made, per segment and offer. */
  offersMade: { segment: string; offer: string; title: string; customers: number }[];
  /** shown → accepted → product opened, per segment, offer and channel. */
  funnel: (FunnelLine & { title: string })[];
  funnelByChannel: Record<OfferChannel, FunnelTotal>;
  funnelTotal: FunnelTotal;
  /** 精微易享 from head office's newest statement (null: none yet). */
  partners: { month: string; partners: number; effectivePartners: number } | null;
  /** 农户建档 and merchants: households on record and filed, merchants known and reached by a filing task. */
  filing: { households: number; householdsFiled: number; merchants: number; merchantsFiled: number };
  /** 点亮侯马 tasks per grid and manager as of `date`. */
  tasks: ReturnType<typeof taskBoard>;
}

/** A published customer value as the dashboard counts it (the signed document's fields). */
export interface PublishedValue {
  tier: TierCode;
  points: number;
  offer?: { code: string; segment: string; title: string; opens?: OpenableProduct } | undefined;
}

/**
 * Puts one dashboard together from the documents its caller read and trusted: the branch from its local store,
 * head office from its reporting store (per branch, and over all branches).
 */
export function valueDashboard(input: {
  asOf: string;
  /** The branch's time zone, whose calendar `asOf` is a day of. */
  timeZone?: string;
  values: readonly PublishedValue[];
  answers: readonly OfferAnswerAt[];
  openings: Iterable<ProductOpening>;
  tasks: readonly MarketingTaskDoc[];
  partners: ValueDashboard['partners'];
  households: { households: number; householdsFiled: number };
  merchants: number;
}): ValueDashboard {
  const titles = new Map<string, string>();
  const opens = new Map<string, OpenableProduct>();
  for (const v of input.values) {
    if (!v.offer) continue;
    titles.set(v.offer.code, v.offer.title);
    if (v.offer.opens) opens.set(v.offer.code, v.offer.opens);
  }
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const by = byEndOfDay(input.asOf, timeZone);
  const funnel = conversionFunnel({ answers: input.answers, openings: input.openings, productOf: (o) => opens.get(o) ?? null, asOf: input.asOf, timeZone });
  const totals = funnelTotals(funnel);
  const merchantsFiled = new Set(
    input.tasks.filter((t) => t.kind === 'file-merchant' && t.status === 'done' && t.outcome !== 'not-home' && t.workedAt !== null && by(t.workedAt)).map((t) => t.target.id),
  ).size;
  return {
    date: input.asOf,
    customers: input.values.length,
    tiers: tierDistribution(input.values.map((v) => v.tier)),
    pointsHeld: input.values.reduce((s, v) => s + v.points, 0),
    offersMade: offersMade(input.values.flatMap((v) => (v.offer ? [v.offer] : []))).map((o) => ({ ...o, title: titles.get(o.offer) ?? o.offer })),
    funnel: funnel.map((l) => ({ ...l, title: titles.get(l.offer) ?? l.offer })),
    funnelByChannel: totals.byChannel,
    funnelTotal: totals.total,
    partners: input.partners,
    filing: { ...input.households, merchants: input.merchants, merchantsFiled },
    tasks: taskBoard(input.tasks, input.asOf, timeZone),
  };
}
