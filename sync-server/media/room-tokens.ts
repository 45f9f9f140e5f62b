import { createHash, randomBytes } from 'node:crypto';

// One-time join tokens for video rooms (视频面签/视频调查). A token is 32 random bytes shown once; head office keeps
// only its SHA-256, so a leaked token table lets nobody in. Redeeming a token consumes it, whatever happens next.

export type RoomRole = 'manager' | 'customer';

export interface RoomTicket {
  roomId: string;
  role: RoomRole;
}

export type TokenRefusal = 'tokenUnknown' | 'tokenExpired' | 'tokenUsed' | 'seatTaken';

export class TokenRefused extends Error {
  constructor(readonly reason: TokenRefusal, message: string) {
    super(message);
  }
}

const REFUSAL_TEXT: Record<TokenRefusal, string> = {
  tokenUnknown: '链接无效：不是本行发出的面签链接 (unknown or forged room token)',
  tokenExpired: '链接已过期，请客户经理重新发送 (room token expired)',
  tokenUsed: '链接已使用过，每个链接只能进入一次 (room token already used)',
  seatTaken: '该面签房间已有客户加入 (another customer already joined this room)',
};

export function refuse(reason: TokenRefusal): TokenRefused {
  return new TokenRefused(reason, REFUSAL_TEXT[reason]);
}

interface TokenRecord extends RoomTicket {
  expiresAt: number;
  usedAt: number | null;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface RoomTokens {
  issue(ticket: RoomTicket, ttlMs: number): { token: string; expiresAt: string };
  redeem(token: string): RoomTicket;
  /** Drops records expired for longer than `graceMs` so the table does not grow for ever. */
  sweep(graceMs: number): void;
}

export function createRoomTokens(clock: () => number = Date.now): RoomTokens {
  const records = new Map<string, TokenRecord>();
  return {
    issue(ticket, ttlMs) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = clock() + ttlMs;
      records.set(digest(token), { ...ticket, expiresAt, usedAt: null });
      return { token, expiresAt: new Date(expiresAt).toISOString() };
    },
    redeem(token) {
      const record = records.get(digest(token));
      if (!record) throw refuse('tokenUnknown');
      if (record.usedAt !== null) throw refuse('tokenUsed');
      if (clock() >= record.expiresAt) throw refuse('tokenExpired');
      record.usedAt = clock();
      return { roomId: record.roomId, role: record.role };
    },
    sweep(graceMs) {
      const before = clock() - graceMs;
      for (const [key, record] of records) if (record.expiresAt < before) records.delete(key);
    },
  };
}
