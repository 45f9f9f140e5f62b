/**
 * One recognised character: its probability (0–1), where along the line it was read (0–1 of the text width), and
 * the recogniser's next-best characters at that point (most probable first), which a field whose characters are
 * known (digits, 壹贰叁…, a USCC's alphabet) can choose from where the best one cannot stand.
 */
export interface CtcChar { ch: string; prob: number; at: number; alts?: CtcAlternative[] }
export interface CtcAlternative { ch: string; prob: number }

/** How many next-best characters are kept, and the least probability worth keeping. */
export const ALTERNATIVES = 4;
const ALT_MIN_PROB = 0.005;
/** Above one half with room for the float rounding of the softmax's sum. */
const SURELY_BEST = 0.5 + 1e-4;

/**
 * Greedy CTC decoding of the recogniser's output (`steps` × `classes` probabilities): the best class per
 * time step, repeats merged, blanks (class 0) dropped. Class i ≥ 1 is `dict[i - 1]`; the last class is a space.
 * A character's position is the middle of the steps it held, as a fraction of `contentSteps` (the steps that
 * cover text rather than padding).
 */
export function ctcDecode(probs: Float32Array, steps: number, classes: number, dict: readonly string[], contentSteps = steps): CtcChar[] {
  const out: CtcChar[] = [];
  let prev = 0;
  let run: { cls: number; prob: number; peak: number; from: number; to: number } | undefined;
  const chOf = (cls: number): string => (cls - 1 < dict.length ? dict[cls - 1]! : ' ');
  const flush = (): void => {
    if (!run) return;
    const alts = alternatives(probs, run.peak * classes, classes, run.cls).map(([cls, prob]) => ({ ch: chOf(cls), prob }));
    out.push({ ch: chOf(run.cls), prob: run.prob, at: Math.min(1, ((run.from + run.to + 1) / 2) / Math.max(1, contentSteps)), ...(alts.length ? { alts } : {}) });
    run = undefined;
  };
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
        // The row is a softmax (it sums to 1): a class above one half is the best, and most steps are the blank
        // (class 0, looked at first) well above it, so the other 6,600 classes need not be looked at.
        if (p > SURELY_BEST) break;
      }
    }
    if (best !== 0 && best === prev && run) {
      run.to = t;
      if (bestP > run.prob) [run.prob, run.peak] = [bestP, t];
    } else {
      flush();
      if (best !== 0) run = { cls: best, prob: bestP, peak: t, from: t, to: t };
    }
    prev = best;
  }
  flush();
  return out;
}

/**
 * The ALTERNATIVES most probable characters other than `chosen` and the blank at one time step (the row starting
 * at `row`), most probable first. Worked out only at the step where each read character peaked, not at every step.
 */
function alternatives(probs: Float32Array, row: number, classes: number, chosen: number): Array<[number, number]> {
  const top: Array<[number, number]> = [];
  // The row sums to 1: when the chosen class and the blank leave less than ALT_MIN_PROB to all the others (a
  // character read surely), none of them is kept, and the row need not be searched.
  if (1 - probs[row + chosen]! - probs[row]! < ALT_MIN_PROB - 1e-4) return top;
  for (let c = 1; c < classes; c++) {
    const p = probs[row + c]!;
    if (c === chosen || p < ALT_MIN_PROB || (top.length === ALTERNATIVES && p <= top[ALTERNATIVES - 1]![1])) continue;
    let k = top.length;
    while (k > 0 && top[k - 1]![1] < p) k--;
    top.splice(k, 0, [c, p]);
    if (top.length > ALTERNATIVES) top.pop();
  }
  return top;
}
