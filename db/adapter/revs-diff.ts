import { traverseRevTree } from 'pouchdb-merge';
import type { RevTree } from 'pouchdb-merge';
import type { Handle } from './handle';

export type RevsDiffResult = Record<string, { missing: string[] }>;

/**
 * PouchDB's revsDiff (the same answer: revisions not in the tree, or in it without a stored body) with the whole
 * request read in ONE query instead of a revision-tree read per document. A replication batch asks mostly about a
 * document's current winner, which needs no tree at all; only other revisions parse the stored tree.
 */
export function revsDiff(h: Handle, req: Record<string, string[]>): RevsDiffResult {
  const out: RevsDiffResult = {};
  const ids = Object.keys(req);
  if (!ids.length) return out;
  const rows = h.prep('SELECT d.id, d.rev_tree, d.winning_rev FROM json_each(?) AS j JOIN docs AS d ON d.id = j.value').all(JSON.stringify(ids)) as
    { id: string; rev_tree: string; winning_rev: string }[];
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const asked = req[id]!;
    const row = stored.get(id);
    if (!row) {
      out[id] = { missing: asked };
      continue;
    }
    if (asked.every((rev) => rev === row.winning_rev)) continue;
    const unseen = new Set(asked);
    const missing: string[] = [];
    traverseRevTree(JSON.parse(row.rev_tree) as RevTree, (_leaf, pos, hash, _ctx, opts) => {
      const rev = `${pos}-${hash}`;
      if (!unseen.delete(rev)) return;
      if (opts.status !== 'available') missing.push(rev);
    });
    missing.push(...unseen);
    if (missing.length) out[id] = { missing };
  }
  return out;
}
