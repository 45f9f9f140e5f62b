import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createPouch } from '../../../../db/pouchdb';
import { getSqlite } from '../../../../db/projection';
import { LocalDb, WRITE_SLICE } from './local-db';
import type { Doc } from './types';

/** A store whose writes cost `msPerDoc` of busy time each, recording the slices it was given. */
function storeCosting(msPerDoc: number) {
  const slices: number[] = [];
  const pouch = {
    async bulkDocs(docs: unknown[]) {
      slices.push(docs.length);
      const until = performance.now() + msPerDoc * docs.length;
      while (performance.now() < until);
      return [];
    },
  };
  return { local: new LocalDb(pouch as unknown as PouchDB.Database<object>), slices };
}

const docs = (n: number): Doc[] => Array.from({ length: n }, (_, i) => ({ _id: `customer:${i}`, _rev: `1-${'a'.repeat(32)}` }) as Doc);

describe('LocalDb.write slices', () => {
  it('grows the slices on a fast store, so a big pull does not pay a commit per few documents', async () => {
    const { local, slices } = storeCosting(0.005);
    expect(await local.write(docs(3000))).toEqual([]);
    expect(slices.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(slices[0]).toBe(WRITE_SLICE.firstDocs);
    expect(Math.max(...slices)).toBeGreaterThan(5 * WRITE_SLICE.firstDocs);
    expect(slices.length).toBeLessThan(3000 / WRITE_SLICE.firstDocs / 3);
  });

  it('shrinks them on a slow store, so each transaction stays near the time target and the counter is served between', async () => {
    const { local, slices } = storeCosting(2);
    await local.write(docs(200));
    expect(slices.reduce((a, b) => a + b, 0)).toBe(200);
    // 2 ms a document: the target fits 4, bounded below by minDocs.
    expect(slices.slice(4).every((n) => n <= WRITE_SLICE.minDocs + 2)).toBe(true);
  });
});

describe('LocalDb.putLocal', () => {
  it('writes checkpoints without their own fsync and reports a conflict as 409, as put would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jw-localdb-'));
    const pouch = createPouch(join(dir, 'a.sqlite'));
    try {
      const local = new LocalDb(pouch);
      const pragmas = vi.spyOn(getSqlite(pouch), 'pragma');
      const rev = await local.putLocal({ _id: '_local/cp', last_seq: 1 } as { _id: string });
      expect(pragmas.mock.calls.map((c) => c[0])).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
      expect(await local.getLocal('_local/cp')).toMatchObject({ last_seq: 1, _rev: rev });
      await expect(local.putLocal({ _id: '_local/cp', last_seq: 2 } as { _id: string })).rejects.toMatchObject({ status: 409 });
      expect(await local.putLocal({ _id: '_local/cp', _rev: rev, last_seq: 3 } as { _id: string })).not.toBe(rev);
    } finally {
      await pouch.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
