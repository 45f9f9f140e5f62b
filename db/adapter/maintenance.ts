import { collectConflicts, isDeleted, removeLeafFromTree, traverseRevTree, winningRev } from 'pouchdb-merge';
import type { RevTree } from 'pouchdb-merge';
import { createError, MISSING_DOC } from 'pouchdb-errors';
import type { Handle } from './handle';
import { deleteRevRows } from './revisions';
import { decodeBody, markStubs } from './codec';
import { applyProjections } from './projections';

/** Drops the bodies of non-leaf revisions chosen by PouchDB's compaction; the tree keeps them as 'missing'. */
export function compactRevs(h: Handle, docId: string, revs: string[]): void {
  if (!revs.length) return;
  h.write(() => {
    const row = h.prep('SELECT rev_tree FROM docs WHERE id = ?').get(docId) as { rev_tree: string } | undefined;
    if (!row) return;
    const tree = JSON.parse(row.rev_tree) as RevTree;
    const doomed = new Set(revs);
    traverseRevTree(tree, (_isLeaf, pos, hash, _ctx, opts) => {
      if (doomed.has(pos + '-' + hash)) opts.status = 'missing';
    });
    h.prep('UPDATE docs SET rev_tree = ? WHERE id = ?').run(JSON.stringify(tree), docId);
    deleteRevRows(h, docId, revs);
  });
}

export interface PurgeResult {
  ok: true;
  deletedRevs: string[];
  documentWasRemovedCompletely: boolean;
}

/**
 * Removes a leaf's path from the tree and its bodies for good (no tombstone,
 * not replicated). Recomputes the winner and keeps projections in step in the
 * same transaction.
 */
export function purgeRevs(h: Handle, docId: string, revs: string[]): PurgeResult {
  let countDelta = 0;
  const result = h.write((): PurgeResult => {
    const row = h.prep('SELECT rev_tree, winning_rev, deleted FROM docs WHERE id = ?').get(docId) as
      | { rev_tree: string; winning_rev: string; deleted: number }
      | undefined;
    if (!row) throw createError(MISSING_DOC);
    let tree = JSON.parse(row.rev_tree) as RevTree;
    for (const rev of revs) tree = removeLeafFromTree(tree, rev);
    deleteRevRows(h, docId, revs);
    const wasLive = row.deleted === 0;
    if (tree.length === 0) {
      h.prep('DELETE FROM docs WHERE id = ?').run(docId);
      if (wasLive) {
        countDelta = -1;
        applyProjections(h, docId, null);
      }
      return { ok: true, deletedRevs: revs, documentWasRemovedCompletely: true };
    }
    const meta = { rev_tree: tree };
    const winner = winningRev(meta);
    const deleted = isDeleted(meta, winner);
    const seqRow = h.prep('SELECT seq, json FROM revs WHERE doc_id = ? AND rev = ?').get(docId, winner) as
      | { seq: number; json: string }
      | undefined;
    h.prep('UPDATE docs SET rev_tree = ?, winning_rev = ?, winning_seq = ?, deleted = ?, conflict_count = ? WHERE id = ?').run(
      JSON.stringify(tree),
      winner,
      seqRow?.seq ?? null,
      deleted ? 1 : 0,
      deleted ? 0 : collectConflicts(meta).length,
      docId,
    );
    countDelta = (deleted ? 0 : 1) - (wasLive ? 1 : 0);
    if (winner !== row.winning_rev || deleted !== !wasLive) {
      if (deleted || !seqRow) {
        if (wasLive) applyProjections(h, docId, null);
      } else {
        applyProjections(h, docId, markStubs(decodeBody(seqRow.json, docId, winner)));
      }
    }
    return { ok: true, deletedRevs: revs, documentWasRemovedCompletely: false };
  });
  h.docCount += countDelta;
  return result;
}
