import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIMB_AFTER, CLIMB_AFTER_MAX, initialLayerState, linkGrade, nextLayerState, PAUSE_AFTER, receivedStep,
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
 * Over UDP a queue of more than 1.5 s overflows the modem's buffer and packets are lost; over TCP (`tcp`: ICE-TCP, as
 * a phone behind a NAT reaches head office) nothing is ever lost, the queue only grows.
 */
function villageLine(capacityBps: number, baseRttMs: number, seconds: number, staleEstimateBps = 600_000, { tcp = false, start = initialLayerState(LADDER) } = {}) {
  let state = start;
  let queueBits = 0;
  const steps: number[] = [];
  for (let t = 0; t < seconds; t++) {
    const sending = (state.step >= 0 ? LADDER[state.step]!.bitrateBps : 0) + 40_000;
    queueBits = Math.max(0, queueBits + sending - capacityBps);
    const sample: LinkSample = {
      videoScore: state.step >= 0 ? 10 : null, audioScore: 10, availableBps: staleEstimateBps,
      rttMs: Math.round(baseRttMs + (queueBits / capacityBps) * 1000), lossPercent: !tcp && queueBits / capacityBps > 1.5 ? 12 : 0,
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

  it('on a 70 kbit/s line reached over TCP (no loss at all, the queue only grows) pauses the video within seconds', () => {
    // The weak-link E2E's drop: from the lowest rung of a 300 kbit/s line to 70 kbit/s. A pause that waited for a loss
    // report never came on such a line (CI: not within 60 s; quiet: only when a loss elsewhere happened to be reported).
    const atLowest: LayerState = { ...initialLayerState(LADDER), step: 0, baseRttMs: 130 };
    const { steps } = villageLine(70_000, 130, 60, 60_000, { tcp: true, start: atLowest });
    const paused = steps.indexOf(-1);
    expect(paused).toBeGreaterThan(-1);
    // 60 + 40 kbit/s on 70: the queue passes a second after ~3 s, then PAUSE_AFTER samples of it growing.
    expect(paused).toBeLessThanOrEqual(3 + PAUSE_AFTER + 1);
    expect(steps.slice(paused, paused + CLIMB_AFTER).every((s) => s === -1)).toBe(true);
  });

  it('waits out a long queue that drains at the lowest rung (the line carries it, it was the rung above that queued)', () => {
    const atLowest: LayerState = { ...initialLayerState(LADDER), step: 0, baseRttMs: 120 };
    // 4 s of queue left over from 240p, draining at 200 kbit/s beyond what the lowest rung sends on 300 kbit/s.
    const draining = [4000, 3400, 2700, 2100, 1500, 900, 400, 200].map((q) => ({ ...GOOD, rttMs: 120 + q }));
    expect(run(draining, atLowest).steps.every((s) => s === 0)).toBe(true);
  });

  it('does not pause for long reports that come and go (a busy machine delays RTCP now and then)', () => {
    const atLowest: LayerState = { ...initialLayerState(LADDER), step: 0, baseRttMs: 150 };
    const spiky = [1500, 300, 1800, 1600, 400, 2100, 1300, 1700, 350, 1900, 2400, 600].map((rtt) => ({ ...GOOD, rttMs: rtt }));
    expect(run([...spiky, ...spiky, ...spiky], atLowest).steps.every((s) => s === 0)).toBe(true);
  });

  it('a queue held long at the lowest rung pauses the video even while it drains slowly: the voice is late too long', () => {
    const atLowest: LayerState = { ...initialLayerState(LADDER), step: 0, baseRttMs: 150 };
    const slow = Array.from({ length: 12 }, (_, i) => ({ ...GOOD, rttMs: 4000 - i * 100 }));
    const { steps } = run(slow, atLowest);
    expect(steps.slice(0, 9).every((s) => s === 0)).toBe(true);
    expect(steps).toContain(-1);
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

  it('grades a line as fair while mediasoup forwards a lower layer than the cap allows, and says which rung arrives', () => {
    const open = nextLayerState(initialLayerState(LADDER), GOOD, LADDER);
    const estimateHolds = { ...GOOD, forwardedStep: 1 };
    expect(linkGrade(open, estimateHolds, LADDER)).toBe('fair');
    expect(receivedStep(open, estimateHolds)).toBe(1);
    expect(receivedStep({ ...open, step: 0 }, estimateHolds)).toBe(0);
    expect(receivedStep({ ...open, step: -1 }, { ...GOOD, forwardedStep: null })).toBe(-1);
    expect(linkGrade(open, { ...GOOD, forwardedStep: 2 }, LADDER)).toBe('good');
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

describe('layer policy on a recorded drop to 70 kbit/s at load', () => {
  // The weak-link E2E at load average 45–55 (a second copy of the spec beside it; `JINGWEI_LINK_LOG_OUT`): head
  // office's samples of the phone's link, the decision it took on each, and the moment the line dropped from 300 to
  // 70 kbit/s. Over ICE-TCP no loss is the line's; the few loss reports are of packets the desk's sending lost on the
  // busy machine, and the round trip jumps by a second and back now and then.
  const [head, ...recorded] = readFileSync(join(import.meta.dirname, 'fixtures/weak-link-drop-70k-load.jsonl'), 'utf8')
    .trim().split('\n').map((l) => JSON.parse(l) as { droppedAt?: string; at: string; sample: LinkSample; step: number });
  const droppedAt = Date.parse(head!.droppedAt!);
  const before = recorded.filter((e) => Date.parse(e.at) < droppedAt);
  const after = recorded.slice(before.length);

  it('gives the same decisions as head office took live', () => {
    expect(run(recorded.map((e) => e.sample)).steps).toEqual(recorded.map((e) => e.step));
  });

  it('keeps the video on the 300 kbit/s line and pauses it within seconds on the 70 kbit/s one', () => {
    const { steps } = run(recorded.map((e) => e.sample));
    expect(steps.slice(0, before.length).every((s) => s >= 0)).toBe(true);
    const paused = steps.indexOf(-1) - before.length;
    expect(paused).toBeGreaterThanOrEqual(0);
    expect(Date.parse(after[paused]!.at) - droppedAt).toBeLessThan(15_000);
  });
});
