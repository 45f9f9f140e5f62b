/**
 * Limits on password guessing, decided before any slow hash is computed: an attempt reserves its place at once,
 * and attempts still being checked count as failures, so forty parallel guesses get five hashes, not forty.
 *
 * - staff + address: 5 wrong passwords lock that staff number *from that address* for 30 s, doubling with each
 *   further lock up to 15 min. Another PC (the teller's own counter) is not affected, so a LAN client cannot lock
 *   tellers out at will.
 * - staff, from any address: after 20 wrong passwords within an hour, attempts are spaced by a delay that grows
 *   (1 s, 2 s, … 60 s) instead of a lock — guessing spread over many addresses stays slow, the teller still gets in.
 * - address: at most 20 attempts a minute per address, whatever the staff numbers (password spraying); a success
 *   gives its place back.
 * - everyone: at most 4 hashes at once and 240 attempts a minute, so logins cannot starve the branch's PC.
 * - a password head office signs anew (a reset by the branch head) lifts the person's lock and delay: counting
 *   failures against a password that no longer exists would keep the teller out after the fix the bank expects.
 */
export interface ThrottleLimits {
  failuresBeforeLock: number;
  lockBaseMs: number;
  lockMaxMs: number;
  staffFailuresBeforeDelay: number;
  staffWindowMs: number;
  staffDelayMaxMs: number;
  perAddressPerMinute: number;
  concurrent: number;
  globalPerMinute: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  failuresBeforeLock: 5, lockBaseMs: 30_000, lockMaxMs: 15 * 60_000,
  staffFailuresBeforeDelay: 20, staffWindowMs: 60 * 60_000, staffDelayMaxMs: 60_000,
  perAddressPerMinute: 20, concurrent: 4, globalPerMinute: 240,
};

export type Refusal = { reason: 'locked' | 'slow-down' | 'address' | 'busy'; retryAfterMs: number };

export interface Attempt {
  succeeded(): void;
  failed(): void;
  /** Neither: the check could not be made (an error); the attempt is forgotten. */
  abandoned(): void;
}

interface PairState { failures: number; pending: number; locks: number; lockedUntil: number; touched: number; credential: string }
interface StaffState { failures: number; windowStart: number; nextAt: number; touched: number; credential: string }
interface Bucket { tokens: number; at: number }

const MAX_TRACKED = 10_000;

export class LoginThrottle {
  private readonly pairs = new Map<string, PairState>();
  private readonly staff = new Map<string, StaffState>();
  private readonly addresses = new Map<string, Bucket>();
  private readonly global: Bucket;
  private inFlight = 0;

  constructor(private readonly clock: () => number = Date.now, private readonly limits: ThrottleLimits = DEFAULT_LIMITS) {
    this.global = { tokens: limits.globalPerMinute, at: clock() };
  }

  /**
   * Reserves an attempt or says why not; synchronous, so concurrent requests cannot slip past each other.
   * `credential` names the signed password being guessed at (its hash; '' when unknown): a new one starts afresh.
   */
  begin(staffNo: string, address: string, credential = ''): Attempt | Refusal {
    const now = this.clock();
    const L = this.limits;
    this.prune(now);
    const pairKey = `${staffNo}\u0000${address}`;
    const known = this.pairs.get(pairKey);
    const pair = known && (known.credential === credential || known.pending > 0) ? known : { failures: 0, pending: 0, locks: 0, lockedUntil: 0, touched: now, credential };
    if (pair.lockedUntil > now) return { reason: 'locked', retryAfterMs: pair.lockedUntil - now };
    if (pair.failures + pair.pending >= L.failuresBeforeLock) return { reason: 'locked', retryAfterMs: L.lockBaseMs };
    const knownPerson = this.staff.get(staffNo);
    const person = knownPerson?.credential === credential ? knownPerson : { failures: 0, windowStart: now, nextAt: 0, touched: now, credential };
    if (person.nextAt > now) return { reason: 'slow-down', retryAfterMs: person.nextAt - now };
    const bucket = this.refill(this.addresses.get(address) ?? { tokens: L.perAddressPerMinute, at: now }, L.perAddressPerMinute, now);
    if (bucket.tokens < 1) return { reason: 'address', retryAfterMs: Math.ceil((1 - bucket.tokens) * 60_000 / L.perAddressPerMinute) };
    this.refill(this.global, L.globalPerMinute, now);
    if (this.inFlight >= L.concurrent || this.global.tokens < 1) return { reason: 'busy', retryAfterMs: 1_000 };

    bucket.tokens -= 1;
    this.global.tokens -= 1;
    this.inFlight += 1;
    pair.pending += 1;
    pair.touched = now;
    person.touched = now;
    // While the hash runs, the next attempt for this person waits its turn once the delay has started.
    if (person.failures >= L.staffFailuresBeforeDelay) person.nextAt = now + this.staffDelay(person.failures);
    this.pairs.set(pairKey, pair);
    this.staff.set(staffNo, person);
    this.addresses.set(address, bucket);

    let settled = false;
    const settle = (outcome: 'ok' | 'fail' | 'none') => {
      if (settled) return;
      settled = true;
      this.inFlight -= 1;
      pair.pending -= 1;
      const at = this.clock();
      if (outcome === 'ok') {
        // Spraying is made of failures: a right password gives its place back (a branch head authorising all day).
        bucket.tokens = Math.min(L.perAddressPerMinute, bucket.tokens + 1);
        pair.failures = 0;
        pair.locks = 0;
        this.staff.delete(staffNo);
      } else if (outcome === 'fail') {
        pair.failures += 1;
        if (pair.failures >= L.failuresBeforeLock) {
          pair.failures = 0;
          pair.locks += 1;
          pair.lockedUntil = at + Math.min(L.lockBaseMs * 2 ** (pair.locks - 1), L.lockMaxMs);
        }
        if (at - person.windowStart > L.staffWindowMs) {
          person.windowStart = at;
          person.failures = 0;
        }
        person.failures += 1;
        if (person.failures >= L.staffFailuresBeforeDelay) person.nextAt = at + this.staffDelay(person.failures);
      }
    };
    return { succeeded: () => settle('ok'), failed: () => settle('fail'), abandoned: () => settle('none') };
  }

  private staffDelay(failures: number): number {
    return Math.min(1000 * 2 ** Math.max(0, failures - this.limits.staffFailuresBeforeDelay), this.limits.staffDelayMaxMs);
  }

  private refill(b: Bucket, perMinute: number, now: number): Bucket {
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    return b;
  }

  /** Forgets idle entries so a flood of made-up staff numbers or addresses cannot grow memory without end. */
  private prune(now: number): void {
    if (this.pairs.size + this.staff.size + this.addresses.size < MAX_TRACKED) return;
    const idle = (touched: number) => now - touched > this.limits.staffWindowMs;
    for (const [k, p] of this.pairs) if (p.pending === 0 && p.lockedUntil < now && idle(p.touched)) this.pairs.delete(k);
    for (const [k, s] of this.staff) if (s.nextAt < now && idle(s.touched)) this.staff.delete(k);
    for (const [k, b] of this.addresses) if (idle(b.at)) this.addresses.delete(k);
  }
}

export const isRefusal = (x: Attempt | Refusal): x is Refusal => 'reason' in x;
