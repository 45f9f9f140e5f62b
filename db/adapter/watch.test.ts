import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPouch } from '../pouchdb';
import { noteWrittenElsewhere } from './sqlite-adapter';
import { watchDocs, watchWrites, type DocChange } from './watch';

let dir: string;
let d: PouchDB.Database<object>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-watch-'));
  d = createPouch(path.join(dir, 'store.sqlite'));
});
afterEach(async () => {
  await d.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('watchDocs', () => {
  it('tells only the documents under the prefixes, from now on, each change once and in seq order', async () => {
    await d.put({ _id: 'staff:T001', name: 'before the watch' });
    const seen: DocChange[] = [];
    const watch = watchDocs(d, ['staff:', 'marketing-task:'], (c) => seen.push(c));
    await d.bulkDocs(Array.from({ length: 1200 }, (_, i) => ({ _id: `customer:${i}` })));
    const staff = await d.put({ _id: 'staff:T002', name: '王芳' });
    await expect.poll(() => seen.length).toBe(1);
    // An id just past the prefix's range and one that only shares its first letters are not asked about.
    await d.bulkDocs([{ _id: 'staff;x' }, { _id: 'staffing:1' }, { _id: 'marketing-task:9' }]);
    await d.remove('staff:T002', staff.rev);
    await expect.poll(() => seen.length).toBe(3);
    watch.cancel();
    await d.put({ _id: 'staff:T003' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((c) => [c.id, c.deleted])).toEqual([
      ['staff:T002', false],
      ['marketing-task:9', false],
      ['staff:T002', true],
    ]);
    expect(seen[1]!.seq).toBeLessThan(seen[2]!.seq);
  });

  it('reads a long run of matching documents page by page without losing one', async () => {
    const seen: string[] = [];
    watchDocs(d, ['staff:'], (c) => seen.push(c.id));
    const ids = Array.from({ length: 1300 }, (_, i) => `staff:${String(i).padStart(4, '0')}`);
    await d.bulkDocs(ids.map((_id) => ({ _id })));
    await expect.poll(() => seen.length).toBe(1300);
    expect(seen).toEqual(ids);
  });

  it('hears the commits of another connection once they are announced, and not before', async () => {
    // The same file by another path is another connection (as the replica thread's), with counters of its own.
    fs.symlinkSync(dir, `${dir}-link`);
    const other = createPouch(path.join(`${dir}-link`, 'store.sqlite'));
    try {
      const seen: string[] = [];
      watchDocs(d, ['staff:'], (c) => seen.push(c.id));
      await other.bulkDocs([{ _id: 'staff:T009' }, { _id: 'customer:1' }]);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([]);
      const { update_seq: maxSeq } = await other.info();
      noteWrittenElsewhere(d, { maxSeq: Number(maxSeq), docCountDelta: 2 });
      await expect.poll(() => seen).toEqual(['staff:T009']);
    } finally {
      await other.close();
      fs.rmSync(`${dir}-link`);
    }
  });
});

describe('watchWrites', () => {
  it('is called once for the writes of a turn, and not for a checkpoint (a _local document)', async () => {
    let calls = 0;
    const watch = watchWrites(d, () => calls++);
    await Promise.all([d.put({ _id: 'a' }), d.put({ _id: 'b' }), d.bulkDocs([{ _id: 'c' }, { _id: 'd' }])]);
    await expect.poll(() => calls).toBe(1);
    await d.put({ _id: '_local/checkpoint', last_seq: 4 });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    await d.put({ _id: 'e' });
    await expect.poll(() => calls).toBe(2);
    watch.cancel();
    await d.put({ _id: 'f' });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(2);
  });
});
