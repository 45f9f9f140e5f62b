import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncServer } from './server';
import { couchTestServer } from './couch-test-server';
import type { SyncServer, SyncServerOptions } from './server';
import { z } from 'zod';

/**
 * `npm run test:couchdb` sets JINGWEI_TEST_COUCHDB to an Apache CouchDB (scripts/couchdb.sh): the suites that
 * start a test server then run against that CouchDB instead of ours (sync-server/couch-test-server.ts).
 */
const couchUrl = process.env.JINGWEI_TEST_COUCHDB;
/** The suite runs against Apache CouchDB: the few tested differences (sync-server/README.md) branch on this. */
export const ON_COUCHDB = couchUrl !== undefined;
/** …and that CouchDB is the 3-node cluster (scripts/test-couchdb.sh sets the node list only then): n=3, w=2, reads eventual. */
export const ON_CLUSTER = ON_COUCHDB && (process.env.COUCHDB_CLUSTER_URLS ?? '').split(',').filter(Boolean).length > 1;
export const TEST_ADMIN = couchUrl
  ? { name: process.env.COUCHDB_ADMIN ?? 'admin', password: process.env.COUCHDB_ADMIN_PASSWORD ?? 'jingwei-couch' }
  : { name: 'hq-admin', password: 'hq-admin-password' };


export interface TestServer extends SyncServer {
  dataDir: string;
  /** fetch against the server, as the admin unless `auth: null` or other credentials are given. */
  // Tests inspect arbitrary CouchDB response bodies; typing each one would only restate the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  req(method: string, path: string, opts?: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; auth?: { name: string; password: string } | null }): Promise<{ status: number; json: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** A server on a random loopback port with its own temporary data folder. Low PBKDF2 cost keeps tests quick. */
export async function startTestServer(opts: Partial<SyncServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jw-sync-'));
  const server = couchUrl ? await couchTestServer(couchUrl, TEST_ADMIN) : await createSyncServer({ dataDir, admin: TEST_ADMIN, pbkdf2Iterations: 1000, ...opts });
  const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');
  return {
    ...server,
    dataDir,
    async req(method, path, o = {}) {
      const auth = o.auth === undefined ? TEST_ADMIN : o.auth;
      const headers: Record<string, string> = { accept: 'application/json', ...(auth ? { authorization: basic(auth) } : {}) };
      let body: string | Buffer | undefined = o.raw;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
      Object.assign(headers, o.headers ?? {});
      const res = await fetch(server.url + path, { method, headers, body: typeof body === 'string' ? body : body && new Uint8Array(body) });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // Attachments and heartbeats are not JSON; callers read `json` as text then.
      }
      return { status: res.status, json, headers: res.headers };
    },
    async stop() {
      await server.close();
      // A file may still be closing as the folder is removed (ENOTEMPTY seen once at load 30); Node's retry covers it.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/**
 * On the 3-node cluster: waits until every copy of each document holds the revision a quorum read returns now.
 * CouchDB answers a write once two of the three copies hold it (w=2); `_changes` and `_all_docs` read one copy
 * of each shard range, which may be the third a moment later. Tests that read a feed right after a write wait
 * here — as a client would see at its next poll. Copies are read through `/_node/{node}/shards%2F…` (each node's
 * local interface). A document not there (404) is waited for too. Does nothing on ours and the single node.
 */
export async function onEveryCopy(db: string, ids: string[], timeoutMs = 30_000): Promise<void> {
  if (!ON_CLUSTER || ids.length === 0) return;
  const auth = 'Basic ' + Buffer.from(`${TEST_ADMIN.name}:${TEST_ADMIN.password}`).toString('base64');
  const get = async (path: string) => {
    const res = await fetch(couchUrl + path, { headers: { authorization: auth, accept: 'application/json' } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const name = db.replace(/^\//, '');
  const map = z.object({ shard_suffix: z.array(z.number()), by_range: z.record(z.string(), z.array(z.string())) }).parse((await get(`/_node/_local/_dbs/${encodeURIComponent(name)}`)).json);
  const suffix = String.fromCharCode(...map.shard_suffix);
  const pending = new Set(ids);
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const id of [...pending]) {
      const now = await get(`/${encodeURIComponent(name)}/${encodeURIComponent(id)}`);
      if (now.status !== 200) continue;
      const { range } = z.object({ range: z.string() }).parse((await get(`/${encodeURIComponent(name)}/_shards/${encodeURIComponent(id)}`)).json);
      const shard = encodeURIComponent(`shards/${range}/${name}${suffix}`);
      const copies = await Promise.all(map.by_range[range]!.map((node) => get(`/_node/${encodeURIComponent(node)}/${shard}/${encodeURIComponent(id)}?rev=${encodeURIComponent(String(now.json._rev))}`)));
      if (copies.every((c) => c.status === 200)) pending.delete(id);
    }
    if (pending.size === 0) return;
    if (Date.now() > end) throw new Error(`not on every copy of ${name} after ${timeoutMs} ms: ${[...pending].join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
