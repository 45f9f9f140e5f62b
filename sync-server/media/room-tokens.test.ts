import { describe, expect, it } from 'vitest';
import { createRoomTokens, TokenRefused } from './room-tokens';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof TokenRefused) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe('one-time room tokens', () => {
  it('lets a token in once, with its room and role', () => {
    const tokens = createRoomTokens();
    const { token } = tokens.issue({ roomId: 'face-sign:A1', role: 'customer' }, 60_000);
    expect(tokens.redeem(token)).toEqual({ roomId: 'face-sign:A1', role: 'customer' });
    expect(refusal(() => tokens.redeem(token))).toBe('tokenUsed');
  });

  it('refuses an expired token', () => {
    let now = 1_000;
    const tokens = createRoomTokens(() => now);
    const { token } = tokens.issue({ roomId: 'face-sign:A1', role: 'customer' }, 60_000);
    now += 60_000;
    expect(refusal(() => tokens.redeem(token))).toBe('tokenExpired');
  });

  it('refuses a forged token, including one that differs by a character', () => {
    const tokens = createRoomTokens();
    const { token } = tokens.issue({ roomId: 'face-sign:A1', role: 'manager' }, 60_000);
    const forged = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(refusal(() => tokens.redeem(forged))).toBe('tokenUnknown');
    expect(refusal(() => tokens.redeem(''))).toBe('tokenUnknown');
    expect(tokens.redeem(token).role).toBe('manager');
  });

  it('forgets long-expired tokens', () => {
    let now = 0;
    const tokens = createRoomTokens(() => now);
    const { token } = tokens.issue({ roomId: 'r', role: 'customer' }, 10);
    now = 1_000;
    tokens.sweep(100);
    expect(refusal(() => tokens.redeem(token))).toBe('tokenUnknown');
  });
});
