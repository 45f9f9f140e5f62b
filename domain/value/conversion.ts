import { OFFER_CHANNELS, type OfferChannel } from './segment-rules';

/** One answer a branch recorded to an offer (the fields of an `offer-response` document that are counted). */
export interface OfferAnswer {
  offer: string;
  segment: string;
  channel: OfferChannel;
  response: 'accepted' | 'declined';
}

export interface ConversionLine {
  segment: string;
  offer: string;
  /** Customers head office's rules made this offer (as of the day counted). */
  offered: number;
  byChannel: Record<OfferChannel, { accepted: number; declined: number }>;
  accepted: number;
  /** accepted / offered in basis points (0 when nobody was offered it). */
  conversionBp: number;
}

/**
 * 精准营销 conversion per segment and channel: the offers made (from the segmentation) against the answers the
 * branches recorded. An answer to an offer no longer made still counts, on its own line (offered 0).
 */
export function conversionLines(offered: { segment: string; offer: string; customers: number }[], answers: Iterable<OfferAnswer>): ConversionLine[] {
  const key = (segment: string, offer: string) => `${segment}\u0000${offer}`;
  const lines = new Map<string, ConversionLine>();
  const line = (segment: string, offer: string): ConversionLine => {
    let l = lines.get(key(segment, offer));
    if (!l) {
      const byChannel = Object.fromEntries(OFFER_CHANNELS.map((c) => [c, { accepted: 0, declined: 0 }])) as ConversionLine['byChannel'];
      l = { segment, offer, offered: 0, byChannel, accepted: 0, conversionBp: 0 };
      lines.set(key(segment, offer), l);
    }
    return l;
  };
  for (const o of offered) line(o.segment, o.offer).offered += o.customers;
  for (const a of answers) {
    const l = line(a.segment, a.offer);
    l.byChannel[a.channel][a.response]++;
    if (a.response === 'accepted') l.accepted++;
  }
  for (const l of lines.values()) l.conversionBp = l.offered === 0 ? 0 : Math.floor((l.accepted * 10_000) / l.offered);
  return [...lines.values()];
}
