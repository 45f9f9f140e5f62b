import { describe, expect, it } from 'vitest';
import type { types as ms } from 'mediasoup';
import { controlLinks } from './link-control';
import { STARTED, type Peer, type Room } from './rooms';

// The SFU side of the layer policy on stand-ins for mediasoup's objects: what it reads (scores, round trip, estimate,
// the sender's layers) and what it does (caps the layer, pauses and resumes the video — never the audio).

interface Line { rttMs: number; availableBps: number; videoScore: number; audioScore: number; fractionLost?: number }

function fixture(line: Line) {
  const calls: string[] = [];
  const producer = {
    id: 'P-video',
    rtpParameters: {
      encodings: [
        { rid: 'r0', scalabilityMode: 'L1T3', maxBitrate: 120_000 }, { rid: 'r1', scalabilityMode: 'L1T3', maxBitrate: 350_000 },
        { rid: 'r2', scalabilityMode: 'L1T3', maxBitrate: 900_000 },
      ],
    },
    // The camera sends two of the three layers (640×480): r2 never arrives.
    getStats: async () => [
      { type: 'inbound-rtp', rid: 'r0', packetCount: 900, bitrate: 110_000 },
      { type: 'inbound-rtp', rid: 'r1', packetCount: 1800, bitrate: 330_000 },
    ],
  } as unknown as ms.Producer;
  const video = {
    id: 'C-video', kind: 'video', producerId: 'P-video', closed: false, paused: false, appData: { transportId: 'T1', [STARTED]: true },
    preferredLayers: undefined as ms.ConsumerLayers | undefined,
    /** What mediasoup forwards now (undefined: not said; the stand-in leaves it to the test). */
    currentLayers: undefined as ms.ConsumerLayers | undefined,
    get score() { return { score: line.videoScore, producerScore: 10, producerScores: [] }; },
    getStats: async () => [{ type: 'outbound-rtp', roundTripTime: line.rttMs, fractionLost: line.fractionLost ?? 0 }],
    async setPreferredLayers(layers: ms.ConsumerLayers) { this.preferredLayers = layers; calls.push(`layers ${layers.spatialLayer}.${layers.temporalLayer}`); },
    async pause() { this.paused = true; calls.push('pause video'); },
    async resume() { this.paused = false; calls.push('resume video'); },
    async requestKeyFrame() { calls.push('key frame'); },
  };
  const audio = {
    id: 'C-audio', kind: 'audio', producerId: 'P-audio', closed: false, paused: false, appData: { transportId: 'T1', [STARTED]: true },
    get score() { return { score: line.audioScore, producerScore: 10, producerScores: [] }; },
    getStats: async () => [{ type: 'outbound-rtp', roundTripTime: line.rttMs, fractionLost: 0 }],
    async pause() { calls.push('pause audio'); },
  };
  const transport = { getStats: async () => [{ availableOutgoingBitrate: line.availableBps }] };
  const room = { id: 'face-sign:A1', peers: new Map<string, Peer>() } as unknown as Room;
  const customer = {
    id: 'customer', role: 'customer', room, transports: new Map([['T1', transport]]), producers: new Map(),
    consumers: new Map<string, unknown>([['C-audio', audio], ['C-video', video]]), consumed: new Set(),
  } as unknown as Peer;
  const manager = { id: 'manager', role: 'manager', room, transports: new Map(), producers: new Map([['P-video', producer]]), consumers: new Map(), consumed: new Set() } as unknown as Peer;
  room.peers.set('customer', customer);
  room.peers.set('manager', manager);
  const rooms = {
    allPeers: () => room.peers.values(),
    hasPeer: (id: string) => room.peers.has(id),
    producer: (_room: Room, id: string) => (id === producer.id ? producer : undefined),
  };
  return { calls, video, customer, manager, control: controlLinks(rooms, { intervalMs: 3_600_000 }) };
}

async function seconds(n: number, control: { tick(): Promise<void> }) {
  for (let i = 0; i < n; i++) await control.tick();
}

describe('link control in the SFU', () => {
  it('caps the phone\'s picture when the round trip shows a queue, tells both sides, and pauses the video (not the voice) when even the lowest rung is too much', async () => {
    const line: Line = { rttMs: 80, availableBps: 900_000, videoScore: 10, audioScore: 10 };
    const { calls, video, customer, manager, control } = fixture(line);
    await seconds(3, control);
    // Rungs: 120p at the base frame rate, 120p, 240p — the best one allowed on a clear line.
    expect(control.view(customer).receiving).toMatchObject({ grade: 'good', videoPaused: false, rung: 3, rungs: 3 });
    line.rttMs = 900;
    await seconds(2, control);
    expect(video.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 2 });
    expect(control.view(customer).receiving).toMatchObject({ grade: 'poor', rung: 2, rttMs: 900 });
    // The desk is told how the phone receives it.
    expect(control.view(manager).sending).toMatchObject({ grade: 'poor', rung: 2 });
    // Still queueing at 120p: down to 120p at the base frame rate; a queue of over a second with loss pauses the video.
    await seconds(2, control);
    expect(video.preferredLayers).toEqual({ spatialLayer: 0, temporalLayer: 0 });
    expect(video.paused).toBe(false);
    line.rttMs = 1300;
    await seconds(2, control);
    expect(video.paused).toBe(false);
    line.fractionLost = 40;
    await seconds(2, control);
    expect(video.paused).toBe(true);
    expect(control.view(customer).receiving?.videoPaused).toBe(true);
    expect(calls).not.toContain('pause audio');
    // The line clears: after the base six clear seconds the video resumes, at the lowest rung.
    Object.assign(line, { rttMs: 70, fractionLost: 0 });
    await seconds(6, control);
    expect(video.paused).toBe(false);
    expect(calls.slice(-2)).toEqual(['resume video', 'key frame']);
    expect(control.view(customer).receiving).toMatchObject({ videoPaused: false, rung: 1, grade: 'fair' });
    control.stop();
  });

  it('says the picture is held below the best when mediasoup\'s own estimate forwards a lower layer on a line with no queue', async () => {
    const { video, customer, manager, control } = fixture({ rttMs: 80, availableBps: 250_000, videoScore: 10, audioScore: 10 });
    video.currentLayers = { spatialLayer: 0, temporalLayer: 2 };
    await seconds(3, control);
    // Nothing for the policy to cap (no queue, no loss): the 240p layer stays allowed, but the phone gets 120p.
    expect(video.preferredLayers).toEqual({ spatialLayer: 1, temporalLayer: 2 });
    expect(control.view(customer).receiving).toMatchObject({ grade: 'fair', videoPaused: false, rung: 2, rungs: 3 });
    expect(control.view(manager).sending).toMatchObject({ grade: 'fair', rung: 2 });
    // Its estimate climbs and the top layer goes through: the best picture, and a good line.
    video.currentLayers = { spatialLayer: 1, temporalLayer: 2 };
    await seconds(1, control);
    expect(control.view(customer).receiving).toMatchObject({ grade: 'good', rung: 3 });
    control.stop();
  });

  it('leaves a consumer alone until the browser has started it', async () => {
    const { calls, video, customer, control } = fixture({ rttMs: 900, availableBps: 50_000, videoScore: 3, audioScore: 5 });
    video.appData[STARTED] = false;
    await seconds(3, control);
    expect(calls).toEqual([]);
    expect(control.view(customer).receiving).toBeNull();
    control.stop();
  });
});
