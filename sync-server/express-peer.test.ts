import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPouch, createRemotePouch } from '../db/pouchdb';
import { startExpressPeer } from '../bench/support/express-peer';
import type { ExpressPeer } from '../bench/support/express-peer';
import { startTestServer, TEST_ADMIN } from './test-support';
import type { TestServer } from './test-support';

// The branch client's PouchDB (SQLite adapter) against express-pouchdb, an independent CouchDB-compatible server,
// then the same data carried on to `jingwei server`: both servers must end up agreeing.
let peer: ExpressPeer;
let server: TestServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jw-peer-'));
  peer = await startExpressPeer(join(tmp, 'peer'));
  server = await startTestServer();
});
afterAll(async () => {
  await peer.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function winners(db: PouchDB.Database) {
  const res = await db.allDocs({ include_docs: true, conflicts: true } as PouchDB.Core.AllDocsWithinRangeOptions);
  return res.rows.map((r) => {
    const d = r.doc as unknown as { _rev: string; _conflicts?: string[]; _attachments?: Record<string, { digest: string }> };
    return [r.id, d._rev, [...(d._conflicts ?? [])].sort(), Object.values(d._attachments ?? {}).map((a) => a.digest)];
  });
}

describe('branch client ↔ express-pouchdb ↔ jingwei server', () => {
  it('syncs documents, attachments, deletions and conflicts with express-pouchdb', async () => {
    const a = createPouch(join(tmp, 'a.sqlite'));
    const b = createPouch(join(tmp, 'b.sqlite'));
    const onPeer = createRemotePouch(`${peer.url}/branch`);
    await a.bulkDocs(
      Array.from({ length: 1500 }, (_, i) => ({
        _id: `d${String(i).padStart(4, '0')}`,
        n: i,
        ...(i % 100 === 0 ? { _attachments: { 'scan.jpg': { content_type: 'image/jpeg', data: randomBytes(15_000).toString('base64') } } } : {}),
      })),
    );
    expect((await a.replicate.to(onPeer)).docs_written).toBe(1500);
    expect((await b.replicate.from(onPeer)).docs_written).toBe(1500);
    const ids = Array.from({ length: 20 }, (_, i) => `d${String(i + 10).padStart(4, '0')}`);
    for (const [db, who] of [[a, 'a'], [b, 'b']] as const) {
      const rows = await db.allDocs({ keys: ids, include_docs: true });
      await db.bulkDocs(rows.rows.map((r) => ({ ...(r as { doc: object }).doc, who })));
    }
    const gone = await a.get('d0500');
    await a.remove(gone);
    await a.sync(onPeer);
    await b.sync(onPeer);
    await a.sync(onPeer);
    const [wa, wb, wp] = await Promise.all([winners(a), winners(b), winners(onPeer)]);
    expect(wa).toEqual(wp);
    expect(wb).toEqual(wp);
    expect(wp.filter((r) => (r[2] as string[]).length > 0)).toHaveLength(20);
    expect(wp.find((r) => r[0] === 'd0500')).toBeUndefined();

    // Carry the peer's database to our server: same winners, same conflicts, same attachments.
    const ours = createRemotePouch(`${server.url}/peer-copy`, { auth: { username: TEST_ADMIN.name, password: TEST_ADMIN.password } });
    await onPeer.replicate.to(ours);
    expect(await winners(ours)).toEqual(wp);
    // And back the other way into a fresh database on the peer.
    const back = createRemotePouch(`${peer.url}/branch-back`);
    await ours.replicate.to(back);
    expect(await winners(back)).toEqual(wp);
    await Promise.all([a.close(), b.close()]);
  }, 240_000);
});
