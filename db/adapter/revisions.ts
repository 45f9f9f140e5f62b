import type { Handle } from './handle';

/**
 * Deletes stored revision bodies (compaction, stemming, purge) and every
 * attachment body no longer referenced by any remaining revision.
 * Must run inside the caller's transaction.
 */
export function deleteRevRows(h: Handle, docId: string, revs: readonly string[]): void {
  const findSeq = h.prep('SELECT seq FROM revs WHERE doc_id = ? AND rev = ?');
  const digestsOf = h.prep('SELECT digest FROM attachment_refs WHERE seq = ?');
  const dropRefs = h.prep('DELETE FROM attachment_refs WHERE seq = ?');
  const dropRev = h.prep('DELETE FROM revs WHERE seq = ?');
  const dropOrphan = h.prep(
    'DELETE FROM attachments WHERE digest = ? AND NOT EXISTS (SELECT 1 FROM attachment_refs WHERE digest = ?)',
  );
  const maybeOrphaned = new Set<string>();
  for (const rev of revs) {
    const row = findSeq.get(docId, rev) as { seq: number } | undefined;
    if (!row) continue;
    for (const d of digestsOf.all(row.seq) as { digest: string }[]) maybeOrphaned.add(d.digest);
    dropRefs.run(row.seq);
    dropRev.run(row.seq);
  }
  for (const d of maybeOrphaned) dropOrphan.run(d, d);
}
