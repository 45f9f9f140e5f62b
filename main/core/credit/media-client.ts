import QRCode from 'qrcode';
import { apiError } from '../api/dispatch';
import type { VideoRoomView } from './credit.contract';

// The branch host's calls to head office's media server (`jingwei media`), with the branch media key — which never
// reaches a screen. Shared by 视频面签 and 视频防伪调查.

/** Head office's media server, from device configuration. */
export interface MediaServerConfig {
  url: string;
  key: string;
}

export interface MediaClient {
  /** An authorised request; an unreachable server is `credit.videoUnreachable`, never a raw network error. */
  ask(path: string, init?: RequestInit): Promise<Response>;
  /** POST /media/rooms; a refusal is `credit.videoRefused` with head office's reason. */
  openRoom(body: Record<string, unknown>): Promise<VideoRoomView>;
  /** Head office texts the room's customer a fresh one-time join link (to the phone the room was opened with). */
  smsLink(roomId: string): Promise<{ sentTo: string; expiresAt: string }>;
}

export function mediaClient(config: MediaServerConfig | null, http: typeof fetch = fetch): MediaClient {
  const media = () => {
    if (!config) throw apiError('UNAVAILABLE', 'credit.videoNotConfigured');
    return config;
  };
  const ask = async (path: string, init: RequestInit = {}) => {
    const { url, key } = media();
    const response = await http(`${url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } }).catch(() => null);
    if (!response) throw apiError('UNAVAILABLE', 'credit.videoUnreachable');
    return response;
  };
  return {
    ask,
    async openRoom(body) {
      const response = await ask('/media/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status === 429) throw await textLimited(response);
      if (!response.ok) throw apiError('UNAVAILABLE', 'credit.videoRefused', { reason: await reasonOf(response) });
      const room = (await response.json()) as { manager: { token: string }; customer: { token: string; expiresAt: string } };
      const link = (token: string) => `${media().url}/media/join#t=${encodeURIComponent(token)}`;
      const customerUrl = link(room.customer.token);
      return {
        customerUrl, managerUrl: link(room.manager.token), expiresAt: room.customer.expiresAt,
        qrSvg: await QRCode.toString(customerUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    },
    async smsLink(roomId) {
      const response = await ask(`/media/rooms/${encodeURIComponent(roomId)}/sms-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (response.status === 404) throw apiError('CONFLICT', 'credit.videoRoomNotOpen');
      if (response.status === 429) throw await textLimited(response);
      if (!response.ok) throw apiError('UNAVAILABLE', 'credit.videoRefused', { reason: await reasonOf(response) });
      return (await response.json()) as { sentTo: string; expiresAt: string };
    },
  };
}

/** Head office would not text the customer now: a room's link again within the minute, or the key's hourly cap. */
async function textLimited(response: Response) {
  const body = (await response.json().catch(() => null)) as { error?: string; retryAfterSeconds?: number } | null;
  const seconds = Math.max(1, Math.round(Number(body?.retryAfterSeconds ?? response.headers.get('retry-after') ?? 60)));
  return body?.error === 'smsTooSoon'
    ? apiError('TOO_MANY', 'credit.videoSmsTooSoon', { seconds })
    : apiError('TOO_MANY', 'credit.videoSmsCapped', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

export async function reasonOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { reason?: string } | null;
  return String(body?.reason ?? response.status).slice(0, 200);
}
