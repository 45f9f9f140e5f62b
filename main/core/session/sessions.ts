import { randomBytes } from 'node:crypto';
import type { Actor } from '../api/handlers';

// Activity slides the idle expiry so nobody is logged out mid-customer…
const IDLE_MS = 8 * 60 * 60 * 1000;
// …but no session outlives a long working day, however busy: a token copied off a PC stops working by tomorrow.
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

interface Session {
  actor: Actor;
  expiresAt: number;
  endsAt: number;
}

/** In-memory sessions: a restart logs everyone out, which is the safe default for a shared counter PC. */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: () => number = Date.now) {}

  open(actor: Omit<Actor, 'token'>): { actor: Actor; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const session = { actor: { ...actor, token }, expiresAt: now + IDLE_MS, endsAt: now + ABSOLUTE_MS };
    this.sessions.set(token, session);
    return { actor: session.actor, expiresAt: new Date(Math.min(session.expiresAt, session.endsAt)) };
  }

  private live(token: string): Session | null {
    const s = this.sessions.get(token);
    if (!s) return null;
    const now = this.clock();
    if (s.expiresAt < now || s.endsAt < now) {
      this.sessions.delete(token);
      return null;
    }
    return s;
  }

  /** The session's actor, sliding its idle expiry: a call is activity. */
  resolve(token: string): Actor | null {
    const s = this.live(token);
    if (!s) return null;
    s.expiresAt = this.clock() + IDLE_MS;
    return s.actor;
  }

  /** Whether the session still stands, without counting as activity (the event stream asks on every event). */
  isActive(token: string): boolean {
    return this.live(token) !== null;
  }

  expiresAt(token: string): Date | null {
    const s = this.sessions.get(token);
    return s ? new Date(Math.min(s.expiresAt, s.endsAt)) : null;
  }

  close(token: string): void {
    this.sessions.delete(token);
  }

  closeAllFor(staffNo: string): void {
    for (const [token, s] of this.sessions) if (s.actor.staffNo === staffNo) this.sessions.delete(token);
  }
}
