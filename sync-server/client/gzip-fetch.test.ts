import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemotePouch } from '../../db/pouchdb';
import { startExpressPeer } from '../../bench/support/express-peer';
import type { ExpressPeer } from '../../bench/support/express-peer';
import { startTestServer, TEST_ADMIN } from '../test-support';
import type { TestServer } from '../test-support';
import { gzipFetch, newMeter } from './gzip-fetch';

let server: TestServer;
let peer: ExpressPeer;
let tmp: string;
beforeAll(async () => {
  server = await startTestServer();
  tmp = mkdtempSync(join(tmpdir(), 'jw-gz-'));
  peer = await startExpressPeer(tmp);
});
afterAll(async () => {
  await server.stop();
  await peer.close();
  rmSync(tmp, { recursive: true, force: true });
});

const docs = Array.from({ length: 200 }, (_, i) => ({ _id: `n${i}`, text: '村组评议通过，预授信额度测算完成。'.repeat(5) }));

describe('gzip fetch for PouchDB', () => {
  it('compresses uploads to our server, which stores them intact', async () => {
    const meter = newMeter();
    const db = createRemotePouch(`${server.url}/gz`, { auth: { username: TEST_ADMIN.name, password: TEST_ADMIN.password }, fetch: gzipFetch(meter) } as PouchDB.Configuration.RemoteDatabaseConfiguration);
    await db.bulkDocs(docs);
    const plain = Buffer.byteLength(JSON.stringify({ docs }));
    expect(meter.sentBodyBytes).toBeLessThan(plain / 5);
    expect(((await db.get('n7')) as unknown as { text: string }).text).toBe(docs[7]!.text);
  });

  it('sends plain bodies to a server that is not ours (express-pouchdb, or Apache CouchDB)', async () => {
    const meter = newMeter();
    const db = createRemotePouch(`${peer.url}/gz`, { fetch: gzipFetch(meter) } as PouchDB.Configuration.RemoteDatabaseConfiguration);
    await db.bulkDocs(docs);
    expect(meter.sentBodyBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify({ docs })));
    expect((await db.info()).doc_count).toBe(200);
  });
});
