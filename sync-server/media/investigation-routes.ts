import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MediaContext } from './media-context';
import { branchAuthorised, peerError, refuse } from './http-replies';
import { InvestigationRefused } from './investigation';
import { peerRequest, type Bodies } from './peer-requests';
import { investigationOf, managerOf } from './room-seats';
import type { Peer } from './rooms';
import { ScriptRefused } from './session-script';

// 视频防伪调查's own steps: the phone's position, the desk's snapshots for the product's checklist, and the signed
// statement and pictures the branch host brings into the application's investigation record.

// 视频防伪调查: the desk's snapshot of the customer's picture, for an item of the product's checklist.
const snapshotRequest = peerRequest.extend({ item: z.string().min(1).max(40), imageBase64: z.string().min(100).max(4_000_000).regex(/^[A-Za-z0-9+/]+=*$/) });

export function investigationRoutes(app: FastifyInstance, c: MediaContext): void {
  app.post('/media/peer/snapshot', { bodyLimit: 4_200_000 }, (request, reply) => takeSnapshot(c, request, reply));
  // The branch host brings the snapshots into the application's investigation record: head office's signed statement
  // of them (times, places, digests), then each picture.
  app.get<{ Params: { roomId: string } }>('/media/rooms/:roomId/snapshots', (request, reply) => snapshotStatement(c, request, reply));
  app.get<{ Params: { roomId: string; n: string } }>('/media/rooms/:roomId/snapshots/:n', (request, reply) => snapshotFile(c, request, reply));
}

/** The phone's position as it reports it (the customer allowed it); kept for the desk's next snapshot. */
export function located(c: MediaContext, peer: Peer, body: Bodies['location']) {
  if (peer.role !== 'customer') throw new ScriptRefused('notYourStep');
  const { peerId: _p, ...location } = body;
  investigationOf(c, peer).located(location);
  return {};
}

async function takeSnapshot(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const body = snapshotRequest.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', '截图无效 (a JPEG snapshot and a checklist item required)');
  try {
    const peer = managerOf(c, body.data.peerId);
    const snapshot = investigationOf(c, peer).snapshot(body.data.item, Buffer.from(body.data.imageBase64, 'base64'));
    return { snapshot, investigation: investigationOf(c, peer).view() };
  } catch (err) {
    if (err instanceof InvestigationRefused) return refuse(reply, 409, err.reason, err.message);
    return peerError(reply, err);
  }
}

async function snapshotStatement(c: MediaContext, request: FastifyRequest<{ Params: { roomId: string } }>, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
  const investigation = c.investigations.get(request.params.roomId);
  if (!investigation) return refuse(reply, 404, 'not_found', '没有这次视频调查 (no such investigation)');
  return investigation.statement(c.options.signingKey);
}

async function snapshotFile(c: MediaContext, request: FastifyRequest<{ Params: { roomId: string; n: string } }>, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) return refuse(reply, 401, 'unauthorized', 'branch media key required');
  const file = c.investigations.get(request.params.roomId)?.file(Number(request.params.n));
  if (!file) return refuse(reply, 404, 'not_found', '没有这张截图 (no such snapshot)');
  return reply.type('image/jpeg').send(file);
}
