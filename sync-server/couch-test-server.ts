import { ensureHeadOffice, type AdminTarget } from './provision';
import type { SyncServer } from './server';

const basic = (a: { name: string; password: string }) => 'Basic ' + Buffer.from(`${a.name}:${a.password}`).toString('base64');

async function admin(url: string, auth: AdminTarget['admin'], method: string, path: string): Promise<unknown> {
  const res = await fetch(url + path, { method, headers: { authorization: basic(auth), accept: 'application/json' } });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok && res.status !== 404) throw new Error(`CouchDB ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A fresh head office on an Apache CouchDB shared by the suite (suites run one file at a time against it): every
 * database but CouchDB's own system databases and every user are deleted, then `_users` and `reference` are set up
 * as our server does on start. `app`/`databases` (our server's insides) do not exist there: a test reaching for
 * them fails, which marks it as a test of our server only.
 */
export async function couchTestServer(url: string, auth: AdminTarget['admin']): Promise<SyncServer> {
  const base = url.replace(/\/$/, '');
  const dbs = (await admin(base, auth, 'GET', '/_all_dbs')) as string[];
  for (const db of dbs) if (!db.startsWith('_')) await admin(base, auth, 'DELETE', `/${encodeURIComponent(db)}`);
  const users = (await admin(base, auth, 'GET', '/_users/_all_docs')) as { rows?: { id: string; value: { rev: string } }[] } | null;
  for (const row of users?.rows ?? []) {
    if (row.id.startsWith('org.couchdb.user:')) await admin(base, auth, 'DELETE', `/_users/${encodeURIComponent(row.id)}?rev=${row.value.rev}`);
  }
  await ensureHeadOffice({ url: base, admin: auth });
  const missing = (what: string) =>
    new Proxy({}, { get: (_t, key) => { throw new Error(`not on Apache CouchDB: server.${what}.${String(key)} is our server's inside`); } });
  return {
    url: base,
    app: missing('app') as SyncServer['app'],
    databases: missing('databases') as SyncServer['databases'],
    close: async () => {},
  };
}
