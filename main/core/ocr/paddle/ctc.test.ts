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
});
