// Which picture head office's SFU forwards to one receiver of a 视频面签, decided once a second from what the SFU
// measures of that receiver's link. mediasoup already picks a simulcast layer from its own bandwidth estimate, but that
// estimate can stay high for a minute while a village line queues packets (seen in the weak-link test), or start far
// too low: the round trip and the receiver's loss reports (RTCP) show the queue at once. The policy caps the layer (consumer.setPreferredLayers),
// steps down quickly, climbs back slowly (a failed climb doubles the wait), and pauses the video before the customer's
// voice suffers — speech is what the session's recording must keep.

/** One rung of the ladder the sender offers: a simulcast layer (spatial) at a frame rate (temporal), lowest first. */
export interface LayerStep {
  spatialLayer: number;
  temporalLayer: number;
  /** What the rung needs on the line, bits per second (measured at the SFU, or the sender's configured cap). */
  bitrateBps: number;
}

/** One second of the receiver's link as the SFU sees it (mediasoup consumer and transport statistics). */
export interface LinkSample {
  /** mediasoup's score of the video consumer's stream, 0–10 (from the receiver's RTCP loss reports); null while paused. */
  videoScore: number | null;
  /** Score of the audio consumer's stream, 0–10; null when no audio reaches this receiver. */
  audioScore: number | null;
  /** The transport's estimate of what it can send to the receiver (transport-cc), bits per second: logged, not acted on. */
  availableBps: number | null;
  /** Round trip to the receiver from RTCP (ms); a queue on the line shows here first. */
  rttMs: number | null;
  /** Share of packets the receiver reports lost (0–100). */
  lossPercent: number;
  /**
   * The rung mediasoup forwards now (index into the ladder): its own choice under the cap, from its bandwidth estimate.
   * Null while paused or before the first layer; absent in samples recorded before it was kept.
   */
  forwardedStep?: number | null;
}

export interface LayerState {
  /** Index into the ladder of the highest rung allowed; -1 = video paused, audio continues. */
  step: number;
  /** Consecutive samples in which the allowed rung was too much for the line. */
  badStreak: number;
  /** Consecutive clear samples (counted towards the next climb). */
  clearStreak: number;
  /** Clear samples needed before climbing one rung; doubles when a climb fails, back to the base once one holds. */
  climbAfter: number;
  /** Sample number of the last climb (null before any): a fall soon after it means the climb failed. */
  climbedAt: number | null;
  /** The lowest round trip seen on this link (ms), null before the first report. */
  baseRttMs: number | null;
  /** Consecutive samples at the lowest rung whose queue was longer than QUEUE_PAUSE_MS… */
  longQueueStreak: number;
  /** …and the queue (ms) at the first of them: a queue above it now is not draining. */
  longQueueFromMs: number | null;
  tick: number;
}

export type LinkGrade = 'good' | 'fair' | 'poor';

/** One receiver's link as both sides are told it (what head office forwards to it, and how the line holds). */
export interface ReceiverLink {
  grade: LinkGrade;
  /** Video held back so the voice gets through: 视频已暂停，语音继续. */
  videoPaused: boolean;
  /**
   * Rung the receiver gets / rungs the sender offers (1-based, 0 = paused): the cap, or mediasoup's own choice below it
   * (its estimate can hold a thin line to the lowest layer without any queue for the policy to see).
   */
  rung: number;
  rungs: number;
  rttMs: number | null;
  lossPercent: number;
}

/** What a peer is told: how it receives, and how the other side receives it. */
export interface LinkView {
  receiving: ReceiverLink | null;
  sending: ReceiverLink | null;
}

/**
 * Queueing delay = the round trip above the lowest one seen on this link (a village line idles at 60–150 ms, a busy
 * phone adds its own): above this the line is queueing what is sent.
 */
export const QUEUE_CONGESTED_MS = 450;
/** …and above this, held at the lowest rung (see PAUSE_AFTER), even the lowest picture is too much: the video is paused. */
export const QUEUE_PAUSE_MS = 1000;
/**
 * Samples in a row of such a queue at the lowest rung, not draining, before the video is paused. A line reached over
 * TCP (ICE-TCP, as a phone behind a village NAT does) never loses a packet: a line too thin for the lowest picture
 * shows only as a queue that keeps growing. A busy machine delays a report by a second now and then (seen at load 45
 * on loopback), which is no run of four.
 */
export const PAUSE_AFTER = 4;
/** A queue that long for this many samples pauses the video even while it drains: the voice has been late too long. */
export const PAUSE_AFTER_DRAINING = 10;
/** Climb only while the queueing delay is this low. */
export const QUEUE_CLEAR_MS = 200;
/** Samples of trouble before stepping down (one late RTCP report is not a trend). */
export const DOWN_AFTER = 2;
/** Clear samples before the first climb, and the most a failed climb can make the next one wait. */
export const CLIMB_AFTER = 6;
export const CLIMB_AFTER_MAX = 48;
/** A fall within this many samples of a climb counts the climb as failed. */
const CLIMB_PROBATION = 10;

export function initialLayerState(ladder: readonly LayerStep[]): LayerState {
  // A new consumer is allowed everything: on a good line the customer sees the best picture from the first frame.
  return {
    step: ladder.length - 1, badStreak: 0, clearStreak: 0, climbAfter: CLIMB_AFTER, climbedAt: null, baseRttMs: null,
    longQueueStreak: 0, longQueueFromMs: null, tick: 0,
  };
}

const queueMs = (s: LinkSample, base: number | null) => (s.rttMs === null || base === null ? 0 : s.rttMs - base);
const lossy = (s: LinkSample) => (s.videoScore !== null && s.videoScore <= 5) || s.lossPercent >= 10;
const congested = (s: LinkSample, base: number | null) => queueMs(s, base) > QUEUE_CONGESTED_MS || lossy(s);
/** The voice is breaking up: the video goes first. */
const audioSuffers = (s: LinkSample) => s.audioScore !== null && s.audioScore <= 6;
const clear = (s: LinkSample, base: number | null) =>
  !congested(s, base) && !audioSuffers(s) && queueMs(s, base) <= QUEUE_CLEAR_MS && s.lossPercent < 3 &&
  (s.videoScore === null || s.videoScore >= 8) && (s.audioScore === null || s.audioScore >= 8);

/** The next second's state. Pure: the SFU applies `step` (setPreferredLayers, or pauses the video consumer at -1). */
export function nextLayerState(previous: LayerState, sample: LinkSample, ladder: readonly LayerStep[]): LayerState {
  const baseRttMs = sample.rttMs === null ? previous.baseRttMs : Math.min(previous.baseRttMs ?? sample.rttMs, sample.rttMs);
  const step = Math.min(previous.step, ladder.length - 1);
  const queue = queueMs(sample, baseRttMs);
  const longAtLowest = step === 0 && sample.rttMs !== null && queue > QUEUE_PAUSE_MS;
  const longQueueStreak = longAtLowest ? previous.longQueueStreak + 1 : 0;
  const longQueueFromMs = !longAtLowest ? null : previous.longQueueStreak > 0 ? previous.longQueueFromMs : queue;
  const state = { ...previous, baseRttMs, longQueueStreak, longQueueFromMs };
  const tick = state.tick + 1;
  if (ladder.length === 0) return { ...state, step: -1, tick };
  // Only what the receiver suffers (a queue, loss, a breaking voice) moves the cap: mediasoup's estimate starts far
  // below the line on a new ICE-TCP transport and swings with what is sent (33–160 kbit/s on a 300 kbit/s line in the
  // weak-link E2E), and mediasoup already picks the layer under the cap from it.
  const troubled = step >= 0 && (audioSuffers(sample) || congested(sample, baseRttMs));
  if (troubled) {
    const badStreak = state.badStreak + 1;
    if (badStreak < DOWN_AFTER && !audioSuffers(sample)) return { ...state, step, badStreak, clearStreak: 0, tick };
    // One rung at a time: a queue or loss is not measured in bits. The lowest picture is given up at once when the
    // voice breaks up; otherwise only for a long queue that lasts — two samples with loss (a modem's buffer overflowing),
    // PAUSE_AFTER without (a TCP line) while it is not draining, PAUSE_AFTER_DRAINING in any case.
    const lowestTooMuch = (lossy(sample) && longQueueStreak >= DOWN_AFTER) ||
      (longQueueStreak >= PAUSE_AFTER && queue >= (longQueueFromMs ?? Infinity)) || longQueueStreak >= PAUSE_AFTER_DRAINING;
    const target = audioSuffers(sample) ? -1 : step > 0 ? step - 1 : lowestTooMuch ? -1 : 0;
    if (target === step) return { ...state, step, badStreak, clearStreak: 0, tick };
    const failedClimb = state.climbedAt !== null && tick - state.climbedAt <= CLIMB_PROBATION;
    return {
      ...state, step: target, badStreak: 0, clearStreak: 0, tick, climbedAt: failedClimb ? null : state.climbedAt,
      climbAfter: failedClimb ? Math.min(state.climbAfter * 2, CLIMB_AFTER_MAX) : state.climbAfter,
    };
  }
  // A climb that held through its probation resets the wait for the next one.
  const settled = state.climbedAt !== null && tick - state.climbedAt > CLIMB_PROBATION;
  const climbAfter = settled ? CLIMB_AFTER : state.climbAfter;
  const climbedAt = settled ? null : state.climbedAt;
  const kept = { ...state, step, badStreak: 0, climbAfter, climbedAt, tick };
  if (step >= ladder.length - 1 || !clear(sample, baseRttMs)) return { ...kept, clearStreak: 0 };
  // The rung above is tried once the line has been clear long enough: the estimate cannot show more than what is sent
  // (mediasoup probes only up to the cap), so the climb is a trial that the round trip and the loss judge.
  const clearStreak = state.clearStreak + 1;
  if (clearStreak < climbAfter) return { ...kept, clearStreak };
  return { ...kept, step: step + 1, clearStreak: 0, climbedAt: tick };
}

/** The rung the receiver gets: the cap, or the layer mediasoup forwards when that is lower; -1 while paused. */
export function receivedStep(state: LayerState, sample: LinkSample): number {
  return state.step < 0 ? -1 : Math.min(state.step, sample.forwardedStep ?? state.step);
}

/**
 * 好 / 一般 / 差 as both sides are told: poor when the video is paused or the line queues or loses much; fair when the
 * picture is held below the best the sender offers (by the cap or by mediasoup's estimate) or the line shows strain;
 * good otherwise.
 */
export function linkGrade(state: LayerState, sample: LinkSample, ladder: readonly LayerStep[]): LinkGrade {
  if (state.step < 0 || congested(sample, state.baseRttMs) || audioSuffers(sample)) return 'poor';
  if (receivedStep(state, sample) < ladder.length - 1 || !clear(sample, state.baseRttMs)) return 'fair';
  return 'good';
}
