// The branch host's replica thread (see replica-thread.ts): its own connection to the branch store, with the
// branch's projections. It runs whole pull passes — reading head office's feed, `_bulk_get`, attachment bodies,
// the local revs_diff, the writes and the checkpoints — and tells the host only what it committed (ids and
// revisions); it also writes single slices it is handed (a pull that runs on the host, see LocalDb.write).
import { parentPort, workerData } from 'node:worker_threads';
import { WriteGate } from '../../../../db/adapter/handle';
import type { SeqRange } from '../../../../db/adapter/replica-seqs';
import { handleOf, shareWriteLock, trackReplicaSeqs } from '../../../../db/adapter/sqlite-adapter';
import { lowerThisThread } from '../../../../db/adapter/thread-priority';
import { openStore } from '../../../../db/store';
import { BRANCH_PROJECTIONS } from '../../branch-store';
import { CouchHttp } from '../http/couch-http';
import { WireMeter, type WireCounts } from '../http/wire-meter';
import { openPass, type Connection } from './connection';
import { KnownRevs } from './known-revs';
import { LocalDb } from './local-db';
import type { Pass } from './pass';
import { PullPass } from './pull';
import { plainError, type ConnectionPlan, type HostMessage, type PassCall, type PassMessage, type PassState } from './pull-thread-protocol';
import { RemoteDb } from './remote-db';
import type { ReplicaSlice, ReplicaThreadStart, SliceAnswer, WriteResult } from './replica-thread';
import type { Doc } from './types';

const port = parentPort!;
lowerThisThread();
const { path, key, previousKeys, gate } = workerData as ReplicaThreadStart;

/** Attachment bodies cross threads as Uint8Array; PouchDB in Node takes Buffers. */
function withBuffers(doc: Doc): Doc {
  for (const att of Object.values(doc._attachments ?? {})) {
    if (att.data instanceof Uint8Array && !Buffer.isBuffer(att.data)) att.data = Buffer.from(att.data.buffer, att.data.byteOffset, att.data.byteLength);
  }
  return doc;
}

type BulkResult = { ok?: boolean; id?: string; rev?: string; error?: unknown; name?: string; reason?: string; message?: string; status?: number };

interface ThreadPass {
  pass: Pass;
  /** The host's call running the pass now: its batches are reported to it. */
  callId: number;
}

/** One pull connection of the host, re-opened here: the passes keep their cursors and batch sizes between calls. */
interface ThreadConnection {
  conn: Connection;
  http: CouchHttp;
  passes: Map<string, ThreadPass>;
  /** The client's counts when the host was last told. */
  told: WireCounts;
  calls: number;
}

try {
  const store = await openStore({ path, key, previousKeys, projections: BRANCH_PROJECTIONS });
  const h = handleOf(store.pouch);
  shareWriteLock(store.pouch, new WriteGate('second', gate));
  // What this thread stored, told to the host with each commit (its 待同步 count skips pulled revisions).
  const replicaSeqs = trackReplicaSeqs(store.pouch);

  /** Writes one slice in one transaction; errors as plain fields (their own properties do not cross threads). */
  const writeSlice = async (docs: Doc[], connId: number | null): Promise<{ results: WriteResult[]; maxSeq: number; docCountDelta: number; replicaSeqs: SeqRange[] }> => {
    const seqBefore = h.updateSeq;
    const countBefore = h.docCount;
    const res = await store.pouch.bulkDocs(docs.map(withBuffers) as PouchDB.Core.PutDocument<object>[], { new_edits: false, replica: true } as PouchDB.Core.BulkDocsOptions);
    const results = (res as (BulkResult | undefined)[]).map((r): WriteResult =>
      r && r.error ? { id: r.id, rev: r.rev, error: true, name: r.name, reason: r.reason, message: r.message, status: r.status } : { ok: true, id: r?.id, rev: r?.rev });
    const written = { maxSeq: h.updateSeq > seqBefore ? h.updateSeq : 0, docCountDelta: h.docCount - countBefore, replicaSeqs: replicaSeqs.drain() };
    if (connId !== null) {
      const failed = new Set(results.filter((r) => r.error).map((r) => r.id));
      const revs = docs.filter((d) => !failed.has(d._id)).map((d): [string, string] => [d._id, d._rev]);
      port.postMessage({ op: 'committed', connId, ...written, revs } satisfies PassMessage);
    }
    return { results, ...written };
  };

  const connections = new Map<number, ThreadConnection>();
  const running = new Map<number, AbortController>();

  /** The host opened a new connection (a restart of live sync, an end of day): older idle ones are closed. */
  const connectionFor = (plan: ConnectionPlan): ThreadConnection => {
    let tc = connections.get(plan.connId);
    if (tc) return tc;
    for (const [id, old] of connections) {
      if (id < plan.connId && old.calls === 0) {
        old.http.close();
        connections.delete(id);
      }
    }
    const http = new CouchHttp(plan.http);
    const local = new LocalDb(store.pouch, { write: async (docs) => (await writeSlice(docs, plan.connId)).results }, 0);
    const conn: Connection = {
      local, remote: new RemoteDb(http), localId: plan.localId, remoteId: plan.remoteId, remoteSeq: plan.remoteSeq,
      selectorOnServer: plan.selectorOnServer, known: new KnownRevs(), ...(plan.pullTypes ? { pullTypes: plan.pullTypes } : {}),
    };
    tc = { conn, http, passes: new Map(), told: http.meter.snapshot(), calls: 0 };
    connections.set(plan.connId, tc);
    return tc;
  };

  const stateOf = (tc: ThreadConnection, pass: Pass): PassState => {
    const now = tc.http.meter.snapshot();
    const wire = WireMeter.since(tc.told, now);
    tc.told = now;
    return { cursor: pass.cursor, stats: pass.stats, shrankOnFailure: pass.shrankOnFailure, wire };
  };

  /** A pass of the connection, opened at its first call; its batches report to the call running it now. */
  const passOf = (tc: ThreadConnection, call: PassCall): ThreadPass => {
    let tp = tc.passes.get(call.kind);
    if (!tp) {
      const opened: ThreadPass = {
        callId: call.id,
        pass: openPass(tc.conn, 'pull', call.kind, () => port.postMessage({ op: 'batch', id: opened.callId, ...stateOf(tc, opened.pass) } satisfies PassMessage), call.tuning),
      };
      tc.passes.set(call.kind, (tp = opened));
    }
    tp.callId = call.id;
    return tp;
  };

  const runPass = async (call: PassCall): Promise<void> => {
    const abort = new AbortController();
    running.set(call.id, abort);
    const tc = connectionFor(call.plan);
    const { pass } = passOf(tc, call);
    tc.calls++;
    try {
      let news: boolean | undefined;
      if (call.action === 'start') await pass.start();
      else if (call.action === 'catchUp') await pass.catchUp(abort.signal);
      else news = await (pass as PullPass).hasNews(call.waitMs ?? 0, abort.signal);
      port.postMessage({ op: 'done', id: call.id, ...(news === undefined ? {} : { news }), ...stateOf(tc, pass) } satisfies PassMessage);
    } catch (e) {
      port.postMessage({ op: 'failed', id: call.id, error: plainError(e), ...stateOf(tc, pass) } satisfies PassMessage);
    } finally {
      tc.calls--;
      running.delete(call.id);
    }
  };

  port.on('message', (m: ReplicaSlice | HostMessage | 'close') => {
    if (m === 'close') {
      for (const a of running.values()) a.abort();
      for (const tc of connections.values()) tc.http.close();
      return void store.close().finally(() => port.close());
    }
    if ('op' in m) {
      if (m.op === 'abort') running.get(m.id)?.abort();
      else void runPass(m);
      return;
    }
    const slice = m;
    writeSlice(slice.docs, null)
      .then((written) => port.postMessage({ id: slice.id, ...written } satisfies SliceAnswer))
      .catch((e: unknown) => port.postMessage({ id: slice.id, error: e instanceof Error ? e.message : String(e) } satisfies SliceAnswer));
  });
  port.postMessage('ready');
} catch (e) {
  port.postMessage({ failed: e instanceof Error ? e.message : String(e) });
}
