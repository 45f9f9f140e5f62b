import type { ChangeRow } from './types';

/** Beyond this many remembered revisions the memory is dropped; forgetting only costs a revs_diff. */
const CAP = 200_000;

/**
 * Revisions this connection has just moved one way or the other, so both sides hold them. The opposite pass skips
 * feed rows made only of such revisions instead of asking about them: a pull does not walk back over what this
 * device just pushed, and a push does not offer head office what it just sent down.
 */
export class KnownRevs {
  private readonly revs = new Map<string, Set<string>>();
  private count = 0;

  add(id: string, rev: string): void {
    if (this.count >= CAP) {
      this.revs.clear();
      this.count = 0;
    }
    let set = this.revs.get(id);
    if (!set) this.revs.set(id, (set = new Set()));
    if (!set.has(rev)) {
      set.add(rev);
      this.count++;
    }
  }

  /**
   * Whether every leaf of the row is known to be on both sides, remembering it (both push passes walk the same
   * local feed, and either may be the one that carries the document).
   */
  holds(row: ChangeRow): boolean {
    const set = this.revs.get(row.id);
    return !!set && row.changes.every((c) => set.has(c.rev));
  }

  /** Whether every leaf of the row is known to be on both sides; a covered row is forgotten (it was the echo). */
  covers(row: ChangeRow): boolean {
    const set = this.revs.get(row.id);
    if (!set || !row.changes.every((c) => set.has(c.rev))) return false;
    this.count -= set.size;
    this.revs.delete(row.id);
    return true;
  }
}
