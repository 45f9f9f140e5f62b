import { CouchHttpError, type CouchClient } from './identity/couch';

export interface BranchChangesOptions {
  couch: CouchClient;
  databases(): Promise<string[]>;
  /** Which documents the service follows, as a `_changes` selector. */
  selector: Record<string, unknown>;
  /** Handles one document; resolves with how many things it did (decisions, lines written). */
  handle(db: string, doc: unknown): Promise<number>;
  /** 0: no timer, passes only through runOnce (tests). */
  intervalMs?: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface BranchChangesFollower {
  /** One pass over every branch database; resolves with the sum of what `handle` did. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * How head office's services (identity, village credit lines) follow documents in the branch databases over the
 * CouchDB HTTP API: one pass at a time, each database's `_changes` read from its checkpoint, a pass every
 * `intervalMs`. A conflict or a lost link leaves the checkpoint where it was: the next pass sees the same documents.
 */
export function followBranchChanges(opts: BranchChangesOptions): BranchChangesFollower {
  const since = new Map<string, string | number>();
  let running: Promise<number> | null = null;

  async function pass(): Promise<number> {
    let done = 0;
    for (const db of await opts.databases()) {
      try {
        let from = since.get(db) ?? 0;
        for (;;) {
          const page = await opts.couch.changes<unknown>(db, from, opts.selector);
          for (const change of page.results) if (change.doc) done += await opts.handle(db, change.doc);
          from = page.last_seq;
          if (page.results.length === 0) break;
        }
        since.set(db, from);
      } catch (e) {
        opts.log(e instanceof CouchHttpError && e.status === 409 ? 'warn' : 'error', `${db}: ${(e as Error).message}`);
      }
    }
    return done;
  }

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = () => {
    if (stopped) return;
    void runOnce().finally(() => {
      if (!stopped) timer = setTimeout(loop, opts.intervalMs ?? 5_000);
    });
  };
  if (opts.intervalMs !== 0) loop();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
