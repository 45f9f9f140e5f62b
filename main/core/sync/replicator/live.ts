import { setTimeout as sleep } from 'node:timers/promises';
import { watchWrites, type Watch } from '../../../../db/adapter/watch';
import { backoffFunction, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import type { CouchHttp } from '../http/couch-http';
import { DeviceRevokedError } from '../http/errors';
import { connect, openPass, type Connection } from './connection';
import { classifyError, isTransient } from './failures';
import type { PassKind } from './local-db';
import type { Direction, Pass, PassName } from './pass';
import { PullPass } from './pull';
import type { ReplicaThread } from './replica-thread';

export type LiveState = 'starting' | 'active' | 'idle' | 'offline' | 'denied';

export interface LiveSyncOptions {
  local: PouchDB.Database<object>;
  http: CouchHttp;
  phases: readonly PassName[];
  backoff?: BackoffOptions;
  /** Pull only documents of these types (a queue device); push is never filtered. */
  pullTypes?: readonly string[];
  /** Stores pulled revisions off the thread that serves the counter (replica-thread.ts). */
  writer?: ReplicaThread;
  onState(phase: PassName, state: LiveState): void;
  onConnected?(conn: Connection): void;
  /** A batch of the pass completed; `docs` is what the pass has moved so far. */
  onBatch?(phase: PassName, docs: number): void;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Head office revoked this device: every pass has stopped, nothing more goes up. */
  onRevoked?(): void;
}

/** How long a pull waits at the server for news before asking again (the server sends heartbeats meanwhile). */
const LONGPOLL_MS = 60_000;
/** Local writes within this window go up together. */
const PUSH_SETTLE_MS = 200;

/**
 * Continuous replication while the branch host runs: each pass catches up, then waits — a push for the next
 * local write, a pull at the server (longpoll) — and catches up again. The same passes, checkpoints and
 * batching as the one-shot sync. A failure on the link makes the pass `offline` and it tries again after a
 * jittered back-off that starts over once any request got through; a refusal (401/403/404) makes it `denied` and
 * it asks again at the back-off cap, since head office may fix the device's account without anyone touching it.
 */
export class LiveSync {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private feed: Watch | null = null;
  private waiters: (() => void)[] = [];
  /** Local writes seen by the feed, so a write made while a push was busy is not missed. */
  private writes = 0;
  private revoked = false;
  private readonly passes = new Map<PassName, Pass>();

  constructor(private readonly opts: LiveSyncOptions) {}

  start(): void {
    this.running ??= this.run().catch((e: unknown) => this.opts.log('error', 'sync: live replication stopped', e));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.feed?.cancel();
    this.feed = null;
    for (const w of this.waiters.splice(0)) w();
    await this.running;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    for (const p of this.opts.phases) this.opts.onState(p, 'starting');
    const conn = await this.untilStopped(async () => connect(this.opts.local, this.opts.http, this.abort.signal, { pullTypes: this.opts.pullTypes, writer: this.opts.writer }), this.opts.phases);
    if (!conn) return;
    this.opts.onConnected?.(conn);
    // Every local write wakes the push passes; driven by writes, it does not poll (and reads no rows: the pass does).
    this.feed = watchWrites(this.opts.local, () => {
      this.writes++;
      for (const w of this.waiters.splice(0)) w();
    });
    await Promise.all(
      this.opts.phases.map((phase) => {
        const [direction, kind] = phase.split('-') as [Direction, PassKind];
        const pass: Pass = openPass(conn, direction, kind, () => this.opts.onBatch?.(phase, pass.stats.docs));
        this.passes.set(phase, pass);
        return this.passLoop(phase, pass);
      }),
    );
  }

  /** Where a pass has got to in this run (everything before it is on the other side), if it has started. */
  cursorOf(phase: PassName): number | string | undefined {
    return this.passes.get(phase)?.cursor;
  }

  /** Revisions the pass has stored on the other side in this run, if it has started. */
  docsOf(phase: PassName): number | undefined {
    return this.passes.get(phase)?.stats.docs;
  }

  private async passLoop(phase: PassName, pass: Pass): Promise<void> {
    for (;;) {
      const writesBefore = this.writes;
      const done = await this.untilStopped(async () => {
        this.opts.onState(phase, 'active');
        await pass.catchUp(this.abort.signal, true);
        this.opts.onState(phase, 'idle');
        return true;
      }, [phase]);
      if (!done || this.stopped) return;
      if (pass instanceof PullPass) await this.untilStopped((retry) => this.remoteNews(pass, phase, retry), [phase]);
      else await this.localNews(writesBefore);
      if (this.stopped) return;
    }
  }

  /**
   * Waits at the server until the pass's part of the feed has something after its cursor. Every answer shows the
   * link works, so the pass is idle again after a failure even when nothing new arrives for it (a blobs pass on a
   * day of records stayed "offline" after head office restarted until the next scan); and the first question after
   * a failure is a short one, so that shows at once rather than after a long poll's full wait.
   */
  private async remoteNews(pass: PullPass, phase: PassName, afterFailure: boolean): Promise<true> {
    let wait = afterFailure ? 0 : LONGPOLL_MS;
    while (!this.stopped) {
      const news = await pass.hasNews(wait, this.abort.signal);
      if (afterFailure) this.opts.onState(phase, 'idle');
      afterFailure = false;
      if (news) return true;
      wait = LONGPOLL_MS;
    }
    return true;
  }

  /** Resolves shortly after the first local write since `seen` (at once if one came meanwhile). */
  private localNews(seen: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.stopped) return resolve();
      const settle = () => {
        const t = setTimeout(resolve, PUSH_SETTLE_MS);
        t.unref?.();
      };
      if (this.writes !== seen) settle();
      else this.waiters.push(settle);
    });
  }

  /** Runs `task` until it succeeds or sync stops; failures set the phases' state and wait a back-off. */
  private async untilStopped<T>(task: (afterFailure: boolean) => Promise<T>, phases: readonly PassName[]): Promise<T | null> {
    const cap = this.opts.backoff?.capMs ?? DEFAULT_BACKOFF.capMs;
    const nextDelay = backoffFunction(this.opts.backoff);
    let delay = 0;
    let answered = this.opts.http.meter.snapshot().answered;
    let failed = false;
    while (!this.stopped) {
      try {
        return await task(failed);
      } catch (e) {
        failed = true;
        if (this.stopped) return null;
        if (e instanceof DeviceRevokedError) {
          if (!this.revoked) {
            this.revoked = true;
            this.abort.abort();
            this.opts.onRevoked?.();
          }
          return null;
        }
        const transient = isTransient(e);
        for (const p of phases) this.opts.onState(p, transient ? 'offline' : 'denied');
        if (!transient) this.opts.log('error', `sync: ${phases.join(', ')} refused by head office (${classifyError(e)})`, (e as Error).message);
        const now = this.opts.http.meter.snapshot().answered;
        delay = !transient ? cap : now !== answered ? nextDelay(0) : nextDelay(delay);
        answered = now;
        try {
          await sleep(delay, undefined, { signal: this.abort.signal });
        } catch {
          return null;
        }
      }
    }
    return null;
  }
}
