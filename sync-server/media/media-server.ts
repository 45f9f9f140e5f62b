import { createHash, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { types as ms } from 'mediasoup';
import { isAllowedHost } from '../../domain/net/host-header';
import { createRoomTokens, TokenRefused, type RoomTokens } from './room-tokens';
import { RoomError, Rooms, type ListenSettings, type Peer } from './rooms';
import { joinPageHtml, type JoinPageAssets } from './join-page';
import { openRecordings, RecordingRefused } from './recordings';
import type { SigningKey } from '../../trust/signature';
import { openSigning, ruleSetRef, signRequest, SigningRefused, digestPattern, type RuleSetRef, type Signing, type VideoSignatureReceipt } from './signing';
import { controlLinks, type LinkLogEntry } from './link-control';
import { InvestigationRefused, openInvestigation, type Investigation } from './investigation';
import { checklistItemSchema as checklistItem, phoneLocationSchema as phoneLocation } from '../../domain/video/investigation-statement';
import { openSessionScript, ScriptRefused, type IdCheck, type SessionScript } from './session-script';
import { DEFAULT_TEXT_LIMITS, textLimits, type TextLimitSettings, type TextRefusal } from './text-limits';

// Head office's SFU for 视频面签 / 视频调查, as its own HTTP service (`jingwei media`). Signalling is plain JSON
// over HTTP POST (request/response; the browser polls for the other side's tracks), so it passes any proxy a branch
// already uses for head office. The media itself goes over WebRTC to the worker's UDP/TCP ports.

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

interface FaceSign {
  signing: Signing;
  script: SessionScript;
  customer: { name: string; idNumber: string };
  terms: string[];
  contractDigest: string;
  receipt: VideoSignatureReceipt | null;
  /** The customer's face as the phone's camera saw it when the ID card passed (JPEG; its digest is in the receipt). */
  face: Buffer | null;
}

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const sha256Of = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface MediaServer {
  url: string;
  rooms: Rooms;
  tokens: RoomTokens;
  close(): Promise<void>;
}

const roomRequest = z.object({
  applicationId: z.string().regex(/^[A-Za-z0-9:_-]{1,80}$/),
  purpose: z.enum(['face-sign', 'investigation']),
  /** face-sign: the contract the customer will sign, its key terms for the phone, where the code goes. */
  contractDigest: z.string().regex(digestPattern).optional(),
  terms: z.array(z.string().max(200)).max(12).default([]),
  customerPhone: z.string().regex(/^1\d{10}$/).optional(),
  /** face-sign: the customer's file, which the ID card shown in the session must match. */
  customerName: z.string().trim().min(1).max(40).optional(),
  customerIdNumber: z.string().regex(/^\d{17}[\dX]$/).optional(),
  /** face-sign: the product rule set in force, whose risk notice (`clauses`) and key terms (`terms`) the session uses. */
  ruleSet: ruleSetRef.optional(),
  clauses: z.array(z.string().min(1).max(300)).min(1).max(10).optional(),
  /** investigation: what the customer is asked to show, from the product's rule set. */
  checklist: z.array(checklistItem).min(1).max(12).optional(),
});
const joinRequest = z.object({ token: z.string().min(1).max(200) });
const peerRequest = z.object({ peerId: z.string().min(1).max(64) });
const objectBody = z.record(z.string(), z.unknown());
const transportRequest = peerRequest.extend({ transportId: z.string().min(1).max(64) });
const actions = {
  createTransport: peerRequest,
  connectTransport: transportRequest.extend({ dtlsParameters: objectBody }),
  produce: transportRequest.extend({ kind: z.enum(['audio', 'video']), rtpParameters: objectBody }),
  producers: peerRequest,
  consume: transportRequest.extend({ producerId: z.string().min(1).max(64), rtpCapabilities: objectBody }),
  resumeConsumer: peerRequest.extend({ consumerId: z.string().min(1).max(64) }),
  leave: peerRequest,
  sign: peerRequest.extend(signRequest.shape),
  script: peerRequest,
  confirm: peerRequest.extend({ stepId: z.string().min(1).max(40) }),
  advance: peerRequest,
  link: peerRequest,
  investigation: peerRequest,
  location: peerRequest.extend(phoneLocation.shape),
} as const;
type Action = keyof typeof actions;

function sameSecret(given: string, expected: string): boolean {
  // Equal-length digests: the comparison takes the same time whatever the key's length or first differing byte.
  const a = new Uint8Array(createHash('sha256').update(given).digest());
  const b = new Uint8Array(createHash('sha256').update(expected).digest());
  return timingSafeEqual(a, b);
}

function refuse(reply: FastifyReply, status: number, error: string, reason: string) {
  return reply.code(status).send({ error, reason });
}

function tooMany(reply: FastifyReply, refusal: TextRefusal) {
  return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send(refusal);
}

export async function startMediaServer(options: MediaServerOptions): Promise<MediaServer> {
  const tokens = createRoomTokens(options.clock);
  const rooms = new Rooms(options.worker, options.listen);
  const recordings = openRecordings(options.recordingsDir);
  const ttl = options.tokenTtlMs ?? 15 * 60_000;
  const faceSigns = new Map<string, FaceSign>();
  const investigations = new Map<string, Investigation>();
  /** The customer's phone on file for each room (from the branch's room request): where a join link may be texted. */
  const phones = new Map<string, string>();
  const links = controlLinks(rooms, { log: options.linkLog, clock: options.clock });
  const texts = textLimits(options.textLimits ?? DEFAULT_TEXT_LIMITS, options.clock);
  const app: FastifyInstance = Fastify({ bodyLimit: 512 * 1024 });
  const branchAuthorised = (header: string | undefined) => !!header?.startsWith('Bearer ') && sameSecret(header.slice(7), options.branchKey);

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, options.allowedHosts)) return refuse(reply, 400, 'bad_host', 'Host not served here');
    reply.header('cache-control', 'no-store');
  });

  app.get('/media/health', async () => ({ ok: true, ...rooms.sizes }));

  app.post('/media/rooms', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) {
      return refuse(reply, 401, 'unauthorized', '需要支行媒体密钥 (branch media key required)');
    }
    const body = roomRequest.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', body.error.issues[0]?.message ?? 'invalid');
    const { purpose, applicationId, contractDigest, customerPhone, customerName, customerIdNumber, terms, clauses, ruleSet, checklist } = body.data;
    const roomId = `${purpose}:${applicationId}`;
    if (purpose === 'face-sign') {
      if (!contractDigest || !customerPhone || !customerName || !customerIdNumber || !ruleSet || !clauses) {
        return refuse(reply, 400, 'bad_request', '视频面签需要合同摘要、客户手机号、姓名、身份证号、产品规则版本及风险提示 (contractDigest, customerPhone, customerName, customerIdNumber, ruleSet and clauses required)');
      }
      const published = options.publishedRiskNotice ? await options.publishedRiskNotice(ruleSet) : clauses;
      if (!published || published.length !== clauses.length || published.some((c, i) => c !== clauses[i])) {
        return refuse(reply, 409, 'ruleSetMismatch', `风险提示与总行发布的产品规则第${ruleSet.version}版不一致 (risk notice differs from the published rule set)`);
      }
      const existing = faceSigns.get(roomId);
      // Reopening a room (a new link) keeps a signature already given; otherwise the script starts again and a fresh
      // code goes to the phone.
      if (!existing?.receipt || existing.contractDigest !== contractDigest) {
        // The code is a text to the phone the branch names: counted against the key's hourly cap like a join link.
        const refused = texts.take(request.headers.authorization!.slice(7), null);
        if (refused) return tooMany(reply, refused);
        const signing = openSigning({ roomId, applicationId, contractDigest, ruleSet }, options.signingKey);
        const script = openSessionScript(clauses, options.clock);
        faceSigns.set(roomId, { signing, script, customer: { name: customerName, idNumber: customerIdNumber }, terms, contractDigest, receipt: null, face: null });
        await options.sendText({ kind: 'phone', number: customerPhone }, `【精微农商银行】您的视频面签签署验证码为 ${signing.code}，10分钟内有效。请勿告诉他人，包括银行工作人员。`, roomId);
      }
    }
    if (purpose === 'investigation') {
      if (!checklist) return refuse(reply, 400, 'bad_request', '视频调查需要产品的调查清单 (checklist required)');
      // A new link for the same application keeps the snapshots taken so far.
      if (!investigations.has(roomId)) {
        const dir = join(options.recordingsDir, '..', 'investigations', roomId.replace(':', '-'));
        investigations.set(roomId, openInvestigation({ dir, roomId, applicationId }, checklist, options.clock));
      }
    }
    if (customerPhone) phones.set(roomId, customerPhone);
    await rooms.open(roomId);
    tokens.sweep(ttl);
    return {
      roomId,
      manager: tokens.issue({ roomId, role: 'manager' }, ttl),
      customer: tokens.issue({ roomId, role: 'customer' }, ttl),
    };
  });

  // The desk asks head office to text the customer a fresh one-time join link, to the phone on file for the room (the
  // branch cannot choose another number or word the message: the outbox sends only head office's own text).
  app.post<{ Params: { roomId: string } }>('/media/rooms/:roomId/sms-link', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) return refuse(reply, 401, 'unauthorized', '需要支行媒体密钥 (branch media key required)');
    const { roomId } = request.params;
    if (!rooms.has(roomId)) return refuse(reply, 404, 'not_found', '没有这个面签房间，请重新发起 (no such room: open it again)');
    const phone = phones.get(roomId);
    if (!phone) return refuse(reply, 409, 'noPhone', '未登记客户手机号，无法发送短信链接 (no customer phone for this room)');
    const refused = texts.take(request.headers.authorization!.slice(7), roomId);
    if (refused) return tooMany(reply, refused);
    const link = tokens.issue({ roomId, role: 'customer' }, ttl);
    const url = `${request.protocol}://${request.headers.host}/media/join#t=${encodeURIComponent(link.token)}`;
    const what = roomId.startsWith('investigation:') ? '视频调查' : '视频面签';
    await options.sendText({ kind: 'phone', number: phone }, `【精微农商银行】请点击链接进入${what}：${url} 链接${Math.round(ttl / 60_000)}分钟内有效，仅限本人使用一次。`, roomId);
    return { sentTo: `${phone.slice(0, 3)}****${phone.slice(7)}`, expiresAt: link.expiresAt };
  });

  app.post('/media/join', async (request, reply) => {
    const body = joinRequest.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', 'token required');
    try {
      const ticket = tokens.redeem(body.data.token);
      const room = await rooms.open(ticket.roomId);
      const peer = rooms.join(room, ticket.role);
      const faceSign = faceSigns.get(room.id);
      return {
        peerId: peer.id, role: peer.role, roomId: room.id, routerRtpCapabilities: room.router.rtpCapabilities,
        signing: faceSign ? { contractDigest: faceSign.contractDigest, terms: faceSign.terms, signed: !!faceSign.receipt } : null,
        investigation: investigations.get(room.id)?.view() ?? null,
      };
    } catch (err) {
      if (err instanceof TokenRefused) return refuse(reply, 403, err.reason, err.message);
      throw err;
    }
  });

  app.post<{ Params: { action: string } }>('/media/peer/:action', async (request, reply) => {
    const action = request.params.action as Action;
    const schema = Object.hasOwn(actions, action) ? actions[action] : null;
    if (!schema) return refuse(reply, 404, 'not_found', 'unknown action');
    const body = schema.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', body.error.issues[0]?.message ?? 'invalid');
    try {
      const peer = rooms.peer(body.data.peerId);
      if (action === 'sign') return signFor(peer, body.data as Bodies['sign']);
      if (action === 'link') return links.view(peer);
      if (action === 'investigation') return investigationOf(peer).view();
      if (action === 'location') return located(peer, body.data as Bodies['location']);
      if (action === 'script' || action === 'confirm' || action === 'advance') return scriptAction(peer, action, body.data as Bodies['confirm']);
      return await runAction(rooms, peer, action, body.data as never);
    } catch (err) {
      return peerError(reply, err);
    }
  });

  function peerError(reply: FastifyReply, err: unknown) {
    if (err instanceof RoomError) return refuse(reply, err.code === 'peerUnknown' ? 410 : 400, err.code, err.message);
    if (err instanceof SigningRefused || err instanceof ScriptRefused) return refuse(reply, 409, err.reason, err.message);
    throw err;
  }

  function faceSignOf(peer: Peer): FaceSign {
    const faceSign = faceSigns.get(peer.room.id);
    if (!faceSign) throw new RoomError('notSigner', '本房间不是视频面签 (not a face-signing room)');
    return faceSign;
  }

  /** Only the customer's own phone (or the branch tablet in the customer's seat) does the customer's steps. */
  function customerOnly(peer: Peer): FaceSign {
    if (peer.role !== 'customer') throw new ScriptRefused('notYourStep');
    return faceSignOf(peer);
  }

  function scriptAction(peer: Peer, action: 'script' | 'confirm' | 'advance', body: Partial<Bodies['confirm']>) {
    if (action === 'confirm') return { script: customerOnly(peer).script.confirm(body.stepId!) };
    const { script, receipt } = faceSignOf(peer);
    if (action === 'advance') {
      if (peer.role !== 'manager') throw new ScriptRefused('notYourStep');
      return { script: script.advance() };
    }
    return { script: script.view(), signed: !!receipt };
  }

  function investigationOf(peer: Peer): Investigation {
    const investigation = investigations.get(peer.room.id);
    if (!investigation) throw new RoomError('notSigner', '本房间不是视频调查 (not an investigation room)');
    return investigation;
  }

  /** The phone's position as it reports it (the customer allowed it); kept for the desk's next snapshot. */
  function located(peer: Peer, body: Bodies['location']) {
    if (peer.role !== 'customer') throw new ScriptRefused('notYourStep');
    const { peerId: _p, ...location } = body;
    investigationOf(peer).located(location);
    return {};
  }

  function signFor(peer: Peer, body: Bodies['sign']): { receipt: VideoSignatureReceipt } {
    if (peer.role !== 'customer') throw new RoomError('notSigner', '只有客户本人可以签署 (only the customer signs)');
    const faceSign = faceSignOf(peer);
    const { peerId: _peer, recordingDigest: _claimed, ...request } = body;
    // The script first: no signature before the ID check and every clause is confirmed. The recording the signature
    // is bound to is the one the desk uploaded here (its digest checked on arrival), not what the phone says.
    const recorded = recordings.status(peer.room.id);
    const recordingDigest = recorded.complete ? recorded.digest : null;
    faceSign.receipt = faceSign.signing.sign({ ...request, recordingDigest }, faceSign.script.transcript());
    return { receipt: faceSign.receipt };
  }

  // The customer's photo of the ID card (a phone's camera photo: a few megabytes), checked by head office's OCR, and
  // the face snapshot the phone's camera took at the same moment (a video frame, JPEG), kept as evidence of who showed it.
  const base64 = /^[A-Za-z0-9+/]+=*$/;
  const photoRequest = peerRequest.extend({
    imageBase64: z.string().min(100).max(8_000_000).regex(base64),
    faceBase64: z.string().min(100).max(1_400_000, '人脸截图过大 (face snapshot over 1 MB)').regex(base64),
  });
  app.post('/media/peer/idPhoto', { bodyLimit: 9_600_000 }, async (request, reply) => {
    const body = photoRequest.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', '请拍摄身份证人像面，并保持面对镜头 (an ID card photo and a face snapshot required)');
    const face = Buffer.from(body.data.faceBase64, 'base64');
    if (!face.subarray(0, 3).equals(JPEG_MAGIC)) return refuse(reply, 400, 'bad_request', '人脸截图须为 JPEG (the face snapshot must be a JPEG)');
    try {
      const faceSign = customerOnly(rooms.peer(body.data.peerId));
      if (faceSign.script.view().steps[faceSign.script.view().current]!.kind !== 'identity') throw new ScriptRefused('notCurrentStep');
      if (!options.checkIdCard) return refuse(reply, 503, 'ocrUnavailable', '总行身份证识别暂不可用 (ID card OCR unavailable at head office)');
      const check = await options.checkIdCard(Buffer.from(body.data.imageBase64, 'base64'), faceSign.customer);
      const script = faceSign.script.identityChecked(check, sha256Of(new Uint8Array(face)));
      faceSign.face = face;
      return { script };
    } catch (err) {
      return peerError(reply, err);
    }
  });
  // The branch host keeps the face snapshot on the loan with the receipt that names its digest.
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/face', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
    const face = faceSigns.get(request.params.roomId)?.face;
    if (!face) return refuse(reply, 404, 'not_found', '没有人脸截图 (no face snapshot)');
    return reply.type('image/jpeg').send(face);
  });

  /** What only the customer manager's seat does: the session's recording, the investigation's snapshots. */
  const managerOf = (peerId: unknown): Peer => {
    const peer = rooms.peer(typeof peerId === 'string' ? peerId : '');
    if (peer.role !== 'manager') throw new ScriptRefused('notYourStep');
    return peer;
  };
  // 视频防伪调查: the desk's snapshot of the customer's picture, for an item of the product's checklist.
  const snapshotRequest = peerRequest.extend({ item: z.string().min(1).max(40), imageBase64: z.string().min(100).max(4_000_000).regex(/^[A-Za-z0-9+/]+=*$/) });
  app.post('/media/peer/snapshot', { bodyLimit: 4_200_000 }, async (request, reply) => {
    const body = snapshotRequest.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', '截图无效 (a JPEG snapshot and a checklist item required)');
    try {
      const peer = managerOf(body.data.peerId);
      const snapshot = investigationOf(peer).snapshot(body.data.item, Buffer.from(body.data.imageBase64, 'base64'));
      return { snapshot, investigation: investigationOf(peer).view() };
    } catch (err) {
      if (err instanceof InvestigationRefused) return refuse(reply, 409, err.reason, err.message);
      return peerError(reply, err);
    }
  });
  // The branch host brings the snapshots into the application's investigation record: head office's signed statement
  // of them (times, places, digests), then each picture.
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/snapshots', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
    const investigation = investigations.get(request.params.roomId);
    if (!investigation) return refuse(reply, 404, 'not_found', '没有这次视频调查 (no such investigation)');
    return investigation.statement(options.signingKey);
  });
  app.get<{ Params: { roomId: string; n: string } }>('/media/rooms/:roomId/snapshots/:n', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
    const file = investigations.get(request.params.roomId)?.file(Number(request.params.n));
    if (!file) return refuse(reply, 404, 'not_found', '没有这张截图 (no such snapshot)');
    return reply.type('image/jpeg').send(file);
  });

  // Recordings: uploaded by the branch host in its attachments pass (resumable), played back from the loan page.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const recordingName = z.object({ name: z.string().regex(/^[A-Za-z0-9:_-]{1,120}$/) });
  const recordingRoute = async (request: { headers: { authorization?: string }; params: unknown }, reply: FastifyReply) => {
    if (!branchAuthorised(request.headers.authorization)) {
      await refuse(reply, 401, 'unauthorized', 'branch media key required');
      return null;
    }
    const params = recordingName.safeParse(request.params);
    if (!params.success) {
      await refuse(reply, 400, 'badName', '录像名称无效 (invalid recording name)');
      return null;
    }
    return params.data.name;
  };
  const recordingError = (reply: FastifyReply, err: unknown) => {
    if (err instanceof RecordingRefused) return reply.code(409).send({ error: err.reason, reason: err.message, size: err.size });
    throw err;
  };
  // The desk's recording of the live session (both sides, made in the customer manager's page) comes up through the
  // manager's seat: resumable like the branch's uploads, kept under the room's name, digest checked on finish.
  app.put<{ Querystring: { peerId?: string; offset?: string } }>('/media/peer/recording', async (request, reply) => {
    const offset = Number(request.query.offset);
    if (!Number.isSafeInteger(offset) || offset < 0 || !(request.body instanceof Uint8Array)) {
      return refuse(reply, 400, 'bad_request', 'offset and an application/octet-stream body required');
    }
    try {
      return recordings.append(managerOf(request.query.peerId).room.id, offset, request.body);
    } catch (err) {
      return err instanceof RecordingRefused ? recordingError(reply, err) : peerError(reply, err);
    }
  });
  app.post('/media/peer/recordingFinish', async (request, reply) => {
    const finish = peerRequest.extend({ digest: z.string().regex(digestPattern), durationMs: z.number().int().min(1).max(3 * 3600_000).optional() });
    const body = finish.safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', 'digest sha256:<hex> required');
    try {
      return await recordings.finish(managerOf(body.data.peerId).room.id, body.data.digest, body.data.durationMs);
    } catch (err) {
      return err instanceof RecordingRefused ? recordingError(reply, err) : peerError(reply, err);
    }
  });

  app.get('/media/recordings/:name', async (request, reply) => {
    const name = await recordingRoute(request, reply);
    return name === null ? reply : recordings.status(name);
  });
  app.put<{ Querystring: { offset?: string } }>('/media/recordings/:name', async (request, reply) => {
    const name = await recordingRoute(request, reply);
    if (name === null) return reply;
    const offset = Number(request.query.offset);
    if (!Number.isSafeInteger(offset) || offset < 0 || !(request.body instanceof Uint8Array)) {
      return refuse(reply, 400, 'bad_request', 'offset and an application/octet-stream body required');
    }
    try {
      return recordings.append(name, offset, request.body);
    } catch (err) {
      return recordingError(reply, err);
    }
  });
  app.post('/media/recordings/:name/finish', async (request, reply) => {
    const name = await recordingRoute(request, reply);
    if (name === null) return reply;
    const body = z.object({ digest: z.string().regex(digestPattern) }).safeParse(request.body);
    if (!body.success) return refuse(reply, 400, 'bad_request', 'digest sha256:<hex> required');
    try {
      return await recordings.finish(name, body.data.digest);
    } catch (err) {
      return recordingError(reply, err);
    }
  });
  app.get('/media/recordings/:name/file', async (request, reply) => {
    const name = await recordingRoute(request, reply);
    if (name === null) return reply;
    const path = recordings.path(name);
    if (!path) return refuse(reply, 404, 'not_found', '录像尚未上传完成 (recording not complete)');
    const { createReadStream } = await import('node:fs');
    return reply.type('video/webm').send(createReadStream(path));
  });

  // The branch host fetches the receipt and keeps it on the loan (verified against head office's key there).
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/receipt', async (request, reply) => {
    if (!branchAuthorised(request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
    const receipt = faceSigns.get(request.params.roomId)?.receipt;
    if (!receipt) return refuse(reply, 404, 'not_signed', '客户尚未签署 (not signed yet)');
    return { receipt };
  });

  app.get('/media/join', async (_request, reply) => reply.type('text/html; charset=utf-8').send(joinPageHtml()));
  app.get('/media/static/join.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await options.assets.script()));

  const address = await app.listen({ host: options.host, port: options.port });
  return {
    url: address,
    rooms,
    tokens,
    async close() {
      links.stop();
      await app.close();
    },
  };
}

type Bodies = { [A in Action]: z.infer<(typeof actions)[A]> };

/** The media actions; `sign`, `link` and the script's actions are answered above. */
async function runAction<A extends Exclude<Action, 'sign' | 'script' | 'confirm' | 'advance' | 'link' | 'investigation' | 'location'>>(rooms: Rooms, peer: Peer, action: A, body: Bodies[A]): Promise<unknown> {
  switch (action) {
    case 'createTransport': {
      const t = await rooms.createTransport(peer);
      return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
    }
    case 'connectTransport': {
      const b = body as Bodies['connectTransport'];
      await rooms.transport(peer, b.transportId).connect({ dtlsParameters: b.dtlsParameters as unknown as ms.DtlsParameters });
      return {};
    }
    case 'produce': {
      const b = body as Bodies['produce'];
      const producer = await rooms.transport(peer, b.transportId).produce({
        kind: b.kind, rtpParameters: b.rtpParameters as unknown as ms.RtpParameters, appData: { role: peer.role },
      });
      peer.producers.set(producer.id, producer);
      return { id: producer.id };
    }
    case 'producers':
      return { producers: rooms.pendingProducers(peer).map((p) => ({ id: p.id, kind: p.kind })) };
    case 'consume': {
      const b = body as Bodies['consume'];
      const c = await rooms.consume(peer, b.transportId, b.producerId, b.rtpCapabilities as unknown as ms.RtpCapabilities);
      return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters };
    }
    case 'resumeConsumer': {
      await rooms.start(peer, (body as Bodies['resumeConsumer']).consumerId);
      return {};
    }
    case 'leave':
      rooms.leave(peer);
      return {};
  }
}
