import { scryptSync } from 'node:crypto';

/**
 * The one fact about customers the queue device (the kiosk in the public hall) holds: which ID numbers are VIP at
 * its branch, as slow salted digests. Shared by head office (which makes the list) and the device (which checks an
 * ID typed at the kiosk). Why this shape:
 *  - only VIPs are listed, so the kiosk cannot tell a customer from a stranger (no "is this ID our customer?");
 *  - no names, tiers, balances or points: a stolen kiosk yields digests only (and the offer code a VIP's ticket
 *    prints, keyed by the same digest);
 *  - the digest is deliberately slow (scrypt) and salted per list: testing guessed ID numbers against a stolen
 *    list costs the thief the same work per guess as the kiosk pays once per ticket;
 *  - the kiosk computes one digest for every ID entered, listed or not, so its answer time says nothing either.
 * Residual risk (SECURITY.md): resident IDs of one county are guessable (region, birth date, sequence); a
 * determined thief with a GPU can still test many — the list tells them only who is VIP, never anything more.
 */
export const VIP_DIGEST_COST = { N: 1 << 13, r: 8, p: 1 } as const;
export const VIP_DIGEST_BYTES = 12;

export function vipDigest(idNumber: string, saltB64: string, cost: { N: number; r: number; p: number } = VIP_DIGEST_COST): string {
  const salt = new Uint8Array(Buffer.from(saltB64, 'base64'));
  return scryptSync(`jingwei-vip:${idNumber.toUpperCase()}`, salt, VIP_DIGEST_BYTES, { ...cost, maxmem: 64 * 1024 * 1024 }).toString('base64');
}
