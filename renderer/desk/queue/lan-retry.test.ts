import { describe, expect, it } from 'vitest';
import { withLanRetry } from './lan-retry';

const lan = new Error('lan');
const refused = new Error('refused');

describe('LAN retry', () => {
  it('retries only lost connections, with growing pauses, until an answer comes', async () => {
    const answers: (Error | string)[] = [lan, lan, lan, 'A001'];
    const delays: number[] = [];
    const attempts: number[] = [];
    const result = await withLanRetry(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    }, { isLanError: (e) => e === lan, onAttemptFailed: (n) => attempts.push(n), cancelled: () => false, sleep: async (ms) => void delays.push(ms) });
    expect(result).toEqual({ ok: true, value: 'A001' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('stops at a refusal and when cancelled', async () => {
    expect(await withLanRetry(async () => { throw refused; }, { isLanError: (e) => e === lan, onAttemptFailed: () => undefined, cancelled: () => false, sleep: async () => undefined }))
      .toEqual({ ok: false, error: refused });
    let tries = 0;
    const r = await withLanRetry(async () => { tries++; throw lan; }, { isLanError: () => true, onAttemptFailed: () => undefined, cancelled: () => tries >= 2, sleep: async () => undefined });
    expect(r).toEqual({ ok: false, cancelled: true });
    expect(tries).toBe(2);
  });
});
