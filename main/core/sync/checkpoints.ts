import type { Database } from '../../../db/sqlite';
import { passId, type Connection } from './replicator/connection';
import { seqNumber } from './replicator/pass';
import type { SyncPhase } from './one-shot';

export type RepIds = Record<Exclude<SyncPhase, `${string}-all`>, string>;

/**
 * The checkpoint ids of the four passes. They name the remote by its server uuid, which is only known once the
 * server answered, so they are remembered (see sync-service.ts) for pending counts while offline.
 */
export function replicationIds(conn: Pick<Connection, 'localId' | 'remoteId' | 'pullTypes'>): RepIds {
  return {
    'push-docs': passId(conn, 'push', 'docs'),
    'push-blobs': passId(conn, 'push', 'blobs'),
    'pull-docs': passId(conn, 'pull', 'docs'),
    'pull-blobs': passId(conn, 'pull', 'blobs'),
  };
}

export async function checkpointSeq(local: PouchDB.Database<object>, repId: string | undefined): Promise<number | string> {
  if (!repId) return 0;
  try {
    const doc = (await local.get(repId)) as unknown as { last_seq?: number | string };
    return doc.last_seq ?? 0;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return 0;
    throw e;
  }
}

/**
 * Local documents not yet pushed: those changed after the docs pass's checkpoint and carrying no attachment,
 * plus those changed after the blobs pass's checkpoint and carrying one. Two index range scans over the store's
 * seq column (a read-only query on the adapter's own tables; attachments are known by their per-revision refs).
 */
export function countPending(sql: Database, docsSeq: number | string, blobsSeq: number | string): number {
  const row = sql
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM docs d WHERE d.max_seq > ?
            AND NOT EXISTS (SELECT 1 FROM attachment_refs a WHERE a.seq = d.winning_seq)) +
         (SELECT COUNT(*) FROM docs d WHERE d.max_seq > ?
            AND EXISTS (SELECT 1 FROM attachment_refs a WHERE a.seq = d.winning_seq)) AS n`,
    )
    .get(seqNumber(docsSeq), seqNumber(blobsSeq)) as { n: number };
  return row.n;
}
