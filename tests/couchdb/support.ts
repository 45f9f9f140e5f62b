import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncServer } from '../../sync-server/server';
import { provisionBranch, provisionIdentityService } from '../../sync-server/provision';
import { couchTestServer } from '../../sync-server/couch-test-server';

/** Set by scripts/test-couchdb.sh; without it these tests are skipped (npm test runs without CouchDB). */
export const COUCHDB_URL = process.env.JINGWEI_TEST_COUCHDB;
export const COUCHDB_ADMIN = { name: process.env.COUCHDB_ADMIN ?? 'admin', password: process.env.COUCHDB_ADMIN_PASSWORD ?? 'jingwei-couch' };
/** Every node of the cluster when the suite runs against it (scripts/couchdb.sh env). */
export const CLUSTER_URLS = (process.env.COUCHDB_CLUSTER_URLS ?? '').split(',').filter(Boolean);
export const COUCHDB_SCRIPT = process.env.COUCHDB_SCRIPT;

export const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');
export const DEVICE = { name: 'hm01-desk-1', password: 'device-password-1' };
export const SIGNER = { name: 'hq-identity', password: 'identity-password-1' };

export interface HeadOffice {
  url: string;
  admin: { name: string; password: string };
  stop(): Promise<void>;
}

/** Our embedded server, or the Apache CouchDB under test (reset), each with branch HM01, its device and the signer. */
export async function headOffice(kind: 'ours' | 'couchdb'): Promise<HeadOffice> {
  let ho: HeadOffice;
  if (kind === 'couchdb') {
    if (!COUCHDB_URL) throw new Error('JINGWEI_TEST_COUCHDB is not set');
    const server = await couchTestServer(COUCHDB_URL, COUCHDB_ADMIN);
    ho = { url: server.url, admin: COUCHDB_ADMIN, stop: async () => {} };
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'jw-couch-ours-'));
    const admin = { name: 'hq-admin', password: 'hq-admin-password' };
    const server = await createSyncServer({ dataDir, admin, pbkdf2Iterations: 1000 });
    ho = { url: server.url, admin, stop: async () => { await server.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  await provisionBranch({ url: ho.url, admin: ho.admin, branchCode: 'HM01', deviceUser: DEVICE.name, password: DEVICE.password });
  await provisionIdentityService({ url: ho.url, admin: ho.admin, deviceUser: SIGNER.name, password: SIGNER.password });
  return ho;
}

/** A random replicated first revision: every write starts its own branch of the revision tree, so none conflicts. */
export const freshRev = () => `1-${randomBytes(16).toString('hex')}`;

export async function json(url: string, init: RequestInit & { auth?: { name: string; password: string } } = {}): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  if (init.auth) headers.set('authorization', basic(init.auth));
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body };
}
