import type { Database } from '../../../db/sqlite';
import generateReplicationId from 'pouchdb-generate-replication-id';
import { PASS_KINDS, passOptions, seqNumber, type Direction, type PassKind } from './passes';

export type RepIds = Record<`${Direction}-${PassKind}`, string>;

/**
 * PouchDB names a replication's checkpoint `_local/<md5(source id, target id, selector|filter)>`. The remote's
 * id is its server uuid (or its URL when the server has none), but when that request fails PouchDB silently
 * uses the URL, which would name a different checkpoint. So ids are computed only right after the server
 * answered, and remembered so that pending counts work offline.
 */
export async function replicationIds(
  local: PouchDB.Database<object>,
  remote: PouchDB.Database<object>,
  selectorOnServer: boolean,
): Promise<RepIds> {
  await remote.info();
  const out: Partial<RepIds> = {};
  for (const kind of PASS_KINDS) {
    out[`push-${kind}`] = await generateReplicationId(local, remote, passOptions(kind, 'push', selectorOnServer));
    out[`pull-${kind}`] = await generateReplicationId(remote, local, passOptions(kind, 'pull', selectorOnServer));
  }
  return out as RepIds;
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
