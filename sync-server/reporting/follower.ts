import { couchClient, type CouchClient, type CouchTarget } from '../identity/couch';
import type { ChangeRow, ReportingStore } from './reporting-store';

export interface FollowOptions {
  /** A server admin of our server or Apache CouchDB: `_all_dbs` is admin-only on both (CouchDB 3 default). */
  target: CouchTarget;
  store: ReportingStore;
  /** How often new branch databases are looked for. */
  discoverEveryMs?: number;
  /** Longpoll wait per request (our server caps it at 60 s). */
  waitMs?: number;
  pageSize?: number;
  /** Told after every stored page (tests and the lag bench listen). */
  onPage?: (db: string, rows: number) => void;
  onError?: (db: string, error: unknown) => void;
}

export interface Follower {
  /** Resolves once every branch database known at start has been read to its end. */
  caughtUp: Promise<void>;
  stop(): Promise<void>;
}

const isBranchDb = (name: string) => /^branch-[a-z0-9]+$/.test(name);
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((done) => {
  const t = setTimeout(done, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); done(); }, { once: true });
});

/** Reads one branch database's feed into the store for as long as the signal allows; resolves `first` at its end. */
async function followOne(couch: CouchClient, dbName: string, o: Required<Pick<FollowOptions, 'waitMs' | 'pageSize'>> & FollowOptions, signal: AbortSignal, first: () => void): Promise<void> {
  let since: string | number = o.store.since(dbName) ?? 0;
  let failures = 0;
  let reachedEnd = false;
  while (!signal.aborted) {
    try {
      // the first requests drain what is there (no wait); afterwards each waits for the next change
      const page = await couch.longpoll<Record<string, unknown>>(dbName, since, { limit: o.pageSize, timeoutMs: reachedEnd ? o.waitMs : 0, signal });
      const rows: ChangeRow[] = page.results.map((r) => ({ id: r.id, deleted: r.deleted, doc: r.doc ?? null }));
      if (rows.length > 0 || String(page.last_seq) !== String(since)) o.store.apply(dbName, rows, page.last_seq);
      since = page.last_seq;
      failures = 0;
      if (rows.length > 0) o.onPage?.(dbName, rows.length);
      if (rows.length < o.pageSize && !reachedEnd) {
        reachedEnd = true;
        first();
      }
    } catch (e) {
      if (signal.aborted) break;
      o.onError?.(dbName, e);
      // a deleted database or a node restarting: back off, try again (the checkpoint keeps the place)
      failures++;
      await sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)), signal);
    }
  }
  if (!reachedEnd) first();
}

/**
 * Follows every `branch-*` database's `_changes` into the reporting store, over the CouchDB HTTP API only — the
 * same against `jingwei server` and an Apache CouchDB cluster. One longpoll per branch; new branches are picked
 * up within `discoverEveryMs`; each page and its checkpoint are stored in one transaction.
 */
export function followBranches(opts: FollowOptions): Follower {
  const o = { waitMs: 30_000, pageSize: 500, discoverEveryMs: 5_000, ...opts };
  const couch = couchClient(o.target);
  const abort = new AbortController();
  const running = new Map<string, Promise<void>>();
  let resolveCaughtUp!: () => void;
  const caughtUp = new Promise<void>((r) => (resolveCaughtUp = r));

  async function discover(initial: boolean): Promise<void> {
    const dbs = (await couch.allDbs()).filter(isBranchDb);
    const firsts: Promise<void>[] = [];
    for (const name of dbs) {
      if (running.has(name)) continue;
      let done!: () => void;
      firsts.push(new Promise<void>((r) => (done = r)));
      running.set(name, followOne(couch, name, o, abort.signal, done));
    }
    if (initial) void Promise.all(firsts).then(resolveCaughtUp);
  }

  const loop = (async () => {
    let initial = true;
    while (!abort.signal.aborted) {
      try {
        await discover(initial);
        initial = false;
      } catch (e) {
        o.onError?.('_all_dbs', e);
      }
      await sleep(o.discoverEveryMs, abort.signal);
    }
  })();

  return {
    caughtUp,
    async stop() {
      abort.abort();
      await loop;
      await Promise.allSettled(running.values());
    },
  };
}
