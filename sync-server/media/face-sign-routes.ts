import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MediaContext } from './media-context';
import { branchAuthorised, peerError, refuse } from './http-replies';
import { peerRequest, type Bodies } from './peer-requests';
import { customerOnly, faceSignOf } from './room-seats';
import { RoomError, type Peer } from './rooms';
import { ScriptRefused } from './session-script';
import type { VideoSignatureReceipt } from './signing';

// 视频面签's own steps: the session script (ID check, clauses confirmed, advanced by the desk), the customer's
// signature bound to the uploaded recording, and the evidence the branch host fetches (face snapshot, receipt).

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const sha256Of = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// The customer's photo of the ID card (a phone's camera photo: a few megabytes), checked by head office's OCR, and
// the face snapshot the phone's camera took at the same moment (a video frame, JPEG), kept as evidence of who showed it.
const base64 = /^[A-Za-z0-9+/]+=*$/;
const photoRequest = peerRequest.extend({
  imageBase64: z.string().min(100).max(8_000_000).regex(base64),
  faceBase64: z.string().min(100).max(1_400_000, '人脸截图过大 (face snapshot over 1 MB)').regex(base64),
});

export function faceSignRoutes(app: FastifyInstance, c: MediaContext): void {
  app.post('/media/peer/idPhoto', { bodyLimit: 9_600_000 }, (request, reply) => checkIdPhoto(c, request, reply));
  // The branch host keeps the face snapshot on the loan with the receipt that names its digest.
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/face', (request, reply) => faceSnapshot(c, request, reply));
  // The branch host fetches the receipt and keeps it on the loan (verified against head office's key there).
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/receipt', (request, reply) => receiptOf(c, request, reply));
}

export function scriptAction(c: MediaContext, peer: Peer, action: 'script' | 'confirm' | 'advance', body: Partial<Bodies['confirm']>) {
  if (action === 'confirm') return { script: customerOnly(c, peer).script.confirm(body.stepId!) };
  const { script, receipt } = faceSignOf(c, peer);
  if (action === 'advance') {
    if (peer.role !== 'manager') throw new ScriptRefused('notYourStep');
    return { script: script.advance() };
  }
  return { script: script.view(), signed: !!receipt };
}

export function signFor(c: MediaContext, peer: Peer, body: Bodies['sign']): { receipt: VideoSignatureReceipt } {
  if (peer.role !== 'customer') throw new RoomError('notSigner', '只有客户本人可以签署 (only the customer signs)');
  const faceSign = faceSignOf(c, peer);
  const { peerId: _peer, recordingDigest: _claimed, ...request } = body;
  // The script first: no signature before the ID check and every clause is confirmed. The recording the signature
  // is bound to is the one the desk uploaded here (its digest checked on arrival), not what the phone says.
  const recorded = c.recordings.status(peer.room.id);
  const recordingDigest = recorded.complete ? recorded.digest : null;
  faceSign.receipt = faceSign.signing.sign({ ...request, recordingDigest }, faceSign.script.transcript());
  return { receipt: faceSign.receipt };
}

async function checkIdPhoto(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const body = photoRequest.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', '请拍摄身份证人像面，并保持面对镜头 (an ID card photo and a face snapshot required)');
  const face = Buffer.from(body.data.faceBase64, 'base64');
  if (!face.subarray(0, 3).equals(JPEG_MAGIC)) return refuse(reply, 400, 'bad_request', '人脸截图须为 JPEG (the face snapshot must be a JPEG)');
  try {
    const faceSign = customerOnly(c, c.rooms.peer(body.data.peerId));
    if (faceSign.script.view().steps[faceSign.script.view().current]!.kind !== 'identity') throw new ScriptRefused('notCurrentStep');
    if (!c.options.checkIdCard) return refuse(reply, 503, 'ocrUnavailable', '总行身份证识别暂不可用 (ID card OCR unavailable at head office)');
    const check = await c.options.checkIdCard(Buffer.from(body.data.imageBase64, 'base64'), faceSign.customer);
    const script = faceSign.script.identityChecked(check, sha256Of(new Uint8Array(face)));
    faceSign.face = face;
    return { script };
  } catch (err) {
    return peerError(reply, err);
  }
}

async function faceSnapshot(c: MediaContext, request: FastifyRequest<{ Params: { roomId: string } }>, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
  const face = c.faceSigns.get(request.params.roomId)?.face;
  if (!face) return refuse(reply, 404, 'not_found', '没有人脸截图 (no face snapshot)');
  return reply.type('image/jpeg').send(face);
}

async function receiptOf(c: MediaContext, request: FastifyRequest<{ Params: { roomId: string } }>, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
  const receipt = c.faceSigns.get(request.params.roomId)?.receipt;
  if (!receipt) return refuse(reply, 404, 'not_signed', '客户尚未签署 (not signed yet)');
  return { receipt };
}
