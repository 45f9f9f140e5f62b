import { describe, expect, it } from 'vitest';
import { conversionFunnel, funnelTotals, offersMade, tierDistribution, type OfferAnswerAt, type ProductOpening } from './value-dashboard';

const answer = (customerId: string, at: string, over: Partial<OfferAnswerAt> = {}): OfferAnswerAt => ({
  customerId, offer: 'time-deposit', segment: 'idle-demand', channel: 'desk', response: 'accepted', at, ...over,
});
const opening = (customerId: string, at: string, product: ProductOpening['product'] = 'time'): ProductOpening => ({ customerId, product, at, ref: `${customerId}/${at}` });
const productOf = (offer: string) => (offer === 'time-deposit' ? 'time' : offer === 'loan-renewal' ? 'loan' : null);

describe('conversionFunnel: shown → accepted → product opened', () => {
  it('counts an opening of the offer\'s product on the day of the answer or within the window, not before and not another product', () => {
    const lines = conversionFunnel({
      answers: [
        answer('A', '2026-11-02T03:00:00Z'),
        answer('B', '2026-11-02T03:00:00Z'),
        answer('C', '2026-11-02T03:00:00Z'),
        answer('D', '2026-11-02T03:00:00Z'),
        answer('E', '2026-11-02T03:00:00Z', { response: 'declined' }),
      ],
      openings: [
        opening('A', '2026-11-02'), // same day: converts
        opening('B', '2026-11-01'), // before the offer: not its conversion
        opening('C', '2026-12-03'), // 31 days later: outside the 30-day window
        opening('D', '2026-11-20', 'demand'), // another product
        opening('E', '2026-11-03'), // declined: never converts
      ],
      productOf, asOf: '2026-12-31',
    });
    expect(lines).toEqual([
      { segment: 'idle-demand', offer: 'time-deposit', channel: 'desk', shown: 5, accepted: 4, opened: 1, tracked: true, acceptedBp: 8000, openedBp: 2500 },
    ]);
  });

  it('attributes one opening once: two acceptances, one account → one conversion, to the earlier answer\'s channel', () => {
    const lines = conversionFunnel({
      answers: [answer('A', '2026-11-05T03:00:00Z', { channel: 'task' }), answer('A', '2026-11-02T03:00:00Z', { channel: 'kiosk' })],
      openings: [opening('A', '2026-11-06')],
      productOf, asOf: '2026-11-30',
    });
    expect(lines.map((l) => [l.channel, l.accepted, l.opened])).toEqual([['kiosk', 1, 1], ['task', 1, 0]]);
    expect(funnelTotals(lines).total).toEqual({ shown: 2, accepted: 2, opened: 1, acceptedBp: 10000, openedBp: 5000 });
    expect(funnelTotals(lines).byChannel.desk).toEqual({ shown: 0, accepted: 0, opened: 0, acceptedBp: 0, openedBp: 0 });
  });

  it('as of a day: later answers and openings are not counted yet (T+1); an offer with no product is untracked', () => {
    const answers = [answer('A', '2026-11-02T03:00:00Z'), answer('B', '2026-11-03T03:00:00Z'), answer('C', '2026-11-02T03:00:00Z', { offer: 'wealth-review', segment: 'high-value' })];
    const openings = [opening('A', '2026-11-03')];
    const before = conversionFunnel({ answers, openings, productOf, asOf: '2026-11-02' });
    expect(before.find((l) => l.offer === 'time-deposit')).toMatchObject({ shown: 1, accepted: 1, opened: 0 });
    const after = conversionFunnel({ answers, openings, productOf, asOf: '2026-11-03' });
    expect(after.find((l) => l.offer === 'time-deposit')).toMatchObject({ shown: 2, accepted: 2, opened: 1, openedBp: 5000 });
    expect(after.find((l) => l.offer === 'wealth-review')).toMatchObject({ tracked: false, accepted: 1, opened: 0 });
  });

  it('cuts by the branch\'s day, not UTC\'s: an answer at 01:00 in Beijing belongs to that Beijing day', () => {
    // 2026-11-02T17:00Z is 2026-11-03 01:00 in Beijing; its opening the same Beijing morning converts it.
    const answers = [answer('A', '2026-11-02T17:00:00Z')];
    const openings = [opening('A', '2026-11-02T23:30:00Z')];
    expect(conversionFunnel({ answers, openings, productOf, asOf: '2026-11-02' })).toEqual([]);
    expect(conversionFunnel({ answers, openings, productOf, asOf: '2026-11-03' })[0]).toMatchObject({ shown: 1, accepted: 1, opened: 1 });
    // The same instant is still 2026-11-02 in New York.
    expect(conversionFunnel({ answers, openings, productOf, asOf: '2026-11-02', timeZone: 'America/New_York' })[0]).toMatchObject({ shown: 1, opened: 1 });
  });
});

describe('tiers and offers made', () => {
  it('lists every tier, zeros too, and counts each offer per segment', () => {
    expect(tierDistribution(['gold', 'standard', 'gold'])).toEqual({ standard: 1, silver: 0, gold: 2, platinum: 0, diamond: 0 });
    expect(offersMade([{ segment: 's', code: 'b' }, { segment: 's', code: 'a' }, { segment: 's', code: 'b' }])).toEqual([
      { segment: 's', offer: 'a', customers: 1 }, { segment: 's', offer: 'b', customers: 2 },
    ]);
  });
});
