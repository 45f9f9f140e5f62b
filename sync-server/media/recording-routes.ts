import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MediaContext } from './media-context';
import { branchAuthorised, peerError, refuse } from './http-replies';
import { peerRequest } from './peer-requests';
import { RecordingRefused } from './recordings';
import { managerOf } from './room-seats';
import { digestPattern } from './signing';

// Recordings: uploaded by the branch host in its attachments pass (resumable), played back from the loan page.

const recordingName = z.object({ name: z.string().regex(/^[A-Za-z0-9:_-]{1,120}$/) });

export function recordingRoutes(app: FastifyInstance, c: MediaContext): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  // The desk's recording of the live session (both sides, made in the customer manager's page) comes up through the
  // manager's seat: resumable like the branch's uploads, kept under the room's name, digest checked on finish.
  app.put<{ Querystring: { peerId?: string; offset?: string } }>('/media/peer/recording', (request, reply) => appendSessionRecording(c, request, reply));
  app.post('/media/peer/recordingFinish', (request, reply) => finishSessionRecording(c, request, reply));

  app.get('/media/recordings/:name', (request, reply) => recordingStatus(c, request, reply));
  app.put<{ Querystring: { offset?: string } }>('/media/recordings/:name', (request, reply) => appendRecording(c, request, reply));
  app.post('/media/recordings/:name/finish', (request, reply) => finishRecording(c, request, reply));
  app.get('/media/recordings/:name/file', (request, reply) => recordingFile(c, request, reply));
}

/** The recording a branch route names, once the branch's key is checked; null when refused (the reply is sent). */
async function recordingRoute(c: MediaContext, request: { headers: { authorization?: string }; params: unknown }, reply: FastifyReply) {
  if (!branchAuthorised(c, request.headers.authorization)) {
    await refuse(reply, 401, 'unauthorized', 'branch media key required');
    return null;
  }
  const params = recordingName.safeParse(request.params);
  if (!params.success) {
    await refuse(reply, 400, 'badName', '录像名称无效 (invalid recording name)');
    return null;
  }
  return params.data.name;
}

function recordingError(reply: FastifyReply, err: unknown) {
  if (err instanceof RecordingRefused) return reply.code(409).send({ error: err.reason, reason: err.message, size: err.size });
  throw err;
}

async function appendSessionRecording(c: MediaContext, request: FastifyRequest<{ Querystring: { peerId?: string; offset?: string } }>, reply: FastifyReply) {
  const offset = Number(request.query.offset);
  if (!Number.isSafeInteger(offset) || offset < 0 || !(request.body instanceof Uint8Array)) {
    return refuse(reply, 400, 'bad_request', 'offset and an application/octet-stream body required');
  }
  try {
    return c.recordings.append(managerOf(c, request.query.peerId).room.id, offset, request.body);
  } catch (err) {
    return err instanceof RecordingRefused ? recordingError(reply, err) : peerError(reply, err);
  }
}

async function finishSessionRecording(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const finish = peerRequest.extend({ digest: z.string().regex(digestPattern), durationMs: z.number().int().min(1).max(3 * 3600_000).optional() });
  const body = finish.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', 'digest sha256:<hex> required');
  try {
    return await c.recordings.finish(managerOf(c, body.data.peerId).room.id, body.data.digest, body.data.durationMs);
  } catch (err) {
    return err instanceof RecordingRefused ? recordingError(reply, err) : peerError(reply, err);
  }
}

async function recordingStatus(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const name = await recordingRoute(c, request, reply);
  return name === null ? reply : c.recordings.status(name);
}

async function appendRecording(c: MediaContext, request: FastifyRequest<{ Querystring: { offset?: string } }>, reply: FastifyReply) {
  const name = await recordingRoute(c, request, reply);
  if (name === null) return reply;
  const offset = Number(request.query.offset);
  if (!Number.isSafeInteger(offset) || offset < 0 || !(request.body instanceof Uint8Array)) {
    return refuse(reply, 400, 'bad_request', 'offset and an application/octet-stream body required');
  }
  try {
    return c.recordings.append(name, offset, request.body);
  } catch (err) {
    return recordingError(reply, err);
  }
}

async function finishRecording(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const name = await recordingRoute(c, request, reply);
  if (name === null) return reply;
  const body = z.object({ digest: z.string().regex(digestPattern) }).safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', 'digest sha256:<hex> required');
  try {
    return await c.recordings.finish(name, body.data.digest);
  } catch (err) {
    return recordingError(reply, err);
  }
}

async function recordingFile(c: MediaContext, request: FastifyRequest, reply: FastifyReply) {
  const name = await recordingRoute(c, request, reply);
  if (name === null) return reply;
  const path = c.recordings.path(name);
  if (!path) return refuse(reply, 404, 'not_found', '录像尚未上传完成 (recording not complete)');
  const { createReadStream } = await import('node:fs');
  return reply.type('video/webm').send(createReadStream(path));
}
