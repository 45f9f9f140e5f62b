import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, isRefusal, LoginThrottle, type Attempt } from './login-throttle';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('login limits', () => {
  it('decides before hashing: of forty parallel guesses at most five are checked', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now, { ...DEFAULT_LIMITS, concurrent: 100, perAddressPerMinute: 100 });
    const started = Array.from({ length: 40 }, () => throttle.begin('M001', '10.0.0.66'));
    const admitted = started.filter((a): a is Attempt => !isRefusal(a));
    expect(admitted).toHaveLength(5);
    admitted.forEach((a) => a.failed());
    // Right password after that: still locked from this address.
    expect(throttle.begin('M001', '10.0.0.66')).toMatchObject({ reason: 'locked' });
  });

  it('locks a staff number per address, so a LAN client cannot lock the teller out of their own counter', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    for (let i = 0; i < 5; i++) (throttle.begin('T001', '10.0.0.66') as Attempt).failed();
    expect(throttle.begin('T001', '10.0.0.66')).toMatchObject({ reason: 'locked', retryAfterMs: 30_000 });
    const own = throttle.begin('T001', '10.0.0.21');
    expect(isRefusal(own)).toBe(false);
    (own as Attempt).succeeded();
  });

  it('lifts the lock and the delay once head office signs a new password for the person (a reset)', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now, { ...DEFAULT_LIMITS, perAddressPerMinute: 1000, staffFailuresBeforeDelay: 5 });
    for (let i = 0; i < 5; i++) (throttle.begin('T001', 'x', 'hash-1') as Attempt).failed();
    expect(throttle.begin('T001', 'x', 'hash-1')).toMatchObject({ reason: 'locked' });
    const afterReset = throttle.begin('T001', 'x', 'hash-2');
    expect(isRefusal(afterReset)).toBe(false);
    (afterReset as Attempt).failed();
    // Guessing against the new password starts the count again; it is not a way around the limits.
    for (let i = 0; i < 4; i++) (throttle.begin('T001', 'x', 'hash-2') as Attempt).failed();
    expect(throttle.begin('T001', 'x', 'hash-2')).toMatchObject({ reason: 'locked' });
  });

  it('makes each further lock longer, up to fifteen minutes', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now, { ...DEFAULT_LIMITS, perAddressPerMinute: 1000, staffFailuresBeforeDelay: 1000 });
    const locks: number[] = [];
    for (let round = 0; round < 7; round++) {
      for (let i = 0; i < 5; i++) (throttle.begin('T001', 'x') as Attempt).failed();
      const r = throttle.begin('T001', 'x');
      locks.push(isRefusal(r) ? r.retryAfterMs : 0);
      c.advance(locks[locks.length - 1]!);
    }
    expect(locks).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it('slows guessing spread over many addresses with a growing delay instead of a lock', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    for (let i = 0; i < 20; i++) (throttle.begin('H001', `10.0.1.${i}`) as Attempt).failed();
    const next = throttle.begin('H001', '10.0.2.1');
    expect(next).toMatchObject({ reason: 'slow-down' });
    c.advance((next as { retryAfterMs: number }).retryAfterMs);
    const later = throttle.begin('H001', '10.0.2.1');
    expect(isRefusal(later)).toBe(false);
    (later as Attempt).succeeded();
    // A success ends the delay: the real person is not held back.
    expect(isRefusal(throttle.begin('H001', '10.0.2.2'))).toBe(false);
  });

  it('limits attempts per address across staff numbers, and hashes in flight for everyone', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    const spray = Array.from({ length: 25 }, (_, i) => {
      const a = throttle.begin(`T${100 + i}`, '10.0.0.66');
      if (!isRefusal(a)) a.failed();
      return a;
    });
    expect(spray.filter(isRefusal).map((r) => r.reason)).toContain('address');
    expect(spray.filter((a) => !isRefusal(a))).toHaveLength(20);

    const busy = new LoginThrottle(c.now);
    const inFlight = Array.from({ length: 6 }, (_, i) => busy.begin(`T${i}`, `10.0.3.${i}`));
    expect(inFlight.filter(isRefusal).map((r) => r.reason)).toEqual(['busy', 'busy']);
  });
  it('counts only unsuccessful attempts against an address, so a desk whose branch head authorises all day is not held back', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    for (let i = 0; i < 60; i++) {
      const a = throttle.begin('H001', 'local');
      expect(isRefusal(a)).toBe(false);
      (a as Attempt).succeeded();
    }
    // Spraying from there is still limited.
    const spray = Array.from({ length: 25 }, (_, i) => {
      const a = throttle.begin(`T${100 + i}`, 'local');
      if (!isRefusal(a)) a.failed();
      return a;
    });
    expect(spray.filter((a) => !isRefusal(a))).toHaveLength(20);
  });
});
