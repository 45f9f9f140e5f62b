// The thread that stores pulled revisions (see replica-thread.ts): its own connection to the branch store, with the
// branch's projections, writing each slice it is handed in one transaction and telling what it committed.
import { parentPort, workerData } from 'node:worker_threads';
import { WriteGate } from '../../../../db/adapter/handle';
import { handleOf, shareWriteLock } from '../../../../db/adapter/sqlite-adapter';
import { openStore } from '../../../../db/store';
import { BRANCH_PROJECTIONS } from '../../branch-store';
import type { ReplicaSlice, ReplicaThreadStart, SliceAnswer } from './replica-thread';
import type { Doc } from './types';

const port = parentPort!;
const { path, key, previousKeys, gate } = workerData as ReplicaThreadStart;

/** Attachment bodies cross threads as Uint8Array; PouchDB in Node takes Buffers. */
function withBuffers(doc: Doc): Doc {
  for (const att of Object.values(doc._attachments ?? {})) {
    if (att.data instanceof Uint8Array && !Buffer.isBuffer(att.data)) att.data = Buffer.from(att.data.buffer, att.data.byteOffset, att.data.byteLength);
  }
  return doc;
}

type BulkResult = { ok?: boolean; id?: string; rev?: string; error?: unknown; name?: string; reason?: string; message?: string; status?: number };

try {
  const store = await openStore({ path, key, previousKeys, projections: BRANCH_PROJECTIONS });
  const h = handleOf(store.pouch);
  shareWriteLock(store.pouch, new WriteGate('second', gate));
  port.on('message', (slice: ReplicaSlice | 'close') => {
    if (slice === 'close') return void store.close().finally(() => port.close());
    const seqBefore = h.updateSeq;
    const countBefore = h.docCount;
    store.pouch
      .bulkDocs(slice.docs.map(withBuffers) as PouchDB.Core.PutDocument<object>[], { new_edits: false, replica: true } as PouchDB.Core.BulkDocsOptions)
      .then((res) => {
        // Errors lose their own properties when cloned across threads: sent as plain fields.
        const results = (res as (BulkResult | undefined)[]).map((r) =>
          r && r.error ? { id: r.id, rev: r.rev, error: true, name: r.name, reason: r.reason, message: r.message, status: r.status } : { ok: true, id: r?.id, rev: r?.rev });
        const answer: SliceAnswer = { id: slice.id, results, maxSeq: h.updateSeq > seqBefore ? h.updateSeq : 0, docCountDelta: h.docCount - countBefore };
        port.postMessage(answer);
      })
      .catch((e: unknown) => port.postMessage({ id: slice.id, error: e instanceof Error ? e.message : String(e) } satisfies SliceAnswer));
  });
  port.postMessage('ready');
} catch (e) {
  port.postMessage({ failed: e instanceof Error ? e.message : String(e) });
}
