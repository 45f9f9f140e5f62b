import { createHash } from 'node:crypto';

// How many texts head office's media server sends on a branch's word. Every text goes to a customer's phone in head
// office's wording, but whoever holds a branch's media key (a thief of a branch PC) could otherwise have head office
// text a customer again and again (the join link) or any number (a room opened with it gets the signing code). Two
// limits: a room's join link at most once a minute, and all texts asked for with one branch key capped per hour.

export interface TextLimitSettings {
  /** Least time between two join-link texts of one room. */
  perRoomMs: number;
  /** Texts of every kind (signing codes, join links) one branch key may cause in a rolling hour. */
  perKeyPerHour: number;
}

export const DEFAULT_TEXT_LIMITS: TextLimitSettings = { perRoomMs: 60_000, perKeyPerHour: 60 };
const HOUR_MS = 3_600_000;

export interface TextRefusal {
  error: 'smsTooSoon' | 'smsHourlyCap';
  reason: string;
  retryAfterSeconds: number;
}

export interface TextLimits {
  /**
   * Counts one text asked for with `key` (for `roomId`'s join link, or null for a room's signing code) and answers
   * null, or the refusal when a limit is reached (then nothing is counted).
   */
  take(key: string, roomId: string | null): TextRefusal | null;
}

/** The key itself is never kept: its digest names the budget. */
const keyId = (key: string) => createHash('sha256').update(key).digest('hex');

export function textLimits(settings: TextLimitSettings = DEFAULT_TEXT_LIMITS, clock: () => number = Date.now): TextLimits {
  const lastLinkOfRoom = new Map<string, number>();
  const sentWithKey = new Map<string, number[]>();

  return {
    take(key, roomId) {
      const now = clock();
      for (const [room, at] of lastLinkOfRoom) if (now - at >= settings.perRoomMs) lastLinkOfRoom.delete(room);
      if (roomId !== null) {
        const last = lastLinkOfRoom.get(roomId);
        if (last !== undefined) {
          const seconds = Math.max(1, Math.ceil((last + settings.perRoomMs - now) / 1000));
          return {
            error: 'smsTooSoon', retryAfterSeconds: seconds,
            reason: `短信链接刚刚发送过，同一面签房间每分钟只能发送一次，请${seconds}秒后再试 (a join link was just texted: once a minute per room, retry in ${seconds} s)`,
          };
        }
      }
      const id = keyId(key);
      const recent = (sentWithKey.get(id) ?? []).filter((at) => now - at < HOUR_MS);
      if (recent.length >= settings.perKeyPerHour) {
        const minutes = Math.max(1, Math.ceil((recent[0]! + HOUR_MS - now) / 60_000));
        sentWithKey.set(id, recent);
        return {
          error: 'smsHourlyCap', retryAfterSeconds: minutes * 60,
          reason: `本支行媒体密钥一小时内已请求发送${settings.perKeyPerHour}条短信，已达上限，请${minutes}分钟后再试或请客户扫码加入；如非本行操作，请立即联系科技部 (this branch key reached ${settings.perKeyPerHour} texts this hour; retry in ${minutes} min)`,
        };
      }
      recent.push(now);
      sentWithKey.set(id, recent);
      if (roomId !== null) lastLinkOfRoom.set(roomId, now);
      return null;
    },
  };
}
