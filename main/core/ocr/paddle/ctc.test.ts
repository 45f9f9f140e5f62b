import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../domain/random';
import { ALTERNATIVES, ctcDecode, type CtcChar } from './ctc';

/** The decoding written out plainly (every class of every step looked at), which the fast one must match. */
function plainDecode(probs: Float32Array, steps: number, classes: number, dict: readonly string[]): CtcChar[] {
  const best = Array.from({ length: steps }, (_, t) => {
    let c = 0;
    for (let k = 1; k < classes; k++) if (probs[t * classes + k]! > probs[t * classes + c]!) c = k;
    return c;
  });
  const out: CtcChar[] = [];
  for (let t = 0; t < steps; t++) {
    if (best[t] === 0 || (t > 0 && best[t - 1] === best[t])) continue;
    let [to, peak] = [t, t];
    while (to + 1 < steps && best[to + 1] === best[t]) if (probs[++to * classes + best[t]!]! > probs[peak * classes + best[t]!]!) peak = to;
    const ch = (c: number): string => (c - 1 < dict.length ? dict[c - 1]! : ' ');
    const alts = Array.from({ length: classes }, (_, k) => [k, probs[peak * classes + k]!] as const)
      .filter(([k, p]) => k !== 0 && k !== best[t] && p >= 0.005)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, ALTERNATIVES)
      .map(([k, prob]) => ({ ch: ch(k), prob }));
    out.push({ ch: ch(best[t]!), prob: probs[peak * classes + best[t]!]!, at: Math.min(1, (t + to + 1) / 2 / steps), ...(alts.length ? { alts } : {}) });
  }
  return out;
}

/** One-hot steps over classes [blank, 姓, 名, 王, space]. */
function steps(classes: number[]): Float32Array {
  const out = new Float32Array(classes.length * 5);
  classes.forEach((c, t) => {
    out.fill(0.01, t * 5, t * 5 + 5);
    out[t * 5 + c] = 0.96;
  });
  return out;
}

describe('CTC decoding', () => {
  it('merges repeats, drops blanks, keeps a letter doubled across a blank, and places each character', () => {
    const dict = ['姓', '名', '王'];
    const out = ctcDecode(steps([1, 1, 0, 2, 0, 0, 4, 3, 0, 3]), 10, 5, dict);
    expect(out.map((c) => c.ch).join('')).toBe('姓名 王王');
    expect(out[0]!.prob).toBeCloseTo(0.96, 5);
    expect(out[0]!.at).toBeCloseTo(0.1, 5);
    expect(out[4]!.at).toBeCloseTo(0.95, 5);
    // Positions are fractions of the steps that hold text, not of padding after it.
    expect(ctcDecode(steps([1, 0, 0, 0]), 4, 5, dict, 2)[0]!.at).toBeCloseTo(0.25, 5);
  });

  it("keeps each character's runners-up from the step where it was surest, most probable first, never the blank", () => {
    const dict = ['姓', '名', '王'];
    // Two steps of 姓: the second surer (0.7), with 王 0.2 and 名 0.06 beside it there; blank is no runner-up.
    const probs = new Float32Array([0.1, 0.5, 0.1, 0.3, 0, /**/ 0.02, 0.7, 0.06, 0.2, 0.02, /**/ 0.9, 0.04, 0.03, 0.03, 0]);
    const [c] = ctcDecode(probs, 3, 5, dict);
    expect(c!.prob).toBeCloseTo(0.7, 5);
    expect(c!.alts!.map((a) => a.ch)).toEqual(['王', '名', ' ']);
    expect(c!.alts![0]!.prob).toBeCloseTo(0.2, 5);
  });

  it('reads softmax rows as the plain decoding does: sure steps, unsure ones, blanks and near ties', () => {
    const rnd = mulberry32(285_000);
    const classes = 300;
    const dict = Array.from({ length: classes - 2 }, (_, i) => String.fromCharCode(0x4e00 + i));
    for (let n = 0; n < 200; n++) {
      const steps = 1 + Math.floor(rnd() * 40);
      const probs = new Float32Array(steps * classes);
      for (let t = 0; t < steps; t++) {
        // A peaked softmax over a few likely classes (the blank often among them), some steps flat.
        const logits = Array.from({ length: classes }, () => rnd() * 2);
        const sharp = rnd() < 0.8 ? 4 + rnd() * 12 : rnd() * 3;
        for (let k = 0; k < 3; k++) logits[rnd() < 0.5 ? 0 : Math.floor(rnd() * classes)]! += sharp * rnd();
        const e = logits.map((x) => Math.exp(x));
        const sum = e.reduce((a, b) => a + b, 0);
        e.forEach((x, k) => (probs[t * classes + k] = x / sum));
        if (rnd() < 0.2) {
          // Two classes close together just under one half: the later one must win when it is higher.
          const [a, b] = [Math.floor(rnd() * classes), Math.floor(rnd() * classes)];
          const p = 0.3 + 0.19 * rnd();
          const rest = (1 - p - (p - 0.05)) / classes;
          for (let k = 0; k < classes; k++) probs[t * classes + k] = rest;
          probs[t * classes + a] += p - 0.05;
          probs[t * classes + b] += p;
        }
      }
      expect(ctcDecode(probs, steps, classes, dict)).toEqual(plainDecode(probs, steps, classes, dict));
    }
  });
});
