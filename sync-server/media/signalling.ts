import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { types as ms } from 'mediasoup';
import type { MediaContext } from './media-context';
import { peerError, refuse } from './http-replies';
import { actions, type Action, type Bodies } from './peer-requests';
import { scriptAction, signFor } from './face-sign-routes';
import { investigationOf } from './room-seats';
import { located } from './investigation-routes';
import type { Peer, Rooms } from './rooms';

// The signalling calls of a joined peer (POST /media/peer/:action): each names the peer it comes from and one action,
// answered by the SFU's rooms (runAction) or by the session's own steps (face-sign-routes, investigation-routes).

export function signallingRoutes(app: FastifyInstance, c: MediaContext): void {
  app.post<{ Params: { action: string } }>('/media/peer/:action', (request, reply) => peerAction(c, request, reply));
}

async function peerAction(c: MediaContext, request: FastifyRequest<{ Params: { action: string } }>, reply: FastifyReply) {
  const action = request.params.action as Action;
  const schema = Object.hasOwn(actions, action) ? actions[action] : null;
  if (!schema) return refuse(reply, 404, 'not_found', 'unknown action');
  const body = schema.safeParse(request.body);
  if (!body.success) return refuse(reply, 400, 'bad_request', body.error.issues[0]?.message ?? 'invalid');
  try {
    const peer = c.rooms.peer(body.data.peerId);
    if (action === 'sign') return signFor(c, peer, body.data as Bodies['sign']);
    if (action === 'link') return c.links.view(peer);
    if (action === 'investigation') return investigationOf(c, peer).view();
    if (action === 'location') return located(c, peer, body.data as Bodies['location']);
    if (action === 'script' || action === 'confirm' || action === 'advance') return scriptAction(c, peer, action, body.data as Bodies['confirm']);
    return await runAction(c.rooms, peer, action, body.data as never);
  } catch (err) {
    return peerError(reply, err);
  }
}

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
