import { describe, expect, it } from 'vitest';
import { conversionLines } from './conversion';

describe('offer conversion', () => {
  it('counts answers per segment, offer and channel against the customers offered', () => {
    const lines = conversionLines(
      [{ segment: 'idle-demand', offer: 'time-deposit', customers: 4 }, { segment: 'turning-60', offer: 'pension-card', customers: 2 }],
      [
        { segment: 'idle-demand', offer: 'time-deposit', channel: 'kiosk', response: 'accepted' },
        { segment: 'idle-demand', offer: 'time-deposit', channel: 'desk', response: 'declined' },
        { segment: 'idle-demand', offer: 'time-deposit', channel: 'desk', response: 'accepted' },
        { segment: 'old', offer: 'gone', channel: 'task', response: 'accepted' },
      ],
    );
    expect(lines).toEqual([
      {
        segment: 'idle-demand', offer: 'time-deposit', offered: 4, accepted: 2, conversionBp: 5_000,
        byChannel: { desk: { accepted: 1, declined: 1 }, kiosk: { accepted: 1, declined: 0 }, task: { accepted: 0, declined: 0 } },
      },
      {
        segment: 'turning-60', offer: 'pension-card', offered: 2, accepted: 0, conversionBp: 0,
        byChannel: { desk: { accepted: 0, declined: 0 }, kiosk: { accepted: 0, declined: 0 }, task: { accepted: 0, declined: 0 } },
      },
      {
        segment: 'old', offer: 'gone', offered: 0, accepted: 1, conversionBp: 0,
        byChannel: { desk: { accepted: 0, declined: 0 }, kiosk: { accepted: 0, declined: 0 }, task: { accepted: 1, declined: 0 } },
      },
    ]);
  });
});
