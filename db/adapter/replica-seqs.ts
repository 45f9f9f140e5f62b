/** A closed interval of local sequence numbers. */
export type SeqRange = readonly [lo: number, hi: number];

/**
 * The sequence numbers of replicated revisions (`new_edits=false`, written as `replica`: what a pull stored)
 * committed to a store, for the one who asks (the branch's 待同步 count, main/core/sync/checkpoints.ts): a count of
 * local changes not yet pushed can then skip what came from head office instead of showing it until the push pass
 * walks past it. A write transaction's revisions get consecutive seqs, so a pull of thousands of revisions is a few
 * ranges, broken only by the counter's own writes between its slices.
 *
 * Kept in memory: after a restart the count goes back to counting from the push checkpoint for what came before.
 */
export class ReplicaSeqs {
  private ranges: [number, number][] = [];

  add(lo: number, hi: number): void {
    if (!(lo > 0) || hi < lo) return;
    const r = this.ranges;
    // Commits arrive in seq order almost always; a range is inserted in place otherwise, then neighbours merge.
    let i = r.length;
    while (i > 0 && r[i - 1]![0] > lo) i--;
    r.splice(i, 0, [lo, hi]);
    const merged: [number, number][] = [];
    for (const x of r) {
      const last = merged[merged.length - 1];
      if (last && x[0] <= last[1] + 1) last[1] = Math.max(last[1], x[1]);
      else merged.push([x[0], x[1]]);
    }
    this.ranges = merged;
  }

  /** The ranges added since the last call, handed on (a replica thread tells the host what it committed). */
  drain(): SeqRange[] {
    const out = this.ranges;
    this.ranges = [];
    return out;
  }

  /** Forgets ranges wholly at or below `seq` (counts only ever look after the push cursors). */
  pruneThrough(seq: number): void {
    let i = 0;
    while (i < this.ranges.length && this.ranges[i]![1] <= seq) i++;
    if (i) this.ranges = this.ranges.slice(i);
  }

  /** The seqs after `after` up to `through` that no replicated write took, as ranges. */
  gapsAfter(after: number, through: number): SeqRange[] {
    const out: SeqRange[] = [];
    let from = after + 1;
    for (const [lo, hi] of this.ranges) {
      if (from > through) break;
      if (hi < from) continue;
      if (lo > from) out.push([from, Math.min(lo - 1, through)]);
      from = Math.max(from, hi + 1);
    }
    if (from <= through) out.push([from, through]);
    return out;
  }
}
