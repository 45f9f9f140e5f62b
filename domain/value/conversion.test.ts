import { describe, expect, it } from 'vitest';
import { conversionLines } from './conversion';
import { conversionFunnel, type OfferAnswerAt } from './value-dashboard';

const answer = (n: number, offer: string, segment: string, channel: OfferAnswerAt['channel'], response: OfferAnswerAt['response']): OfferAnswerAt =>
  ({ customerId: `customer:${n}`, offer, segment, channel, response, at: '2026-12-01T02:00:00.000Z' });

describe('offer conversion', () => {
  it('counts answers and openings per segment, offer and channel (the dashboard\'s funnel) against the customers offered', () => {
    const funnel = conversionFunnel({
      answers: [
        answer(1, 'time-deposit', 'idle-demand', 'kiosk', 'accepted'),
        answer(2, 'time-deposit', 'idle-demand', 'desk', 'declined'),
        answer(3, 'time-deposit', 'idle-demand', 'desk', 'accepted'),
        answer(4, 'gone', 'old', 'task', 'accepted'),
      ],
      // Customer 1 opened the time deposit a week later; customer 3 opened only a demand account.
      openings: [
        { customerId: 'customer:1', product: 'time', at: '2026-12-08', ref: 'account:1' },
        { customerId: 'customer:3', product: 'demand', at: '2026-12-02', ref: 'account:2' },
      ],
      productOf: (o) => (o === 'time-deposit' ? 'time' : null),
      asOf: '2026-12-10',
    });
    const lines = conversionLines([{ segment: 'idle-demand', offer: 'time-deposit', customers: 4 }, { segment: 'turning-60', offer: 'pension-card', customers: 2 }], funnel);
    const none = { shown: 0, accepted: 0, declined: 0, opened: 0 };
    expect(lines).toEqual([
      {
        segment: 'idle-demand', offer: 'time-deposit', offered: 4, shown: 3, accepted: 2, opened: 1, tracked: true, conversionBp: 5_000, openedBp: 5_000,
        byChannel: { desk: { shown: 2, accepted: 1, declined: 1, opened: 0 }, kiosk: { shown: 1, accepted: 1, declined: 0, opened: 1 }, task: none },
      },
      {
        segment: 'turning-60', offer: 'pension-card', offered: 2, shown: 0, accepted: 0, opened: 0, tracked: false, conversionBp: 0, openedBp: 0,
        byChannel: { desk: none, kiosk: none, task: none },
      },
      {
        segment: 'old', offer: 'gone', offered: 0, shown: 1, accepted: 1, opened: 0, tracked: false, conversionBp: 0, openedBp: 0,
        byChannel: { desk: none, kiosk: none, task: { shown: 1, accepted: 1, declined: 0, opened: 0 } },
      },
    ]);
  });
});
