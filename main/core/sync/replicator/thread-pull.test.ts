import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { branchStorePath, openBranchStore } from '../../branch-store';
import { CouchHttp } from '../http/couch-http';
import { runOneShot } from '../one-shot';
import { startTestPeer, type TestPeer } from '../test-peer';
import { RemoteDb } from './remote-db';
import { ReplicaThread } from './replica-thread';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setUp(threadKey?: Uint8Array) {
  const key = new Uint8Array(randomBytes(32));
  const dir = mkdtempSync(join(tmpdir(), 'jw-thread-pull-'));
  const store = await openBranchStore(dir, 'HM01', { key, previousKeys: [] });
  const warnings: unknown[] = [];
  const thread = new ReplicaThread(store.pouch, { path: branchStorePath(dir, 'HM01'), key: threadKey ?? key }, (_l, m) => warnings.push(m));
  const peer: TestPeer = await startTestPeer();
  cleanup.push(async () => {
    await thread.close();
    await store.close();
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // Head office's day: records, a scan, and a customer edited on two devices (a conflict that must arrive whole).
  const hq = peer.db('branch-hm01');
  await hq.bulkDocs(Array.from({ length: 120 }, (_, i) => ({ _id: `customer:${i}`, type: 'customer', kind: 'person', name: `王${i}` })));
  await hq.put({
    _id: 'document:1', type: 'document', customerId: 'customer:1', kind: 'id-card', verdict: 'pass', createdAt: '2026-12-06T00:00:00Z', createdBy: 'T001',
    _attachments: { 'scan.pdf': { content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 scan').toString('base64') } },
  });
  const a = 'a'.repeat(32);
  const b = 'b'.repeat(32);
  await hq.bulkDocs([
    { _id: 'customer:c', _rev: `1-${a}`, type: 'customer', name: '甲' },
    { _id: 'customer:c', _rev: `1-${b}`, type: 'customer', name: '乙' },
  ] as unknown as PouchDB.Core.PutDocument<object>[], { new_edits: false });
  const http = new CouchHttp({ dbUrl: `${peer.url}/branch-hm01` });
  cleanup.push(() => http.close());
  return { store, thread, http, warnings };
}

describe('pull passes on the replica thread', () => {
  it("store head office's day from the thread: the host thread fetches and parses nothing, yet sees the documents, counts and bytes", async () => {
    const { store, thread, http, warnings } = await setUp();
    const seen = new Set<string>();
    const feed = store.pouch.changes({ since: 'now', live: true, return_docs: false });
    feed.on('change', (c) => seen.add(c.id));
    cleanup.push(() => feed.cancel());
    // Only the thread may ask head office for revisions.
    const getRevs = vi.spyOn(RemoteDb.prototype, 'getRevs');

    const res = await runOneShot({ local: store.pouch, http, phases: ['pull-docs', 'pull-blobs'], writer: thread });

    expect(warnings).toEqual([]);
    expect(getRevs).not.toHaveBeenCalled();
    expect(res.down.docs).toBe(123);
    expect(res.down.byType).toMatchObject({ customer: 122, document: 1 });
    expect(res.down.bytes).toBeGreaterThan(0);
    expect(res.requests).toBeGreaterThan(3);
    const info = await store.pouch.info();
    expect(info.doc_count).toBe(122);
    expect(info.update_seq).toBeGreaterThanOrEqual(122);
    expect(((await store.pouch.get('customer:c', { conflicts: true })) as { _conflicts?: string[] })._conflicts).toHaveLength(1);
    expect(Buffer.from((await store.pouch.getAttachment('document:1', 'scan.pdf')) as Buffer).toString()).toBe('%PDF-1.4 scan');
    // The branch projections were kept by the thread's connection.
    expect((store.sql.prepare("SELECT COUNT(*) AS n FROM customer_index WHERE name LIKE '王%'").get() as { n: number }).n).toBe(120);
    await expect.poll(() => seen.size).toBe(122);

    // The checkpoints were written (after the commits): a second run walks nothing and stores nothing.
    const again = await runOneShot({ local: store.pouch, http, phases: ['pull-docs', 'pull-blobs'], writer: thread });
    expect(again.down.docs).toBe(0);
    // What was pulled is not offered back: the push after it finds nothing to send.
    const push = await runOneShot({ local: store.pouch, http, phases: ['pull-docs', 'push-docs', 'push-blobs'], writer: thread });
    expect(push.up.docs).toBe(0);
  });

  it('runs the pull on the host thread when the thread cannot open the store', async () => {
    const { store, thread, http, warnings } = await setUp(new Uint8Array(randomBytes(32)));
    const getRevs = vi.spyOn(RemoteDb.prototype, 'getRevs');
    const res = await runOneShot({ local: store.pouch, http, phases: ['pull-docs', 'pull-blobs'], writer: thread });
    expect(warnings).toHaveLength(1);
    expect(getRevs).toHaveBeenCalled();
    expect(res.down.docs).toBe(123);
    expect((await store.pouch.info()).doc_count).toBe(122);
  });
});
