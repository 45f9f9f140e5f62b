import { describe, expect, it } from 'vitest';
import { Uplink } from './uplink';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Uplink', () => {
  // A line of 100 bytes/ms with a 40 ms round trip, as learned from earlier requests.
  const learned = () => {
    const up = new Uplink();
    up.observe(0, 40);
    up.observe(10_000, 140);
    return up;
  };

  it('starts the next upload shortly before the current one should end when the body announces its size on the way', async () => {
    const up = learned();
    let secondStartedAt = 0;
    let firstAnsweredAt = 0;
    const t0 = performance.now();
    // 20,000 bytes ≈ 200 ms on this line: the next one may start about 170 ms in, before this answer (~240 ms).
    const first = up.send(0, async (announce) => {
      await sleep(5); // the body is being gzipped
      announce(20_000);
      await sleep(240);
      firstAnsweredAt = performance.now() - t0;
    });
    const second = up.send(0, async () => {
      secondStartedAt = performance.now() - t0;
    });
    await Promise.all([first, second]);
    expect(secondStartedAt).toBeGreaterThan(100);
    expect(secondStartedAt).toBeLessThan(firstAnsweredAt);
  });

  it('without a size the next upload waits for the answer', async () => {
    const up = learned();
    const order: string[] = [];
    await Promise.all([
      up.send(0, async () => {
        await sleep(60);
        order.push('first answered');
      }),
      up.send(0, async () => {
        order.push('second started');
      }),
    ]);
    expect(order).toEqual(['first answered', 'second started']);
  });
});
