/** One recognised character: its probability (0–1) and where along the line it was read (0–1 of the text width). */
export interface CtcChar { ch: string; prob: number; at: number }

/**
 * Greedy CTC decoding of the recogniser's output (`steps` × `classes` probabilities): the best class per
 * time step, repeats merged, blanks (class 0) dropped. Class i ≥ 1 is `dict[i - 1]`; the last class is a space.
 * A character's position is the middle of the steps it held, as a fraction of `contentSteps` (the steps that
 * cover text rather than padding).
 */
export function ctcDecode(probs: Float32Array, steps: number, classes: number, dict: readonly string[], contentSteps = steps): CtcChar[] {
  const out: CtcChar[] = [];
  let prev = 0;
  let run: { cls: number; prob: number; from: number; to: number } | undefined;
  const flush = (): void => {
    if (!run) return;
    const ch = run.cls - 1 < dict.length ? dict[run.cls - 1]! : ' ';
    out.push({ ch, prob: run.prob, at: Math.min(1, ((run.from + run.to + 1) / 2) / Math.max(1, contentSteps)) });
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
      }
    }
    if (best !== 0 && best === prev && run) {
      run.to = t;
      run.prob = Math.max(run.prob, bestP);
    } else {
      flush();
      if (best !== 0) run = { cls: best, prob: bestP, from: t, to: t };
    }
    prev = best;
  }
  flush();
  return out;
}
