import Fastify, { type FastifyInstance } from 'fastify';
import type { types as ms } from 'mediasoup';
import { isAllowedHost } from '../../domain/net/host-header';
import type { RoomTokens } from './room-tokens';
import type { ListenSettings, Rooms } from './rooms';
import { joinPageHtml, type JoinPageAssets } from './join-page';
import type { SigningKey } from '../../trust/signature';
import type { RuleSetRef } from './signing';
import type { LinkLogEntry } from './link-control';
import type { IdCheck } from './session-script';
import type { TextLimitSettings } from './text-limits';
import { mediaContext } from './media-context';
import { refuse } from './http-replies';
import { roomRoutes } from './room-routes';
import { signallingRoutes } from './signalling';
import { faceSignRoutes } from './face-sign-routes';
import { investigationRoutes } from './investigation-routes';
import { recordingRoutes } from './recording-routes';

// Head office's SFU for 视频面签 / 视频调查, as its own HTTP service (`jingwei media`). Signalling is plain JSON
// over HTTP POST (request/response; the browser polls for the other side's tracks), so it passes any proxy a branch
// already uses for head office. The media itself goes over WebRTC to the worker's UDP/TCP ports.
// The routes are in files by what they serve: rooms and joining (room-routes), signalling (signalling), 视频面签's
// steps (face-sign-routes), 视频调查's (investigation-routes), recordings (recording-routes).

export interface MediaServerOptions {
  worker: ms.Worker;
  host: string;
  port: number;
  listen: ListenSettings;
  /** Branch hosts open rooms with this key (Authorization: Bearer …); it never reaches a customer. */
  branchKey: string;
  allowedHosts: readonly string[];
  /** Lifetime of a join link (default 15 min). */
  tokenTtlMs?: number;
  clock?: () => number;
  assets: JoinPageAssets;
  /** Where finished recordings (evidence) and partial uploads are kept. */
  recordingsDir: string;
  /** Head office's signing key: receipts of the customer's signature are signed with it. */
  signingKey: SigningKey;
  /**
   * Delivers a transactional text to the customer's phone through head office's outbox: the one-time signing code, the
   * one-time join link the desk asks to send.
   */
  sendText(to: { kind: 'phone'; number: string }, text: string, ref: string): Promise<void>;
  /**
   * Head office's OCR of the ID card photo the customer takes on the phone, compared with the file the branch opened
   * the room with (`jingwei media` runs main/core/ocr). Without it the identity step cannot be passed.
   */
  checkIdCard?(photo: Buffer, expected: { name: string; idNumber: string }): Promise<IdCheck>;
  /**
   * Head office's copy of a product's published rule set (`jingwei media --reference URL`): the room's risk notice must
   * be the one that version publishes. Without it the branch's copy is taken, and the receipt names the version so head
   * office can check it afterwards.
   */
  publishedRiskNotice?(ref: RuleSetRef): Promise<readonly string[] | null>;
  /** Each second's link sample and decision per receiver (`jingwei media --link-log FILE`), to study a weak line. */
  linkLog?(entry: LinkLogEntry): void;
  /** How often a branch key may have head office text customers (default: a room's link once a minute, 60 an hour). */
  textLimits?: TextLimitSettings;
}

export interface MediaServer {
  url: string;
  rooms: Rooms;
  tokens: RoomTokens;
  close(): Promise<void>;
}

export async function startMediaServer(options: MediaServerOptions): Promise<MediaServer> {
  const c = mediaContext(options);
  const app: FastifyInstance = Fastify({ bodyLimit: 512 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) return refuse(reply, 400, 'bad_host', 'Host not served here');
    reply.header('cache-control', 'no-store');
  });

  app.get('/media/health', async () => ({ ok: true, ...c.rooms.sizes }));
  roomRoutes(app, c);
  signallingRoutes(app, c);
  faceSignRoutes(app, c);
  investigationRoutes(app, c);
  recordingRoutes(app, c);

  app.get('/media/join', async (_request, reply) => reply.type('text/html; charset=utf-8').send(joinPageHtml()));
  app.get('/media/static/join.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await options.assets.script()));

  const address = await app.listen({ host: options.host, port: options.port });
  return {
    url: address,
    rooms: c.rooms,
    tokens: c.tokens,
    async close() {
      c.links.stop();
      await app.close();
    },
  };
}
