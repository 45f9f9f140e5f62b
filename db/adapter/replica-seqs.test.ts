import { describe, expect, it } from 'vitest';
import { ReplicaSeqs } from './replica-seqs';

describe('ReplicaSeqs', () => {
  it('merges touching and overlapping ranges, in whatever order they come', () => {
    const s = new ReplicaSeqs();
    s.add(10, 19);
    s.add(20, 29); // the next slice of the same pull
    s.add(35, 40); // after a local write at 30–34
    s.add(5, 6); // told late
    s.add(38, 45);
    s.add(0, 3); // no revision stored: nothing to remember
    s.add(9, 8);
    expect(s.gapsAfter(0, 100)).toEqual([[1, 4], [7, 9], [30, 34], [46, 100]]);
  });

  it('gives the gaps between a cursor and the last known seq, and nothing when pulls cover them', () => {
    const s = new ReplicaSeqs();
    s.add(11, 20);
    s.add(31, 50);
    expect(s.gapsAfter(15, 50)).toEqual([[21, 30]]);
    expect(s.gapsAfter(20, 25)).toEqual([[21, 25]]);
    expect(s.gapsAfter(30, 50)).toEqual([]);
    expect(s.gapsAfter(35, 60)).toEqual([[51, 60]]);
    expect(s.gapsAfter(60, 60)).toEqual([]);
    expect(new ReplicaSeqs().gapsAfter(3, 7)).toEqual([[4, 7]]);
  });

  it('forgets what lies wholly at or below a cursor, and hands on what it holds once', () => {
    const s = new ReplicaSeqs();
    s.add(1, 10);
    s.add(21, 30);
    s.pruneThrough(25);
    expect(s.gapsAfter(0, 30)).toEqual([[1, 20]]);
    expect(s.drain()).toEqual([[21, 30]]);
    expect(s.drain()).toEqual([]);
    expect(s.gapsAfter(0, 30)).toEqual([[1, 30]]);
  });
});
