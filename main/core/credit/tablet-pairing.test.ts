import { describe, expect, it } from 'vitest';
import type { Actor } from '../api/handlers';
import { CODE_TTL_MS, MAX_WRONG_CODES, PairingRefused, TABLET_TTL_MS, tabletPairings } from './tablet-pairing';

// The one-time code that ties a tablet to the desk showing it: once, for two minutes, one tablet; guessing is cut short.

const actor: Actor = { staffNo: 'T001', name: '测试', roles: ['teller'], branch: 'HM01', token: 't' };
const bound = { contractDigest: `sha256:${'c'.repeat(64)}`, recordingDigest: `sha256:${'r'.repeat(64)}` };
const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof PairingRefused ? e.reason : String(e);
  }
  return 'accepted';
};

describe('tablet pairing', () => {
  it('pairs one tablet once with the code the desk shows; a second tablet, a reused or a run-out code are refused by name', () => {
    let now = 1_000_000;
    const codes = ['111111', '222222', '333333'];
    const pairings = tabletPairings(() => now, () => codes.shift()!);
    const open = pairings.open('loanapp:A', bound, actor);
    expect(pairings.stateOf(open)).toBe('waiting');
    const paired = pairings.pair('111111', '192.168.1.40');
    expect(paired).toMatchObject({ applicationId: 'loanapp:A', tabletAddress: '192.168.1.40', ...bound });
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pairings.stateOf(open)).toBe('paired');
    // The second tablet with the same code.
    expect(reasonOf(() => pairings.pair('111111', '192.168.1.41'))).toBe('tabletCodeUsed');
    expect(pairings.byToken(paired.token!)).toBe(paired);
    pairings.signed(paired);
    expect(reasonOf(() => pairings.byToken(paired.token!))).toBe('tabletAlreadySigned');

    const late = pairings.open('loanapp:B', bound, actor);
    now += CODE_TTL_MS;
    expect(pairings.stateOf(late)).toBe('expired');
    expect(reasonOf(() => pairings.pair('222222', '192.168.1.40'))).toBe('tabletCodeExpired');

    // A paired tablet has ten minutes; a new code for the same loan replaces the pairing and its token.
    pairings.open('loanapp:C', bound, actor);
    const c = pairings.pair('333333', '192.168.1.40');
    now += TABLET_TTL_MS;
    expect(reasonOf(() => pairings.byToken(c.token!))).toBe('tabletTokenExpired');
    expect(reasonOf(() => pairings.byToken('x'.repeat(43)))).toBe('tabletTokenUnknown');
  });

  it('voids the open codes after five wrong ones, so a page on the LAN cannot guess its way in', () => {
    const pairings = tabletPairings(() => 0, () => '654321');
    const open = pairings.open('loanapp:A', bound, actor);
    for (let i = 1; i < MAX_WRONG_CODES; i++) expect(reasonOf(() => pairings.pair(String(100000 + i), '10.0.0.9'))).toBe('tabletCodeWrong');
    expect(reasonOf(() => pairings.pair('999999', '10.0.0.9'))).toBe('tabletCodeLocked');
    // Even the right code is refused now; the desk sees why.
    expect(reasonOf(() => pairings.pair('654321', '10.0.0.9'))).toBe('tabletCodeLocked');
    expect(pairings.stateOf(open)).toBe('void');
    expect(open.voided).toBe('wrongCodes');
  });

  it('a new code for a loan voids the previous one', () => {
    const codes = ['111111', '222222'];
    const pairings = tabletPairings(() => 0, () => codes.shift()!);
    const first = pairings.open('loanapp:A', bound, actor);
    pairings.open('loanapp:A', bound, actor);
    expect(pairings.stateOf(first)).toBe('void');
    expect(reasonOf(() => pairings.pair('111111', '10.0.0.9'))).toBe('tabletCodeUsed');
    expect(pairings.pair('222222', '10.0.0.9').applicationId).toBe('loanapp:A');
  });
});
