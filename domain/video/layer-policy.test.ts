import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIMB_AFTER, CLIMB_AFTER_MAX, initialLayerState, linkGrade, nextLayerState,
  type LayerState, type LayerStep, type LinkSample,
} from './layer-policy';

// A 640×480 camera sends two simulcast layers (120p and 240p) with three temporal layers each: three rungs.
const LADDER: LayerStep[] = [
  { spatialLayer: 0, temporalLayer: 0, bitrateBps: 60_000 },
  { spatialLayer: 0, temporalLayer: 2, bitrateBps: 120_000 },
  { spatialLayer: 1, temporalLayer: 2, bitrateBps: 350_000 },
];
const GOOD: LinkSample = { videoScore: 10, audioScore: 10, availableBps: 1_500_000, rttMs: 4, lossPercent: 0 };

function run(samples: LinkSample[], state: LayerState = initialLayerState(LADDER)) {
  const steps: number[] = [];
  for (const sample of samples) {
    state = nextLayerState(state, sample, LADDER);
    steps.push(state.step);
  }
  return { state, steps };
}
const times = (n: number, sample: LinkSample) => Array.from({ length: n }, () => sample);

/**
 * A village line of `capacityBps` with `baseRttMs`, as RTCP reports it one second late: what the allowed rung sends
 * beyond the line's capacity queues, and the queue shows in the round trip. The estimate stays stale (mediasoup's
 * transport-cc estimate held its start value for over a minute in the weak-link E2E through bench/support/link-sim.ts).
 */
function villageLine(capacityBps: number, baseRttMs: number, seconds: number, staleEstimateBps = 600_000) {
  let state = initialLayerState(LADDER);
  let queueBits = 0;
  const steps: number[] = [];
  for (let t = 0; t < seconds; t++) {
    const sending = (state.step >= 0 ? LADDER[state.step]!.bitrateBps : 0) + 40_000;
    queueBits = Math.max(0, queueBits + sending - capacityBps);
    const sample: LinkSample = {
      videoScore: state.step >= 0 ? 10 : null, audioScore: 10, availableBps: staleEstimateBps,
      // A queue of more than 1.5 s overflows the modem's buffer: packets are lost.
      rttMs: Math.round(baseRttMs + (queueBits / capacityBps) * 1000), lossPercent: queueBits / capacityBps > 1.5 ? 12 : 0,
    };
    state = nextLayerState(state, sample, LADDER);
    steps.push(state.step);
  }
  return { state, steps };
}

describe('layer policy of the head-office SFU', () => {
  it('keeps the best picture on a good line, and calls it good', () => {
    const { state, steps } = run(times(120, GOOD));
    expect(new Set(steps)).toEqual(new Set([2]));
    expect(linkGrade(state, GOOD, LADDER)).toBe('good');
  });

  it('does not move for one late report (hysteresis)', () => {
    const spike = { ...GOOD, rttMs: 900, lossPercent: 12 };
    const { steps } = run([GOOD, spike, GOOD, GOOD, spike, GOOD]);
    expect(steps).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('on a 300 kbit/s line that queues, holds the picture below 240p most of the time and backs off its climbs', () => {
    const { state, steps } = villageLine(300_000, 120, 180);
    // Down within the first seconds: two samples of a growing queue.
    expect(steps.indexOf(1)).toBeGreaterThan(-1);
    expect(steps.indexOf(1)).toBeLessThan(10);
    const atTop = steps.slice(10).filter((s) => s === 2).length;
    expect(atTop / (steps.length - 10)).toBeLessThan(0.1);
    // Each failed climb doubles the wait: the tries get rarer.
    expect(state.climbAfter).toBe(CLIMB_AFTER_MAX);
    // The voice was never given up: 120p fits this line.
    expect(steps.slice(10).every((s) => s >= 0)).toBe(true);
  });

  it('on a 80 kbit/s line pauses the video and keeps the voice, and says so', () => {
    const { state, steps } = villageLine(80_000, 150, 120, 90_000);
    // Paused most of the time; the rest are trials to bring the video back (each failed one doubles the wait).
    expect(steps.slice(30).filter((s) => s < 0).length / (steps.length - 30)).toBeGreaterThan(0.75);
    const sample: LinkSample = { videoScore: null, audioScore: 10, availableBps: 90_000, rttMs: 200, lossPercent: 0 };
    expect(linkGrade({ ...state, step: -1 }, sample, LADDER)).toBe('poor');
  });

  it('audio first: the video is paused at once when the voice breaks up, before any rung is tried', () => {
    const breaking = { ...GOOD, audioScore: 5 };
    const { steps } = run([GOOD, breaking]);
    expect(steps).toEqual([2, -1]);
  });

  it('does not act on the bandwidth estimate alone (it starts far below the line on a new transport)', () => {
    const low = { ...GOOD, availableBps: 33_400 };
    expect(run(times(10, low)).steps.every((step) => step === 2)).toBe(true);
  });

  it('after the line clears, resumes the video and climbs one rung at a time', () => {
    const paused = { ...initialLayerState(LADDER), step: -1 };
    const { steps } = run(times(3 * CLIMB_AFTER, { ...GOOD, videoScore: null }), paused);
    expect(steps[CLIMB_AFTER - 2]).toBe(-1);
    expect(steps[CLIMB_AFTER - 1]).toBe(0);
    expect(steps[2 * CLIMB_AFTER - 1]).toBe(1);
    expect(steps[3 * CLIMB_AFTER - 1]).toBe(2);
  });

  it('a climb that holds resets the wait for the next one', () => {
    const start: LayerState = { ...initialLayerState(LADDER), step: 0, climbAfter: 24 };
    const { state, steps } = run(times(24 + 11, GOOD), start);
    expect(steps[22]).toBe(0);
    expect(steps[23]).toBe(1);
    // Held through its probation (10 s): the wait is back to the base, and the line was clear long enough already.
    expect(steps[33]).toBe(1);
    expect(steps[34]).toBe(2);
    expect(state.climbAfter).toBe(CLIMB_AFTER);
  });

  it('grades a line held below the best picture as fair', () => {
    const held = { ...initialLayerState(LADDER), step: 1 };
    expect(linkGrade(held, GOOD, LADDER)).toBe('fair');
    expect(linkGrade(initialLayerState(LADDER), { ...GOOD, lossPercent: 4 }, LADDER)).toBe('fair');
    const settled = nextLayerState(initialLayerState(LADDER), GOOD, LADDER);
    expect(linkGrade(settled, { ...GOOD, rttMs: 800 }, LADDER)).toBe('poor');
    expect(linkGrade(settled, { ...GOOD, rttMs: 150 }, LADDER)).toBe('good');
  });
});

describe('layer policy on a recorded link', () => {
  // Head office's samples of the phone's receiving link in the weak-link E2E (300 kbit/s, 60 ms each way through
  // bench/support/link-sim.ts; `jingwei media --link-log`), recorded 2026-12-06 at load average ~45: the estimate starts
  // at 30 kbit/s and climbs, the round trip jumps to 1.3 s as the 240p layer queues, one loss report of 33 %.
  const recorded = readFileSync(join(import.meta.dirname, 'fixtures/weak-link-300k.jsonl'), 'utf8')
    .trim().split('\n').map((l) => (JSON.parse(l) as { sample: LinkSample }).sample);

  it('caps the picture below 240p within seconds of the queue showing, and never gives up the video on this line', () => {
    const { steps } = run(recorded);
    // The first trouble: a loss report of a third of the packets, then the round trip of a long queue.
    const trouble = recorded.findIndex((s) => s.lossPercent >= 10 || (s.rttMs ?? 0) > 1000);
    expect(steps.slice(0, trouble).every((s) => s === 2)).toBe(true);
    expect(steps.slice(trouble, trouble + 3)).toContain(1);
    expect(steps.slice(trouble + 3).every((s) => s >= 0 && s < 2)).toBe(true);
  });
});
