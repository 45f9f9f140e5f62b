import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import PouchDB from 'pouchdb';
import expressPouchDB from 'express-pouchdb';
import { removeExpressPouchUploads } from '../../main/core/sync/express-pouchdb-uploads';

export interface ExpressPeer {
  url: string;
  close(): Promise<void>;
}

/**
 * express-pouchdb (PouchDB on LevelDB behind Express) as an independent CouchDB-compatible peer: the reference
 * the tests check our server against and the baseline the benchmarks compare with. Admin party: no auth.
 */
export async function startExpressPeer(dir: string): Promise<ExpressPeer> {
  removeExpressPouchUploads();
  mkdirSync(dir, { recursive: true });
  const Prefixed = PouchDB.defaults({ prefix: dir.endsWith('/') ? dir : dir + '/' } as PouchDB.Configuration.DatabaseConfiguration);
  const app = expressPouchDB(Prefixed as unknown as PouchDB.Static, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: `${dir}/log.txt` });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
