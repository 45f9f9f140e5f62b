import type { types as ms } from 'mediasoup';
import {
  initialLayerState, linkGrade, nextLayerState, receivedStep, type LayerState, type LayerStep, type LinkGrade, type LinkSample,
  type LinkView, type ReceiverLink,
} from '../../domain/video/layer-policy';
import { STARTED, type Peer, type Rooms } from './rooms';

// Applies domain/video/layer-policy.ts in head office's SFU: once a second, for each peer receiving video, reads what
// mediasoup measures of its link and caps the layer forwarded to it (or pauses the video, never the audio). What was
// decided is kept for the `link` signalling call, so both sides are told the link's quality.

export interface LinkLogEntry {
  at: string;
  role: Peer['role'];
  sample: LinkSample;
  ladder: LayerStep[];
  step: number;
  grade: LinkGrade;
}

interface Control {
  state: LayerState;
  consumerId: string;
  link: ReceiverLink;
}

export interface LinkControl {
  view(peer: Peer): LinkView;
  /** One pass over every peer (the timer runs it; tests call it directly). */
  tick(): Promise<void>;
  stop(): void;
}

function outbound(stats: readonly { type: string }[]): ms.RtpStreamSendStats | undefined {
  return stats.find((s) => s.type === 'outbound-rtp') as ms.RtpStreamSendStats | undefined;
}

/**
 * The sender's rungs, lowest first: each simulcast layer it sends (a 640×480 camera sends two of three), at the bit
 * rate the sender caps it to (the encoding's maxBitrate; measured when it has none) — stable from second to second,
 * so a rung's index keeps its meaning. The lowest layer at its base frame rate is one rung more when the sender encodes
 * temporal layers.
 */
export function ladderOf(producer: ms.Producer, stats: readonly ms.RtpStreamRecvStats[]): LayerStep[] {
  const encodings = producer.rtpParameters.encodings ?? [];
  const temporalLayers = Number(/T(\d)/.exec(encodings[0]?.scalabilityMode ?? '')?.[1] ?? 1);
  const top = temporalLayers - 1;
  const steps: LayerStep[] = [];
  encodings.forEach((encoding, spatialLayer) => {
    const stream = stats.find((s) => (encoding.rid ? s.rid === encoding.rid : s.ssrc === encoding.ssrc));
    if (!stream || stream.packetCount === 0) return;
    const bitrateBps = encoding.maxBitrate ?? stream.bitrate;
    if (steps.length === 0 && top > 0) steps.push({ spatialLayer, temporalLayer: 0, bitrateBps: Math.round(bitrateBps / 2) });
    steps.push({ spatialLayer, temporalLayer: top, bitrateBps });
  });
  return steps;
}

/** The highest rung at or below the layers mediasoup forwards now; null when it forwards none. */
function forwardedStepOf(ladder: readonly LayerStep[], layers: ms.ConsumerLayers | undefined): number | null {
  if (!layers) return null;
  const at = ladder.findLastIndex((s) => s.spatialLayer < layers.spatialLayer ||
    (s.spatialLayer === layers.spatialLayer && s.temporalLayer <= (layers.temporalLayer ?? 0)));
  return at < 0 ? null : at;
}

async function sampleOf(peer: Peer, video: ms.Consumer, audio: ms.Consumer | undefined, ladder: readonly LayerStep[]): Promise<LinkSample> {
  const transport = peer.transports.get(String(video.appData.transportId));
  const [videoStats, audioStats, transportStats] = await Promise.all([
    video.paused ? Promise.resolve([]) : video.getStats(),
    audio && !audio.closed ? audio.getStats() : Promise.resolve([]),
    transport ? transport.getStats() : Promise.resolve([]),
  ]);
  // The video's reports while it flows; the voice's round trip while the video is held back.
  const stream = outbound(videoStats) ?? outbound(audioStats);
  return {
    videoScore: video.paused ? null : video.score.score,
    audioScore: audio && !audio.closed && !audio.paused ? audio.score.score : null,
    availableBps: transportStats[0]?.availableOutgoingBitrate ?? null,
    rttMs: stream?.roundTripTime ? Math.round(stream.roundTripTime) : null,
    // RTCP's fraction lost is out of 256.
    lossPercent: stream ? Math.round((stream.fractionLost * 100) / 256) : 0,
    forwardedStep: video.paused ? null : forwardedStepOf(ladder, video.currentLayers),
  };
}

async function apply(video: ms.Consumer, step: LayerStep | undefined, pausedByPolicy: boolean): Promise<void> {
  if (!step) {
    if (!video.paused) await video.pause();
    return;
  }
  const preferred = video.preferredLayers;
  if (preferred?.spatialLayer !== step.spatialLayer || preferred.temporalLayer !== step.temporalLayer) {
    await video.setPreferredLayers({ spatialLayer: step.spatialLayer, temporalLayer: step.temporalLayer });
  }
  if (pausedByPolicy && video.paused) {
    await video.resume();
    await video.requestKeyFrame();
  }
}

export function controlLinks(rooms: Pick<Rooms, 'allPeers' | 'hasPeer' | 'producer'>, options: { intervalMs?: number; log?: (entry: LinkLogEntry) => void; clock?: () => number } = {}): LinkControl {
  const controls = new Map<string, Control>();
  const clock = options.clock ?? Date.now;
  let running = false;

  async function control(peer: Peer): Promise<void> {
    const consumers = [...peer.consumers.values()].filter((c) => !c.closed && c.appData[STARTED]);
    const video = consumers.find((c) => c.kind === 'video');
    if (!video) return;
    const producer = rooms.producer(peer.room, video.producerId);
    if (!producer) return;
    const ladder = ladderOf(producer, await producer.getStats());
    if (ladder.length === 0) return;
    let entry = controls.get(peer.id);
    if (entry?.consumerId !== video.id) entry = undefined;
    const before = entry?.state ?? initialLayerState(ladder);
    const sample = await sampleOf(peer, video, consumers.find((c) => c.kind === 'audio'), ladder);
    const state = nextLayerState(before, sample, ladder);
    await apply(video, ladder[state.step], before.step < 0);
    const grade = linkGrade(state, sample, ladder);
    controls.set(peer.id, {
      state, consumerId: video.id,
      link: { grade, videoPaused: state.step < 0, rung: receivedStep(state, sample) + 1, rungs: ladder.length, rttMs: sample.rttMs, lossPercent: sample.lossPercent },
    });
    options.log?.({ at: new Date(clock()).toISOString(), role: peer.role, sample, ladder, step: state.step, grade });
  }

  async function tick(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (const peer of rooms.allPeers()) {
        // A consumer closed under us (the other side left) is simply skipped this second.
        await control(peer).catch(() => undefined);
      }
      for (const id of controls.keys()) if (!rooms.hasPeer(id)) controls.delete(id);
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void tick(), options.intervalMs ?? 1000);
  timer.unref();
  return {
    tick,
    view(peer) {
      const other = [...peer.room.peers.values()].find((p) => p !== peer);
      return { receiving: controls.get(peer.id)?.link ?? null, sending: other ? controls.get(other.id)?.link ?? null : null };
    },
    stop: () => clearInterval(timer),
  };
}
