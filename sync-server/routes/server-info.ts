import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { parseQuery, qInt } from '../http/query';
import type { ServerContext } from './context';
import { SERVER_VENDOR } from '../vendor';
import { requireServerAdmin, userOf } from './context';

const uuidsQuery = { count: qInt.optional() };

export function registerServerInfo(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/', async () => ({
    couchdb: 'Welcome',
    version: ctx.version,
    uuid: ctx.uuid,
    features: [],
    vendor: { name: SERVER_VENDOR, version: '0.1.0' },
  }));

  app.get('/_up', async () => ({ status: 'ok' }));

  // CouchDB 3 lists databases to server admins only (admin_only_all_dbs = true).
  app.get('/_all_dbs', async (request) => {
    requireServerAdmin(userOf(request));
    return ctx.dbs.names();
  });

  app.get('/_uuids', async (request) => {
    const q = parseQuery(uuidsQuery, request.query);
    const count = Math.min(q.count ?? 1, 1000);
    return { uuids: Array.from({ length: count }, () => randomUUID().replace(/-/g, '')) };
  });
}
