import Fastify, { type FastifyInstance } from 'fastify';
import { isAllowedHost } from '../../domain/net/host-header';
import type { HeadOfficeKeys } from '../../trust/head-office-keys';
import type { CouchTarget } from '../identity/couch';
import { selfServiceContext } from './self-service-context';
import { registerIdentityRoutes } from './self-service-identity';
import { registerLineRoutes } from './self-service-line-routes';
import type { SelfServiceGuard } from './self-service-guard';

// 村级营销二维码 → head office's self-service page for households: the head of a household with a credit line proves
// who they are (name + ID number + a one-time code to the phone the branch has on file), reads and signs the contract
// (drawn signature bound to the contract digest) and asks for drawdowns within the line. Head office writes the
// signing and each drawdown as documents it signs; the branch sees them after its next sync. The page answers nothing
// else: not whether an ID number is a customer, not a balance, not another household.

export interface SelfServiceOptions {
  /** Our server or Apache CouchDB, as a `feed-publisher` user (it writes credit-line and credit-drawdown docs). */
  target: CouchTarget;
  keys: HeadOfficeKeys;
  host?: string;
  port?: number;
  allowedHosts?: readonly string[];
  clock?: () => number;
  /** Delivers the one-time code to the phone on file (head office's outbox; console in the demo). */
  sendCode(to: { kind: 'phone'; number: string }, text: string, ref: string): Promise<void>;
  log?: (level: 'info' | 'warn', message: string) => void;
  guard?: SelfServiceGuard;
  /** Where wrong-code lockouts are kept, so a restart does not lift them (without it: in memory only). */
  lockFile?: string;
}

export interface SelfService {
  url: string;
  /** The address the village's QR code opens. */
  villageUrl(branch: string, village: string): string;
  close(): Promise<void>;
}

export async function startSelfService(opts: SelfServiceOptions): Promise<SelfService> {
  const ctx = selfServiceContext(opts);
  const app: FastifyInstance = Fastify({ bodyLimit: 400 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, opts.allowedHosts ?? [])) return reply.code(400).send({ error: 'bad_host', reason: 'Host not served here' });
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  registerIdentityRoutes(app, ctx);
  registerLineRoutes(app, ctx);

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    villageUrl: (branch, village) => `${url}/village/${encodeURIComponent(branch)}/${encodeURIComponent(village)}`,
    close: () => app.close(),
  };
}
