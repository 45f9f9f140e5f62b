import type { CouchHttp } from '../http/couch-http';
import { HttpError } from '../http/errors';
import { Checkpointer, remoteDatabaseId, replicationId } from './checkpointer';
import { KnownRevs } from './known-revs';
import { LocalDb, type PassKind } from './local-db';
import { TUNING, type Direction, type Pass, type PassTuning } from './pass';
import { PullPass } from './pull';
import { PushPass } from './push';
import { RemoteDb } from './remote-db';
import type { ReplicaThread } from './replica-thread';
import { ThreadPullPass } from './thread-pull';

/** Mango selectors of the two passes: evaluated here for push, by the server (`filter=_selector`) for pull. */
export const PASS_SELECTORS: Record<Exclude<PassKind, 'all'>, object> = {
  docs: { _attachments: { $exists: false } },
  blobs: { _attachments: { $exists: true } },
};

/** Both ends of a replication, identified the way PouchDB names checkpoints. */
export interface Connection {
  local: LocalDb;
  remote: RemoteDb;
  localId: string;
  remoteId: string;
  /** The remote database's seq when the connection was made (for progress estimates). */
  remoteSeq: number | string;
  /** Whether the server filters its feed by selector; without it each pull pass reads the whole feed. */
  selectorOnServer: boolean;
  /** Revisions moved by this connection's passes: the opposite pass need not ask about them. */
  known: KnownRevs;
  /** Pull only documents of these types (a queue device); push is never filtered. */
  pullTypes?: readonly string[];
  /** The branch host's replica thread: pull passes run there (thread-pull.ts). */
  thread?: ReplicaThread;
}

/** Servers without `filter=_selector` (CouchDB 1, express-pouchdb) answer 400, 404 or 500 (a design-doc lookup). */
async function supportsSelector(remote: RemoteDb, signal?: AbortSignal): Promise<boolean> {
  try {
    await remote.changes({ since: 'now', limit: 1, selector: PASS_SELECTORS.docs }, signal);
    return true;
  } catch (e) {
    if (e instanceof HttpError && [400, 404, 500].includes(e.status)) return false;
    throw e;
  }
}

/**
 * Opens a replication with the database behind `http`: the database must exist and admit this device (a 401,
 * 403 or 404 here is final), and the server's uuid names the checkpoints. The questions go out together — on a
 * 300 ms line one round trip instead of four.
 */
export async function connect(
  localPouch: PouchDB.Database<object>,
  http: CouchHttp,
  signal?: AbortSignal,
  opts: { pullTypes?: readonly string[]; writer?: ReplicaThread } = {},
): Promise<Connection> {
  const remote = new RemoteDb(http);
  const local = new LocalDb(localPouch, opts.writer);
  await http.login(signal);
  const info = remote.info(signal);
  // Some proxies expose only the database; its URL then names the checkpoints, as in PouchDB.
  const server = remote.serverInfo(signal).catch((e: unknown) => {
    if (e instanceof HttpError) return { uuid: undefined };
    throw e;
  });
  // Asked after the database answered: a missing database must surface as itself, not as "no selector support".
  const selector = info.then(() => supportsSelector(remote, signal));
  const settled = await Promise.allSettled([info, server, selector, http.negotiateGzip(signal), local.id()]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const [{ update_seq }, { uuid }, selectorOnServer, , localId] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<typeof info>, Awaited<typeof server>, boolean, void, string,
  ];
  return {
    local, remote, localId, remoteId: remoteDatabaseId(uuid, http.dbUrl), remoteSeq: update_seq, selectorOnServer, known: new KnownRevs(),
    ...(opts.pullTypes ? { pullTypes: opts.pullTypes } : {}),
    ...(opts.writer ? { thread: opts.writer } : {}),
  };
}

/** What a pass selects: its kind's selector, narrowed to `pullTypes` for a pull that is limited to them. */
export function passSelector(conn: Pick<Connection, 'pullTypes'>, direction: Direction, kind: PassKind): object | undefined {
  const base = kind === 'all' ? undefined : PASS_SELECTORS[kind];
  if (direction === 'push' || !conn.pullTypes) return base;
  const types = { type: { $in: [...conn.pullTypes] } };
  return base ? { $and: [base, types] } : types;
}

export function passId(conn: Pick<Connection, 'localId' | 'remoteId' | 'pullTypes'>, direction: Direction, kind: PassKind): string {
  const selector = passSelector(conn, direction, kind);
  return direction === 'push' ? replicationId(conn.localId, conn.remoteId, selector) : replicationId(conn.remoteId, conn.localId, selector);
}

export function openPass(conn: Connection, direction: Direction, kind: PassKind, onBatch: () => void, tuning?: Partial<PassTuning>): Pass {
  const id = passId(conn, direction, kind);
  const checkpointer = direction === 'push' ? new Checkpointer(conn.local, conn.remote, id) : new Checkpointer(conn.remote, conn.local, id);
  const selector = direction === 'pull' && conn.selectorOnServer ? passSelector(conn, direction, kind) : undefined;
  const ctx = {
    direction, kind, local: conn.local, remote: conn.remote, selector, checkpointer, onBatch, known: conn.known,
    ...(direction === 'pull' && conn.pullTypes ? { pullTypes: conn.pullTypes } : {}),
    tuning: { ...TUNING[direction][kind], ...tuning },
  };
  if (direction === 'push') return new PushPass(ctx);
  return conn.thread ? new ThreadPullPass(ctx, conn, conn.thread) : new PullPass(ctx);
}
