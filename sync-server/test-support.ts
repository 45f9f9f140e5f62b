import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncServer } from './server';
import { couchTestServer } from './couch-test-server';
import type { SyncServer, SyncServerOptions } from './server';

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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
