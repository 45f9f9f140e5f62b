import { OFFER_CHANNELS, type OfferChannel } from './segment-rules';
import type { FunnelLine } from './value-dashboard';

export interface ChannelConversion {
  /** Put to the customer and answered through this channel. */
  shown: number;
  accepted: number;
  declined: number;
  /** Accepted, then the offer's product opened within the window (value-dashboard.ts conversionFunnel). */
  opened: number;
}

export interface ConversionLine {
  segment: string;
  offer: string;
  /** Customers head office's rules made this offer (as of the day counted). */
  offered: number;
  byChannel: Record<OfferChannel, ChannelConversion>;
  shown: number;
  accepted: number;
  opened: number;
  /** Whether the offer names a product the feeds can show opened (else `opened` says nothing). */
  tracked: boolean;
  /** accepted / offered in basis points (0 when nobody was offered it). */
  conversionBp: number;
  /** opened / accepted in basis points, as 精微看板 counts it. */
  openedBp: number;
}

const bp = (n: number, of: number) => (of === 0 ? 0 : Math.floor((n * 10_000) / of));

/**
 * 精准营销 conversion per segment and offer, each split by channel: the offers made (from the segmentation) against
 * the funnel 精微看板 counts (shown → accepted → product opened, per segment, offer and channel — the same
 * conversionFunnel, so head office's command and the dashboards agree). An answer to an offer no longer made still
 * counts, on its own line (offered 0).
 */
export function conversionLines(offered: { segment: string; offer: string; customers: number }[], funnel: Iterable<FunnelLine>): ConversionLine[] {
  const key = (segment: string, offer: string) => `${segment}\u0000${offer}`;
  const lines = new Map<string, ConversionLine>();
  const line = (segment: string, offer: string): ConversionLine => {
    let l = lines.get(key(segment, offer));
    if (!l) {
      const byChannel = Object.fromEntries(OFFER_CHANNELS.map((c) => [c, { shown: 0, accepted: 0, declined: 0, opened: 0 }])) as ConversionLine['byChannel'];
      l = { segment, offer, offered: 0, byChannel, shown: 0, accepted: 0, opened: 0, tracked: false, conversionBp: 0, openedBp: 0 };
      lines.set(key(segment, offer), l);
    }
    return l;
  };
  for (const o of offered) line(o.segment, o.offer).offered += o.customers;
  for (const f of funnel) {
    const l = line(f.segment, f.offer);
    l.byChannel[f.channel] = { shown: f.shown, accepted: f.accepted, declined: f.shown - f.accepted, opened: f.opened };
    l.shown += f.shown;
    l.accepted += f.accepted;
    l.opened += f.opened;
    l.tracked ||= f.tracked;
  }
  for (const l of lines.values()) {
    l.conversionBp = bp(l.accepted, l.offered);
    l.openedBp = bp(l.opened, l.accepted);
  }
  return [...lines.values()];
}
