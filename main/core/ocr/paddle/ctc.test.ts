import { describe, expect, it } from 'vitest';
import { ctcDecode } from './ctc';

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
});
