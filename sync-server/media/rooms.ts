import { randomBytes } from 'node:crypto';
import type { types as ms } from 'mediasoup';
import { refuse, type RoomRole } from './room-tokens';

/** appData flag: the browser has wired and resumed the consumer once (consumers start paused). */
export const STARTED = 'started';

// Rooms of the head-office SFU: one mediasoup Router per application's session, two seats (customer manager and
// customer). Each joined peer gets a random peer id that is its capability for the signalling calls.

export const MEDIA_CODECS: ms.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 300 } },
];

export interface ListenSettings {
  /** Address the media sockets bind to (127.0.0.1 in tests). */
  ip: string;
  /** Address announced to browsers when it differs (NAT, public name). */
  announcedAddress?: string;
  portRange?: { min: number; max: number };
}

export interface Peer {
  id: string;
  role: RoomRole;
  room: Room;
  transports: Map<string, ms.WebRtcTransport>;
  producers: Map<string, ms.Producer>;
  consumers: Map<string, ms.Consumer>;
  /** Producers of the other side this peer has consumed already (producer id). */
  consumed: Set<string>;
}

export interface Room {
  id: string;
  router: ms.Router;
  peers: Map<string, Peer>;
}

export class RoomError extends Error {
  constructor(readonly code: 'peerUnknown' | 'transportUnknown' | 'producerUnknown' | 'cannotConsume' | 'notSigner', message: string) {
    super(message);
  }
}

export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly peers = new Map<string, Peer>();

  constructor(private readonly worker: ms.Worker, private readonly listen: ListenSettings) {}

  async open(roomId: string): Promise<Room> {
    const existing = this.rooms.get(roomId);
    if (existing) return existing;
    const router = await this.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const room: Room = { id: roomId, router, peers: new Map() };
    this.rooms.set(roomId, room);
    return room;
  }

  has(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** Seats a redeemed ticket. One customer per room: a second one is refused while the first is in it. */
  join(room: Room, role: RoomRole): Peer {
    if (role === 'customer' && [...room.peers.values()].some((p) => p.role === 'customer')) throw refuse('seatTaken');
    const peer: Peer = {
      id: randomBytes(16).toString('base64url'), role, room,
      transports: new Map(), producers: new Map(), consumers: new Map(), consumed: new Set(),
    };
    room.peers.set(peer.id, peer);
    this.peers.set(peer.id, peer);
    return peer;
  }

  peer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new RoomError('peerUnknown', '面签会话已结束或不存在 (peer unknown or left)');
    return peer;
  }

  async createTransport(peer: Peer): Promise<ms.WebRtcTransport> {
    const transport = await peer.room.router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: this.listen.ip, announcedAddress: this.listen.announcedAddress, portRange: this.listen.portRange },
        { protocol: 'tcp', ip: this.listen.ip, announcedAddress: this.listen.announcedAddress, portRange: this.listen.portRange },
      ],
      preferUdp: true,
      initialAvailableOutgoingBitrate: 600_000,
    });
    peer.transports.set(transport.id, transport);
    return transport;
  }

  transport(peer: Peer, transportId: string): ms.WebRtcTransport {
    const transport = peer.transports.get(transportId);
    if (!transport) throw new RoomError('transportUnknown', `transport ${transportId} unknown`);
    return transport;
  }

  /** Producers of the other peers in the room this peer has not consumed yet. */
  pendingProducers(peer: Peer): ms.Producer[] {
    const out: ms.Producer[] = [];
    for (const other of peer.room.peers.values()) {
      if (other === peer) continue;
      for (const producer of other.producers.values()) if (!peer.consumed.has(producer.id)) out.push(producer);
    }
    return out;
  }

  async consume(peer: Peer, transportId: string, producerId: string, rtpCapabilities: ms.RtpCapabilities): Promise<ms.Consumer> {
    const transport = this.transport(peer, transportId);
    if (!peer.room.router.canConsume({ producerId, rtpCapabilities })) {
      throw new RoomError('cannotConsume', '此设备不支持对方的音视频格式 (cannot consume this producer)');
    }
    // Paused until the browser has wired the track: the first key frame then reaches a ready decoder.
    const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true, appData: { transportId } });
    peer.consumers.set(consumer.id, consumer);
    peer.consumed.add(producerId);
    consumer.on('producerclose', () => peer.consumers.delete(consumer.id));
    return consumer;
  }

  /** The browser has wired the consumer's track: it flows from now on, and the link policy may act on it. */
  async start(peer: Peer, consumerId: string): Promise<void> {
    const consumer = peer.consumers.get(consumerId);
    if (!consumer) throw new RoomError('producerUnknown', 'consumer unknown');
    await consumer.resume();
    consumer.appData[STARTED] = true;
  }

  producer(room: Room, producerId: string): ms.Producer | undefined {
    for (const peer of room.peers.values()) {
      const producer = peer.producers.get(producerId);
      if (producer) return producer;
    }
    return undefined;
  }

  allPeers(): IterableIterator<Peer> {
    return this.peers.values();
  }

  hasPeer(peerId: string): boolean {
    return this.peers.has(peerId);
  }

  leave(peer: Peer): void {
    for (const transport of peer.transports.values()) transport.close();
    peer.room.peers.delete(peer.id);
    this.peers.delete(peer.id);
  }

  close(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    for (const peer of [...room.peers.values()]) this.leave(peer);
    room.router.close();
    this.rooms.delete(roomId);
  }

  get sizes(): { rooms: number; peers: number } {
    return { rooms: this.rooms.size, peers: this.peers.size };
  }
}
