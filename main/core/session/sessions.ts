import { randomBytes } from 'node:crypto';
import type { Actor } from '../api/handlers';

// A teller's shift; activity slides the expiry so nobody is logged out mid-customer.
const IDLE_MS = 8 * 60 * 60 * 1000;
// After this many wrong passwords a staff number waits, which makes guessing at a counter pointless.
const MAX_FAILURES = 5;
const LOCK_MS = 60 * 1000;

interface Session {
  actor: Actor;
  expiresAt: number;
}

/** In-memory sessions: a restart logs everyone out, which is the safe default for a shared counter PC. */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  open(actor: Omit<Actor, 'token'>): { actor: Actor; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const session = { actor: { ...actor, token }, expiresAt: this.clock() + IDLE_MS };
    this.sessions.set(token, session);
    this.failures.delete(actor.staffNo);
    return { actor: session.actor, expiresAt: new Date(session.expiresAt) };
  }

  resolve(token: string): Actor | null {
    const s = this.sessions.get(token);
    if (!s) return null;
    const now = this.clock();
    if (s.expiresAt < now) {
      this.sessions.delete(token);
      return null;
    }
    s.expiresAt = now + IDLE_MS;
    return s.actor;
  }

  expiresAt(token: string): Date | null {
    const s = this.sessions.get(token);
    return s ? new Date(s.expiresAt) : null;
  }

  close(token: string): void {
    this.sessions.delete(token);
  }

  closeAllFor(staffNo: string): void {
    for (const [token, s] of this.sessions) if (s.actor.staffNo === staffNo) this.sessions.delete(token);
  }

  isLocked(staffNo: string): boolean {
    const f = this.failures.get(staffNo);
    return !!f && f.lockedUntil > this.clock();
  }

  recordFailure(staffNo: string): void {
    const f = this.failures.get(staffNo) ?? { count: 0, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= MAX_FAILURES) {
      f.count = 0;
      f.lockedUntil = this.clock() + LOCK_MS;
    }
    this.failures.set(staffNo, f);
  }
}
