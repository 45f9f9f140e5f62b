import type { CouchHttp } from '../http/couch-http';
import type { Connection } from './connection';
import type { PassContext } from './pass';
import { PullPass } from './pull';
import { revivedError, type ConnectionPlan, type PassCall, type PassState } from './pull-thread-protocol';
import type { ReplicaThread } from './replica-thread';

let nextConnId = 1;
const plans = new WeakMap<Connection, ConnectionPlan>();

/** The connection as the thread re-opens it; one plan (one id) per connection, shared by its passes. */
function planOf(conn: Connection, http: CouchHttp): ConnectionPlan {
  let plan = plans.get(conn);
  if (!plan) {
    plan = {
      connId: nextConnId++, http: http.twinOptions(), localId: conn.localId, remoteId: conn.remoteId, remoteSeq: conn.remoteSeq,
      selectorOnServer: conn.selectorOnServer, ...(conn.pullTypes ? { pullTypes: conn.pullTypes } : {}),
    };
    plans.set(conn, plan);
  }
  return plan;
}

/**
 * A pull pass run on the branch host's replica thread (replica-thread-worker.ts): reading head office's feed,
 * fetching and parsing `_bulk_get` answers and attachment bodies, the local revs_diff, the writes and the
 * checkpoints all happen there, so a big pull costs the thread serving the counter only a short message per
 * committed slice (ids and revisions) and per batch (the pass's cursor and counts). The cursor, counts and bytes on
 * the link are mirrored here, so progress, the end-of-day report and the retry policy see the pass as before.
 *
 * Without a thread (it could not start, or died) the pass runs here as a plain PullPass, from the cursor the
 * thread last reported.
 */
export class ThreadPullPass extends PullPass {
  constructor(
    ctx: PassContext,
    private readonly conn: Connection,
    private readonly thread: ReplicaThread,
  ) {
    super(ctx);
  }

  override async start(): Promise<void> {
    if (this.started) return;
    if (!(await this.onThread({ action: 'start' }))) return super.start();
    this.started = true;
  }

  override async catchUp(signal: AbortSignal): Promise<void> {
    if (!(await this.onThread({ action: 'catchUp' }, signal))) await super.catchUp(signal);
  }

  override async hasNews(waitMs: number, signal: AbortSignal): Promise<boolean> {
    const outcome = await this.onThread({ action: 'hasNews', waitMs }, signal);
    return outcome ? !!outcome.news : super.hasNews(waitMs, signal);
  }

  /** Runs the call on the thread, mirroring its state here; null when there is no thread. Rethrows its failure. */
  private async onThread(call: Pick<PassCall, 'action' | 'waitMs'>, signal?: AbortSignal): Promise<{ news?: boolean } | null> {
    const http = this.conn.remote.http;
    const outcome = await this.thread.runPass(
      { ...call, plan: planOf(this.conn, http), kind: this.ctx.kind, tuning: this.ctx.tuning },
      this.conn.known, signal,
      (state) => {
        this.mirror(state);
        this.ctx.onBatch();
      },
    );
    if (!outcome) return null;
    this.mirror(outcome);
    if (outcome.op === 'failed') throw revivedError(outcome.error);
    return outcome;
  }

  private mirror(state: PassState): void {
    this.conn.remote.http.meter.add(state.wire);
    this.cursor = state.cursor;
    Object.assign(this.stats, state.stats);
    this.shrankOnFailure = state.shrankOnFailure;
  }
}
