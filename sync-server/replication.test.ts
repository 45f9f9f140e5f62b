import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import PouchDB from 'pouchdb';
import { startTestServer, TEST_ADMIN } from './test-support';
import type { TestServer } from './test-support';

// Plain PouchDB from npm (LevelDB locally, its HTTP adapter remotely) against `jingwei server` on SQLite.
let server: TestServer;
let tmp: string;
const auth = { username: TEST_ADMIN.name, password: TEST_ADMIN.password };

const local = (name: string) => new PouchDB(join(tmp, name));
const remote = () => new PouchDB(`${server.url}/interop`, { auth } as PouchDB.Configuration.RemoteDatabaseConfiguration);

/** Every live document's winner and its sorted conflicts, plus attachment digests: what both ends must agree on. */
async function snapshot(db: PouchDB.Database) {
  const all = await db.allDocs({ include_docs: true, conflicts: true } as PouchDB.Core.AllDocsWithinRangeOptions);
  return all.rows
    .filter((r) => !r.id.startsWith('_design/'))
    .map((r) => {
      const doc = r.doc as unknown as Record<string, unknown> & { _conflicts?: string[]; _attachments?: Record<string, { digest: string }> };
      return {
        id: r.id,
        rev: doc._rev,
        conflicts: [...(doc._conflicts ?? [])].sort(),
        atts: Object.fromEntries(Object.entries(doc._attachments ?? {}).map(([k, v]) => [k, v.digest])),
      };
    });
}

beforeAll(async () => {
  server = await startTestServer();
  tmp = mkdtempSync(join(tmpdir(), 'jw-pouch-'));
});

afterAll(async () => {
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('plain PouchDB ↔ jingwei server', () => {
  it('replicates thousands of documents, attachments, deletions and conflicts with the same winners on every end', async () => {
    const a = local('a');
    const b = local('b');
    const docs = Array.from({ length: 3000 }, (_, i) => ({
      _id: `doc:${String(i).padStart(5, '0')}`,
      type: 'note',
      n: i,
      text: `第${i}号 ${'x'.repeat(i % 200)}`,
      ...(i % 150 === 0
        ? { _attachments: { 'scan.bin': { content_type: 'application/octet-stream', data: randomBytes(20_000 + i).toString('base64') } } }
        : {}),
    }));
    for (let i = 0; i < docs.length; i += 500) await a.bulkDocs(docs.slice(i, i + 500));

    const push = await a.replicate.to(remote(), { batch_size: 200 });
    expect(push.ok).toBe(true);
    expect(push.docs_written).toBe(3000);
    expect(push.doc_write_failures).toBe(0);

    const pull = await b.replicate.from(remote(), { batch_size: 200 });
    expect(pull.docs_written).toBe(3000);

    // Concurrent edits of the same 60 documents on both devices, deletions on one of them.
    const edit = async (db: PouchDB.Database, who: string, ids: string[]) => {
      const got = await db.allDocs({ keys: ids, include_docs: true });
      await db.bulkDocs(got.rows.map((r) => ({ ...(r as { doc: object }).doc, editedBy: who })));
    };
    const contested = docs.slice(100, 160).map((d) => d._id);
    await edit(a, 'a', contested);
    await edit(b, 'b', contested);
    const doomed = await a.allDocs({ keys: docs.slice(1000, 1100).map((d) => d._id) });
    await a.bulkDocs(doomed.rows.map((r) => ({ _id: r.key, _rev: (r as { value: { rev: string } }).value.rev, _deleted: true })));
    // A second attachment added on b only.
    const withAtt = await b.get(docs[300]!._id);
    await b.putAttachment(withAtt._id, 'photo.jpg', withAtt._rev, Buffer.from(randomBytes(30_000)), 'image/jpeg');

    await a.sync(remote());
    await b.sync(remote());
    await a.sync(remote());

    const [sa, sb, sr] = await Promise.all([snapshot(a), snapshot(b), snapshot(remote())]);
    expect(sr.length).toBe(2900);
    expect(sa).toEqual(sr);
    expect(sb).toEqual(sr);
    const conflicted = sr.filter((d) => d.conflicts.length > 0);
    expect(conflicted.map((d) => d.id)).toEqual(contested);
    expect(sr.find((d) => d.id === docs[300]!._id)?.atts).toHaveProperty('photo.jpg');
    expect(Object.keys(sr.find((d) => d.id === docs[150]!._id)?.atts ?? {})).toEqual(['scan.bin']);

    // Deleted on a, gone on the server and on b, with the deletion as the winning revision.
    const gone = await server.req('GET', `/interop/${encodeURIComponent(docs[1050]!._id)}`);
    expect(gone.status).toBe(404);
    expect(gone.json.reason).toBe('deleted');

    // The attachment bytes survive the round trip, not only the digest.
    const original = Buffer.from(docs[150]!._attachments!['scan.bin'].data, 'base64');
    const viaServer = await remote().getAttachment(docs[150]!._id, 'scan.bin');
    expect((viaServer as Buffer).toString('base64')).toBe(original.toString('base64'));
    await Promise.all([a.close(), b.close()]);
  }, 240_000);

  it('resumes from its checkpoint: a second push sends nothing', async () => {
    const c = local('c');
    await c.bulkDocs(Array.from({ length: 200 }, (_, i) => ({ _id: `c:${i}`, type: 'note', i })));
    const first = await c.replicate.to(remote());
    expect(first.docs_written).toBe(200);
    const again = await c.replicate.to(remote());
    expect(again.docs_read).toBe(0);
    expect(again.docs_written).toBe(0);
    await c.close();
  });

  it('follows a live pull over longpoll', async () => {
    // A database of its own: a fresh device pulling `interop` would first copy the 3,200 documents and scans the
    // tests above left there (tens of seconds on a loaded machine) before reaching the write this test times.
    const source = new PouchDB(`${server.url}/interop-live`, { auth } as PouchDB.Configuration.RemoteDatabaseConfiguration);
    await source.put({ _id: 'before', type: 'note' });
    const d = local('d');
    const rep = d.replicate.from(source, { live: true, retry: true });
    const caughtUp = new Promise<void>((resolve) => rep.on('paused', (err) => err === undefined && resolve()));
    try {
      await caughtUp; // now waiting in a longpoll `_changes`
      expect((await d.get<{ type: string }>('before')).type).toBe('note');
      await server.req('PUT', '/interop-live/live-1', { body: { type: 'note', hello: 'world' } });
      await expect.poll(async () => ((await d.get('live-1').catch(() => null)) as { hello?: string } | null)?.hello, { timeout: 15_000 }).toBe('world');
    } finally {
      rep.cancel();
      await d.close();
    }
  }, 60_000);
});
