import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleOf } from '../../../../db/adapter/sqlite-adapter';
import { BACKGROUND_NICE } from '../../../../db/adapter/thread-priority';
import { branchStorePath, openBranchStore } from '../../branch-store';
import { LocalDb, WRITER_MIN_DOCS } from './local-db';
import { ReplicaThread } from './replica-thread';
import type { Doc } from './types';

const rev = (n: number, c: string) => `${n}-${c.repeat(32)}`;
const customer = (i: number): Doc => ({
  _id: `customer:${i}`, _rev: rev(1, 'a'), _revisions: { start: 1, ids: ['a'.repeat(32)] },
  type: 'customer', kind: 'person', name: `王${i}`, idNumber: null, phone: '', address: '', updatedAt: '2026-12-06T00:00:00Z',
});

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function branchStore(key: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'jw-replica-'));
  const store = await openBranchStore(dir, 'HM01', { key, previousKeys: [] });
  cleanup.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, path: branchStorePath(dir, 'HM01') };
}

describe('ReplicaThread', () => {
  it.runIf(process.platform === 'linux')('runs below the thread serving requests (a nice value of its own)', async () => {
    const key = new Uint8Array(randomBytes(32));
    const { store, path } = await branchStore(key);
    const stat = (task: string) => readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const before = new Set(readdirSync('/proc/self/task'));
    const warnings: unknown[] = [];
    const thread = new ReplicaThread(store.pouch, { path, key }, (_l, m) => warnings.push(m));
    cleanup.push(() => thread.close());
    expect(await new LocalDb(store.pouch, thread).write(Array.from({ length: WRITER_MIN_DOCS }, (_, i) => customer(i)))).toEqual([]);
    // Stored by the thread itself, not by the main thread after the thread failed to open the store.
    expect(warnings).toEqual([]);
    const started = readdirSync('/proc/self/task').filter((t) => !before.has(t));
    // The thread that stored the slice is among those started meanwhile (field 19 of stat: the nice value).
    expect(started.some((t) => Number(stat(t)[16]) === BACKGROUND_NICE)).toBe(true);
    expect(stat(String(process.pid))[16]).toBe('0');
  });

  it('stores pulled revisions on its own thread: projections kept, counters and live feeds of the host up to date', async () => {
    const key = new Uint8Array(randomBytes(32));
    const { store, path } = await branchStore(key);
    const warnings: unknown[] = [];
    const thread = new ReplicaThread(store.pouch, { path, key }, (_l, m) => warnings.push(m));
    cleanup.push(() => thread.close());
    const seen: string[] = [];
    const feed = store.pouch.changes({ since: 'now', live: true, return_docs: false });
    feed.on('change', (c) => seen.push(c.id));
    cleanup.push(async () => feed.cancel());

    const scan = Buffer.from('%PDF-1.4 a scan');
    const local = new LocalDb(store.pouch, thread);
    const docs = [
      ...Array.from({ length: 50 }, (_, i) => customer(i)),
      { _id: 'document:1', _rev: rev(1, 'b'), _revisions: { start: 1, ids: ['b'.repeat(32)] }, type: 'document',
        customerId: 'customer:1', kind: 'id-card', verdict: 'pass', createdAt: '2026-12-06T00:00:00Z', createdBy: 'T001', _attachments: { 'scan.pdf': { content_type: 'application/pdf', data: scan } } },
    ] as Doc[];
    expect(await local.write(docs)).toEqual([]);

    expect(warnings).toEqual([]);
    const info = await store.pouch.info();
    expect(info.doc_count).toBe(51);
    expect(info.update_seq).toBe(51);
    expect((store.sql.prepare("SELECT COUNT(*) AS n FROM customer_index WHERE name LIKE '王%'").get() as { n: number }).n).toBe(50);
    expect(Buffer.from((await store.pouch.getAttachment('document:1', 'scan.pdf')) as Buffer).equals(scan)).toBe(true);
    await expect.poll(() => seen.length).toBe(51);
    // Writing the same revisions again changes nothing (a slice retried after a cut).
    expect(await local.write(docs.slice(0, 5))).toEqual([]);
    expect((await store.pouch.info()).doc_count).toBe(51);
    // A write made here afterwards continues the same sequence.
    await store.pouch.put({ _id: 'customer:new', type: 'customer', kind: 'person', name: '李' });
    expect((await store.pouch.info()).update_seq).toBe(52);
  });

  it("lets the host's own writes go first: no slice starts while one of them waits, and they never fail for the lock", async () => {
    const key = new Uint8Array(randomBytes(32));
    const { store, path } = await branchStore(key);
    const thread = new ReplicaThread(store.pouch, { path, key });
    cleanup.push(() => thread.close());
    const local = new LocalDb(store.pouch, thread);
    await local.write(Array.from({ length: WRITER_MIN_DOCS }, (_, i) => customer(i)));
    const gate = handleOf(store.pouch).gate!;
    expect(gate.role).toBe('first');

    // A host write waiting for the lock: the thread holds its next slice back until it is done.
    Atomics.add(gate.waiting, 0, 1);
    const held = thread.write([customer(100)]);
    await new Promise((r) => setTimeout(r, 300));
    expect((store.sql.prepare("SELECT COUNT(*) AS n FROM docs WHERE id = 'customer:100'").get() as { n: number }).n).toBe(0);
    Atomics.sub(gate.waiting, 0, 1);
    Atomics.notify(gate.waiting, 0);
    await held;
    expect((await store.pouch.get('customer:100'))._rev).toBe(rev(1, 'a'));

    // Writes on both sides at once: every one of them stored.
    const pulled = local.write(Array.from({ length: 500 }, (_, i) => customer(1000 + i)));
    const saves = [];
    for (let i = 0; i < 30; i++) {
      saves.push(store.pouch.put({ _id: `customer:host-${i}`, type: 'customer', kind: 'person', name: `李${i}` }));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await pulled).toEqual([]);
    await Promise.all(saves);
    expect((await store.pouch.info()).doc_count).toBe(WRITER_MIN_DOCS + 1 + 500 + 30);
  });

  it('refuses a slice the store refuses, whole, as a write on this thread would', async () => {
    const key = new Uint8Array(randomBytes(32));
    const { store, path } = await branchStore(key);
    const thread = new ReplicaThread(store.pouch, { path, key });
    cleanup.push(() => thread.close());
    const docs = [...Array.from({ length: WRITER_MIN_DOCS }, (_, i) => customer(i)), { _id: 'customer:x', _rev: 'not-a-rev' } as Doc];
    await expect(new LocalDb(store.pouch, thread).write(docs)).rejects.toThrow('Invalid rev format');
    await expect(new LocalDb(store.pouch).write(docs)).rejects.toThrow('Invalid rev format');
    expect((await store.pouch.info()).doc_count).toBe(0);
  });

  it('writes on the host thread when the thread cannot open the store', async () => {
    const key = new Uint8Array(randomBytes(32));
    const { store, path } = await branchStore(key);
    const warnings: unknown[] = [];
    const thread = new ReplicaThread(store.pouch, { path, key: new Uint8Array(randomBytes(32)) }, (_l, m) => warnings.push(m));
    cleanup.push(() => thread.close());
    const docs = Array.from({ length: WRITER_MIN_DOCS }, (_, i) => customer(i));
    expect(await new LocalDb(store.pouch, thread).write(docs)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect((await store.pouch.info()).doc_count).toBe(WRITER_MIN_DOCS);
  });
});
