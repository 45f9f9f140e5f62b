import { randomBytes, randomInt } from 'node:crypto';
import type { Actor } from '../api/handlers';

// Pairing the branch's tablet to a desk for one signature. The desk shows a one-time code on its screen; whoever
// types it on a tablet is at the counter looking at that screen, not on a page opened elsewhere on the LAN. The code
// works once and for two minutes; the tablet then holds a token good for that one loan's one signature. Kept in the
// desk host's memory only: a restart voids every pairing, and nothing of it is a credential on disk.

export const CODE_TTL_MS = 2 * 60_000;
/** How long a paired tablet has to show the terms and collect the signature. */
export const TABLET_TTL_MS = 10 * 60_000;
/** Wrong codes typed on this desk host before every open pairing is voided (a LAN page guessing 6 digits). */
export const MAX_WRONG_CODES = 5;

export interface Pairing {
  applicationId: string;
  contractDigest: string;
  recordingDigest: string;
  code: string;
  createdAt: number;
  /** The staff member whose desk showed the code; the signing is recorded under her name. */
  actor: Actor;
  pairedAt: number | null;
  /** The tablet's address on the LAN, shown on the desk once it paired. */
  tabletAddress: string | null;
  token: string | null;
  signedAt: number | null;
  voided: 'wrongCodes' | 'replaced' | null;
}

export type PairingState = 'waiting' | 'paired' | 'signed' | 'expired' | 'void';

export type PairRefusal = 'tabletCodeWrong' | 'tabletCodeUsed' | 'tabletCodeExpired' | 'tabletCodeLocked';
export type TokenRefusal = 'tabletTokenUnknown' | 'tabletTokenExpired' | 'tabletAlreadySigned';

export class PairingRefused extends Error {
  constructor(readonly reason: PairRefusal | TokenRefusal) {
    super(reason);
  }
}

export interface TabletPairings {
  open(applicationId: string, bound: { contractDigest: string; recordingDigest: string }, actor: Actor): Pairing;
  pair(code: string, address: string): Pairing;
  byToken(token: string): Pairing;
  signed(pairing: Pairing): void;
  latest(applicationId: string): Pairing | null;
  stateOf(pairing: Pairing): PairingState;
}

export function tabletPairings(clock: () => number = Date.now, codeOf: () => string = () => String(randomInt(0, 1_000_000)).padStart(6, '0')): TabletPairings {
  /** Newest pairing per application (a new one replaces it); old ones stay until swept, to refuse their code by name. */
  const byApplication = new Map<string, Pairing>();
  const byCode = new Map<string, Pairing>();
  let wrongCodes = 0;

  const expired = (p: Pairing, now: number) => (p.pairedAt === null ? now - p.createdAt >= CODE_TTL_MS : now - p.pairedAt >= TABLET_TTL_MS);
  const stateOf = (p: Pairing): PairingState => {
    if (p.signedAt !== null) return 'signed';
    if (p.voided) return 'void';
    if (expired(p, clock())) return 'expired';
    return p.pairedAt === null ? 'waiting' : 'paired';
  };
  const sweep = (now: number) => {
    for (const [code, p] of byCode) if (now - p.createdAt > CODE_TTL_MS + TABLET_TTL_MS + 60_000) byCode.delete(code);
  };

  return {
    open(applicationId, bound, actor) {
      const now = clock();
      sweep(now);
      const previous = byApplication.get(applicationId);
      if (previous && previous.signedAt === null) previous.voided ??= 'replaced';
      let code = codeOf();
      // Two live pairings never share a code (a million codes, a handful open at a time).
      while (byCode.has(code)) code = codeOf();
      const pairing: Pairing = {
        applicationId, ...bound, code, createdAt: now, actor, pairedAt: null, tabletAddress: null, token: null, signedAt: null, voided: null,
      };
      byApplication.set(applicationId, pairing);
      byCode.set(code, pairing);
      // A new code from the desk starts a fresh count: the staff member is at the counter.
      wrongCodes = 0;
      return pairing;
    },

    pair(code, address) {
      const now = clock();
      const pairing = byCode.get(code);
      if (!pairing) {
        wrongCodes += 1;
        if (wrongCodes >= MAX_WRONG_CODES) {
          for (const p of byApplication.values()) if (p.pairedAt === null && p.signedAt === null) p.voided ??= 'wrongCodes';
          throw new PairingRefused('tabletCodeLocked');
        }
        throw new PairingRefused('tabletCodeWrong');
      }
      if (pairing.voided === 'wrongCodes') throw new PairingRefused('tabletCodeLocked');
      if (pairing.pairedAt !== null || pairing.voided) throw new PairingRefused('tabletCodeUsed');
      if (now - pairing.createdAt >= CODE_TTL_MS) throw new PairingRefused('tabletCodeExpired');
      pairing.pairedAt = now;
      pairing.tabletAddress = address;
      pairing.token = randomBytes(32).toString('base64url');
      return pairing;
    },

    byToken(token) {
      const pairing = [...byApplication.values()].find((p) => p.token !== null && p.token === token);
      if (!pairing) throw new PairingRefused('tabletTokenUnknown');
      if (pairing.signedAt !== null) throw new PairingRefused('tabletAlreadySigned');
      if (pairing.voided || expired(pairing, clock())) throw new PairingRefused('tabletTokenExpired');
      return pairing;
    },

    signed(pairing) {
      pairing.signedAt = clock();
    },

    latest: (applicationId) => byApplication.get(applicationId) ?? null,
    stateOf,
  };
}
