import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

// The one-time-code gate of the village self-service page. Every refusal looks the same whether or not the name and
// ID number belong to a credit line: an unknown person gets a ticket too (no code is sent, none can match), and wrong
// codes count against the ticket, the person and the address alike — so guessing teaches nothing and stops early.

export const GUARD_LIMITS = {
  codeTtlMs: 10 * 60_000,
  sessionTtlMs: 15 * 60_000,
  /** Wrong codes on one ticket before it is void (ask for a new code). */
  ticketTries: 5,
  /** Wrong codes for one ID number (any ticket) within `personWindowMs` before it is locked for that long. */
  personTries: 10,
  personWindowMs: 24 * 60 * 60_000,
  /** Wrong codes from one address within `addressWindowMs` before it is locked for that long. */
  addressTries: 20,
  addressWindowMs: 60 * 60_000,
  /** Codes asked for from one address within `addressWindowMs`. */
  addressStarts: 20,
};

export type GuardRefusal = 'codeWrong' | 'ticketVoid' | 'locked' | 'tooManyRequests';

interface Ticket {
  branch: string;
  lineId: string | null;
  codeDigest: Buffer;
  person: string;
  tries: number;
  expiresAt: number;
}
export interface SelfServiceSession {
  branch: string;
  lineId: string;
  expiresAt: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const token = () => randomBytes(24).toString('base64url');

const failureFile = z.record(z.string().max(200), z.array(z.number()).max(100));

/** Wrong codes per person and address as kept on disk, so restarting head office's page does not lift a lock. */
function loadFailures(file: string | undefined): Map<string, number[]> {
  if (!file || !existsSync(file)) return new Map();
  const parsed = failureFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(parsed.success ? Object.entries(parsed.data) : []);
}

export function openGuard(clock: () => number = Date.now, limits = GUARD_LIMITS, lockFile?: string) {
  const tickets = new Map<string, Ticket>();
  const sessions = new Map<string, SelfServiceSession>();
  const failures = loadFailures(lockFile);
  const starts = new Map<string, number[]>();

  const recent = (book: Map<string, number[]>, key: string, windowMs: number) => (book.get(key) ?? []).filter((t) => clock() - t < windowMs);
  const note = (book: Map<string, number[]>, key: string, windowMs: number) => book.set(key, [...recent(book, key, windowMs), clock()]);
  const personKey = (branch: string, idNumber: string) => `p:${digest(`${branch}|${idNumber.toUpperCase()}`).toString('hex')}`;
  const locked = (person: string, address: string) =>
    recent(failures, person, limits.personWindowMs).length >= limits.personTries || recent(failures, `a:${address}`, limits.addressWindowMs).length >= limits.addressTries;

  /** Written whenever a wrong code is counted (rare), old entries dropped; tmp + rename so a crash leaves the last book. */
  function saveFailures() {
    if (!lockFile) return;
    const windowMs = Math.max(limits.personWindowMs, limits.addressWindowMs);
    const kept = Object.fromEntries([...failures].map(([k, v]) => [k, v.filter((t) => clock() - t < windowMs)] as const).filter(([, v]) => v.length > 0));
    writeFileSync(`${lockFile}.tmp`, JSON.stringify(kept), { mode: 0o600 });
    renameSync(`${lockFile}.tmp`, lockFile);
  }

  function sweep() {
    const now = clock();
    for (const [k, t] of tickets) if (t.expiresAt <= now) tickets.delete(k);
    for (const [k, s] of sessions) if (s.expiresAt <= now) sessions.delete(k);
  }

  return {
    /**
     * A ticket for this person; `code` is what to send to the phone on file (null: no line matched, nothing is sent,
     * the answer is the same). Refused only by the address's request rate or a lock, again the same for everyone.
     */
    start(branch: string, idNumber: string, lineId: string | null, address: string): { ticket: string; code: string | null } | GuardRefusal {
      sweep();
      const person = personKey(branch, idNumber);
      if (locked(person, address)) return 'locked';
      if (recent(starts, address, limits.addressWindowMs).length >= limits.addressStarts) return 'tooManyRequests';
      note(starts, address, limits.addressWindowMs);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const ticket = token();
      // An unknown person's ticket holds the digest of a code nobody was sent.
      tickets.set(ticket, { branch, lineId, codeDigest: digest(lineId ? code : token()), person, tries: 0, expiresAt: clock() + limits.codeTtlMs });
      return { ticket, code: lineId ? code : null };
    },

    /** A session on the line when the code is right; a refusal otherwise (every wrong code is counted). */
    verify(ticketId: string, code: string, address: string): { session: string } & SelfServiceSession | GuardRefusal {
      sweep();
      const ticket = tickets.get(ticketId);
      if (!ticket) return 'ticketVoid';
      if (locked(ticket.person, address)) return 'locked';
      const right = timingSafeEqual(new Uint8Array(digest(code)), new Uint8Array(ticket.codeDigest));
      if (!right || !ticket.lineId) {
        ticket.tries += 1;
        note(failures, ticket.person, limits.personWindowMs);
        note(failures, `a:${address}`, limits.addressWindowMs);
        saveFailures();
        if (ticket.tries >= limits.ticketTries) tickets.delete(ticketId);
        return locked(ticket.person, address) ? 'locked' : 'codeWrong';
      }
      tickets.delete(ticketId);
      const session = token();
      const held = { branch: ticket.branch, lineId: ticket.lineId, expiresAt: clock() + limits.sessionTtlMs };
      sessions.set(session, held);
      return { session, ...held };
    },

    session(id: string): SelfServiceSession | null {
      sweep();
      return sessions.get(id) ?? null;
    },
  };
}
export type SelfServiceGuard = ReturnType<typeof openGuard>;
