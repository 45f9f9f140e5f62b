import type { FaceSign, MediaContext } from './media-context';
import { RoomError, type Peer } from './rooms';
import { ScriptRefused } from './session-script';
import type { Investigation } from './investigation';

// Which session a peer's room holds, and which seat a step belongs to: the checks every peer route makes before it
// acts (a refusal is thrown, and answered by http-replies' peerError).

export function faceSignOf(c: MediaContext, peer: Peer): FaceSign {
  const faceSign = c.faceSigns.get(peer.room.id);
  if (!faceSign) throw new RoomError('notSigner', '本房间不是视频面签 (not a face-signing room)');
  return faceSign;
}

/** Only the customer's own phone (or the branch tablet in the customer's seat) does the customer's steps. */
export function customerOnly(c: MediaContext, peer: Peer): FaceSign {
  if (peer.role !== 'customer') throw new ScriptRefused('notYourStep');
  return faceSignOf(c, peer);
}

export function investigationOf(c: MediaContext, peer: Peer): Investigation {
  const investigation = c.investigations.get(peer.room.id);
  if (!investigation) throw new RoomError('notSigner', '本房间不是视频调查 (not an investigation room)');
  return investigation;
}

/** What only the customer manager's seat does: the session's recording, the investigation's snapshots. */
export function managerOf(c: MediaContext, peerId: unknown): Peer {
  const peer = c.rooms.peer(typeof peerId === 'string' ? peerId : '');
  if (peer.role !== 'manager') throw new ScriptRefused('notYourStep');
  return peer;
}
