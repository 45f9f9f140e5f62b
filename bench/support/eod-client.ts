import { JingweiPouch } from '../../db/pouchdb';
import { gzipFetch } from '../../sync-server/client/gzip-fetch';
import type { FetchMeter } from '../../sync-server/client/gzip-fetch';

export interface PushReport {
  smallDoneMs: number;
  attachmentsDoneMs: number;
  attempts: number;
  docsWritten: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one-shot replications until one finishes cleanly: each attempt resumes from the checkpoint the last one
 * stored, and the revs_diff step keeps it from re-sending what already arrived.
 */
export async function replicateUntilDone(
  source: PouchDB.Database,
  target: PouchDB.Database,
  opts: PouchDB.Replication.ReplicateOptions,
  deadline: number,
): Promise<{ attempts: number; docsWritten: number }> {
  let attempts = 0;
  let docsWritten = 0;
  let delay = 250;
  for (;;) {
    attempts++;
    let progressed = false;
    try {
      const rep = source.replicate.to(target, opts);
      rep.on('change', (info) => {
        if (process.env.JW_DEBUG) console.error(`[replicate] +${info.docs_written} docs`);
        if (info.docs_written > 0) progressed = true;
      });
      const res = await rep;
      docsWritten += res.docs_written;
      if (res.ok && res.doc_write_failures === 0 && res.status === 'complete') return { attempts, docsWritten };
    } catch (err) {
      // Dropped line: back off a little and resume from the last checkpoint.
      if (process.env.JW_DEBUG) console.error(`[replicate] attempt ${attempts} failed: ${(err as Error).message}`);
      docsWritten += (err as { result?: { docs_written?: number } }).result?.docs_written ?? 0;
    }
    // A line that came back and carried something deserves a quick retry, not the grown back-off.
    if (progressed) delay = 250;
    if (Date.now() > deadline) throw new Error(`replication not done by the deadline after ${attempts} attempts`);
    await sleep(delay);
    delay = Math.min(delay * 2, 4000);
  }
}

/**
 * The end-of-day push shape the branch client should use: records and scans travel in two parallel
 * replications, records in batches of 100 and scans one per request, so a scan being uploaded never holds the
 * day's records back and a drop costs at most one scan or one batch. Bodies are gzipped.
 */
export async function pushEndOfDay(
  local: PouchDB.Database,
  remoteUrl: string,
  auth: { username: string; password: string },
  meter: FetchMeter,
  deadline: number,
): Promise<PushReport> {
  const remote = new JingweiPouch(remoteUrl, { auth, fetch: gzipFetch(meter) } as PouchDB.Configuration.RemoteDatabaseConfiguration);
  const t0 = Date.now();
  let smallDoneMs = 0;
  let attachmentsDoneMs = 0;
  const [small, large] = await Promise.all([
    replicateUntilDone(local, remote, { batch_size: 100, filter: (doc: { _attachments?: object }) => !doc._attachments }, deadline).then((r) => {
      smallDoneMs = Date.now() - t0;
      return r;
    }),
    replicateUntilDone(local, remote, { batch_size: 1, batches_limit: 2, filter: (doc: { _attachments?: object }) => !!doc._attachments }, deadline).then((r) => {
      attachmentsDoneMs = Date.now() - t0;
      return r;
    }),
  ]);
  await remote.close();
  return { smallDoneMs, attachmentsDoneMs, attempts: small.attempts + large.attempts, docsWritten: small.docsWritten + large.docsWritten };
}
