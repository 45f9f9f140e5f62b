import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checklistItemSchema as checklistItem } from '../../domain/video/investigation-statement';
import type { MediaContext } from './media-context';
import { branchAuthorised, refuse, tooMany } from './http-replies';
import { TokenRefused } from './room-tokens';
import { openSigning, ruleSetRef, digestPattern } from './signing';
import { openInvestigation } from './investigation';
import { openSessionScript } from './session-script';

// Opening a room (the branch host, with its key), texting the customer a join link, and joining with a link.

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
type RoomRequest = z.infer<typeof roomRequest>;
const joinRequest = z.object({ token: z.string().min(1).max(200) });

export function roomRoutes(app: FastifyInstance, c: MediaContext): void {
  app.post('/media/rooms', (request, reply) => openRoom(c, request, reply));
  // The desk asks head office to text the customer a fresh one-time join link, to the phone on file for the room (the
  // branch cannot choose another number or word the message: the outbox sends only head office's own text).
  app.post<{ Params: { roomId: string } }>('/media/rooms/:roomId/sms-link', (request, reply) => textJoinLink(c, request, reply));
  app.post('/media/join', (request, reply) => joinRoom(c, request, reply));
}

async function openRoom(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) {
    return refuse(reply, 401, 'unauthorized', '需要支行媒体密钥 (branch media key required)');
  }
  const body = roomRequest.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', body.error.issues[0]?.message ?? 'invalid');
  const { purpose, applicationId, customerPhone } = body.data;
  const roomId = `${purpose}:${applicationId}`;
  // A helper that refuses has sent the refusal: the handler answers with the reply as it is.
  if (purpose === 'face-sign' && !(await openFaceSign(c, roomId, body.data, request.headers.authorization!.slice(7), reply))) return reply;
  if (purpose === 'investigation' && !openInvestigationOf(c, roomId, body.data, reply)) return reply;
  if (customerPhone) c.phones.set(roomId, customerPhone);
  await c.rooms.open(roomId);
  c.tokens.sweep(c.ttl);
  return {
    roomId,
    manager: c.tokens.issue({ roomId, role: 'manager' }, c.ttl),
    customer: c.tokens.issue({ roomId, role: 'customer' }, c.ttl),
  };
}

/**
 * A face-signing room's session (kept when the room is reopened after the signature); false when it is refused (the
 * refusal sent: not returned, as a Fastify reply is a thenable an async function would wait on instead).
 */
async function openFaceSign(c: MediaContext, roomId: string, room: RoomRequest, branchKey: string, reply: FastifyReply): Promise<boolean> {
  const { applicationId, contractDigest, customerPhone, customerName, customerIdNumber, terms, clauses, ruleSet } = room;
  if (!contractDigest || !customerPhone || !customerName || !customerIdNumber || !ruleSet || !clauses) {
    refuse(reply, 400, 'bad_request', '视频面签需要合同摘要、客户手机号、姓名、身份证号、产品规则版本及风险提示 (contractDigest, customerPhone, customerName, customerIdNumber, ruleSet and clauses required)');
    return false;
  }
  const published = c.options.publishedRiskNotice ? await c.options.publishedRiskNotice(ruleSet) : clauses;
  if (!published || published.length !== clauses.length || published.some((clause, i) => clause !== clauses[i])) {
    refuse(reply, 409, 'ruleSetMismatch', `风险提示与总行发布的产品规则第${ruleSet.version}版不一致 (risk notice differs from the published rule set)`);
    return false;
  }
  const existing = c.faceSigns.get(roomId);
  // Reopening a room (a new link) keeps a signature already given; otherwise the script starts again and a fresh
  // code goes to the phone.
  if (!existing?.receipt || existing.contractDigest !== contractDigest) {
    // The code is a text to the phone the branch names: counted against the key's hourly cap like a join link.
    const refused = c.texts.take(branchKey, null);
    if (refused) {
      tooMany(reply, refused);
      return false;
    }
    const signing = openSigning({ roomId, applicationId, contractDigest, ruleSet }, c.options.signingKey);
    const script = openSessionScript(clauses, c.options.clock);
    c.faceSigns.set(roomId, { signing, script, customer: { name: customerName, idNumber: customerIdNumber }, terms, contractDigest, receipt: null, face: null });
    await c.options.sendText({ kind: 'phone', number: customerPhone }, `【精微农商银行】您的视频面签签署验证码为 ${signing.code}，10分钟内有效。请勿告诉他人，包括银行工作人员。`, roomId);
  }
  return true;
}

/** An investigation room's record of snapshots; false when the room request lacks the checklist (the refusal sent). */
function openInvestigationOf(c: MediaContext, roomId: string, room: RoomRequest, reply: FastifyReply): boolean {
  const { applicationId, checklist } = room;
  if (!checklist) {
    refuse(reply, 400, 'bad_request', '视频调查需要产品的调查清单 (checklist required)');
    return false;
  }
  // A new link for the same application keeps the snapshots taken so far.
  if (!c.investigations.has(roomId)) {
    const dir = join(c.options.recordingsDir, '..', 'investigations', roomId.replace(':', '-'));
    c.investigations.set(roomId, openInvestigation({ dir, roomId, applicationId }, checklist, c.options.clock));
  }
  return true;
}

async function textJoinLink(c: MediaContext, request: FastifyRequest<{ Params: { roomId: string } }>, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) return refuse(reply, 401, 'unauthorized', '需要支行媒体密钥 (branch media key required)');
  const { roomId } = request.params;
  if (!c.rooms.has(roomId)) return refuse(reply, 404, 'not_found', '没有这个面签房间，请重新发起 (no such room: open it again)');
  const phone = c.phones.get(roomId);
  if (!phone) return refuse(reply, 409, 'noPhone', '未登记客户手机号，无法发送短信链接 (no customer phone for this room)');
  const refused = c.texts.take(request.headers.authorization!.slice(7), roomId);
  if (refused) return tooMany(reply, refused);
  const link = c.tokens.issue({ roomId, role: 'customer' }, c.ttl);
  const url = `${request.protocol}://${request.headers.host}/media/join#t=${encodeURIComponent(link.token)}`;
  const what = roomId.startsWith('investigation:') ? '视频调查' : '视频面签';
  await c.options.sendText({ kind: 'phone', number: phone }, `【精微农商银行】请点击链接进入${what}：${url} 链接${Math.round(c.ttl / 60_000)}分钟内有效，仅限本人使用一次。`, roomId);
  return { sentTo: `${phone.slice(0, 3)}****${phone.slice(7)}`, expiresAt: link.expiresAt };
}

async function joinRoom(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const body = joinRequest.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', 'token required');
  try {
    const ticket = c.tokens.redeem(body.data.token);
    const room = await c.rooms.open(ticket.roomId);
    const peer = c.rooms.join(room, ticket.role);
    const faceSign = c.faceSigns.get(room.id);
    return {
      peerId: peer.id, role: peer.role, roomId: room.id, routerRtpCapabilities: room.router.rtpCapabilities,
      signing: faceSign ? { contractDigest: faceSign.contractDigest, terms: faceSign.terms, signed: !!faceSign.receipt } : null,
      investigation: c.investigations.get(room.id)?.view() ?? null,
    };
  } catch (err) {
    if (err instanceof TokenRefused) return refuse(reply, 403, err.reason, err.message);
    throw err;
  }
}
