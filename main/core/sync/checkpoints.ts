import type { ReplicaSeqs } from '../../../db/adapter/replica-seqs';
import type { Database, Statement } from '../../../db/sqlite';
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
 * plus those changed after the blobs pass's checkpoint and carrying one. Index range scans over the store's seq
 * column (a read-only query on the adapter's own tables; attachments are known by their per-revision refs).
 *
 * `pulled`: the seqs of revisions pulled from head office (db/adapter/replica-seqs.ts) are skipped — they are on the
 * server already — so only the gaps between pulled ranges are scanned: a big pull neither shows in the count nor
 * makes counting it cost a walk over everything it stored. Rows after `through` (the seqs this thread knows of)
 * were just committed by the replica thread, which has not yet said which they are: pulled ones, so not counted.
 * A document whose unpushed edit was overtaken by a pulled revision of it (a conflict) is not counted until it is
 * edited again; the push still carries it.
 */
export function countPending(sql: Database, docsSeq: number | string, blobsSeq: number | string, pulled?: { seqs: ReplicaSeqs; through: number }): number {
  const count = (statement: Statement, after: number) => {
    let n = 0;
    for (const [lo, hi] of pulled ? pulled.seqs.gapsAfter(after, pulled.through) : [[after + 1, Number.MAX_SAFE_INTEGER] as const]) {
      n += (statement.get(lo, hi) as { n: number }).n;
    }
    return n;
  };
  const s = statementsOf(sql);
  return count(s.records, seqNumber(docsSeq)) + count(s.scanned, seqNumber(blobsSeq));
}

const statements = new WeakMap<Database, { records: Statement; scanned: Statement }>();

function statementsOf(sql: Database): { records: Statement; scanned: Statement } {
  let s = statements.get(sql);
  if (!s) {
    const inRange = 'SELECT COUNT(*) AS n FROM docs d WHERE d.max_seq BETWEEN ? AND ? AND';
    s = {
      records: sql.prepare(`${inRange} NOT EXISTS (SELECT 1 FROM attachment_refs a WHERE a.seq = d.winning_seq)`),
      scanned: sql.prepare(`${inRange} EXISTS (SELECT 1 FROM attachment_refs a WHERE a.seq = d.winning_seq)`),
    };
    statements.set(sql, s);
  }
  return s;
}
