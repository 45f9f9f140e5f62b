import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import generateReplicationId from 'pouchdb-generate-replication-id';
import { createPouch, createRemotePouch } from '../../../../db/pouchdb';
import { startTestPeer } from '../test-peer';
import { agreedSeq, Checkpointer, remoteDatabaseId, replicationId, type CheckpointStore } from './checkpointer';
import { PASS_SELECTORS } from './connection';

/** A `_local` store in memory that counts writes and can refuse them (a read-only source). */
function store(refuse?: number): CheckpointStore & { docs: Map<string, { _rev?: string }>; writes: number } {
  const docs = new Map<string, { _rev?: string }>();
  return {
    docs,
    writes: 0,
    async getLocal<T>(id: string) {
      return (docs.get(id) as T | undefined) ?? null;
    },
    async putLocal(doc: { _id: string; _rev?: string }) {
      this.writes++;
      if (refuse) throw Object.assign(new Error('refused'), { status: refuse });
      const prev = docs.get(doc._id);
      if (prev && prev._rev !== doc._rev) throw Object.assign(new Error('conflict'), { status: 409 });
      const rev = `0-${Number(prev?._rev?.slice(2) ?? 0) + 1}`;
      docs.set(doc._id, { ...doc, _rev: rev });
      return rev;
    },
  };
}

describe('replication checkpoints', () => {
  it('names checkpoints exactly as PouchDB does, so devices that synced before keep their place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jw-repid-'));
    const peer = await startTestPeer();
    try {
      const local = createPouch(join(dir, 'a.sqlite'));
      await peer.db('branch-hm01').info();
      const remote = createRemotePouch(`${peer.url}/branch-hm01`);
      const uuid = ((await (await fetch(`${peer.url}/`)).json()) as { uuid?: string }).uuid;
      const localId = await (local as unknown as { id(): Promise<string> }).id();
      const remoteId = remoteDatabaseId(uuid, `${peer.url}/branch-hm01`);
      expect(remoteId).toBe(await (remote as unknown as { id(): Promise<string> }).id());
      for (const selector of [PASS_SELECTORS.docs, PASS_SELECTORS.blobs]) {
        expect(replicationId(localId, remoteId, selector)).toBe(await generateReplicationId(local, remote, { selector }));
        expect(replicationId(remoteId, localId, selector)).toBe(await generateReplicationId(remote, local, { selector }));
      }
      expect(replicationId(remoteId, localId)).toBe(await generateReplicationId(remote, local, {}));
      await local.close();
    } finally {
      await peer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resumes from the newest seq both logs agree on (CouchDB compare_replication_logs)', () => {
    const h = (...xs: [string, number][]) => xs.map(([session_id, last_seq]) => ({ session_id, last_seq }));
    expect(agreedSeq({ session_id: 'a', last_seq: 9, history: h(['a', 9]) }, { session_id: 'a', last_seq: 9, history: h(['a', 9]) })).toBe(9);
    // The target missed the source's last session (written source-last, or the target was restored): fall back.
    expect(agreedSeq({ session_id: 'c', last_seq: 30, history: h(['c', 30], ['b', 20], ['a', 10]) }, { session_id: 'b', last_seq: 20, history: h(['b', 20], ['a', 10]) })).toBe(20);
    expect(agreedSeq({ session_id: 'b', last_seq: 20, history: h(['b', 20], ['a', 10]) }, { session_id: 'c', last_seq: 35, history: h(['c', 35], ['a', 10]) })).toBe(10);
    expect(agreedSeq({ session_id: 'x', last_seq: 5, history: h(['x', 5]) }, { session_id: 'y', last_seq: 7, history: h(['y', 7]) })).toBe(0);
  });

  it('writes the target first, one PUT per side, and stops writing a source that refuses', async () => {
    const source = store(403);
    const target = store();
    const cp = new Checkpointer(source, target, '_local/x');
    expect(await cp.start()).toBe(0);
    await cp.save(10);
    await cp.save(10); // unchanged: nothing written
    await cp.save(20);
    expect(target.writes).toBe(2);
    expect(source.writes).toBe(1);
    expect(target.docs.get('_local/x')).toMatchObject({ last_seq: 20, _rev: '0-2' });

    // A fresh run on both sides agrees on 20 and carries the history on.
    const both = [store(), store()] as const;
    const first = new Checkpointer(both[0], both[1], '_local/y');
    await first.start();
    await first.save(42);
    const second = new Checkpointer(both[0], both[1], '_local/y');
    expect(await second.start()).toBe(42);
    await second.save(50);
    expect((both[1].docs.get('_local/y') as unknown as { history: unknown[] }).history).toHaveLength(2);
  });
});
