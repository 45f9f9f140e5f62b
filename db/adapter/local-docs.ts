import { createError, MISSING_DOC, REV_CONFLICT } from 'pouchdb-errors';
import type { Handle } from './handle';

/**
 * `_local/` documents: not replicated, not in the changes feed, not projected,
 * no revision tree — just a counter rev "0-N" for optimistic concurrency,
 * exactly like PouchDB's other adapters.
 */
export function getLocal(h: Handle, id: string): Record<string, unknown> {
  const row = h.prep('SELECT rev, json FROM local_docs WHERE id = ?').get(id) as { rev: string; json: string } | undefined;
  if (!row) throw createError(MISSING_DOC);
  const doc = JSON.parse(row.json) as Record<string, unknown>;
  doc._id = id;
  doc._rev = row.rev;
  return doc;
}

export function putLocalInTx(h: Handle, input: Record<string, unknown>): { ok: true; id: string; rev: string } {
  const { _id, _rev, _revisions: _ignored, ...body } = input;
  const id = _id as string;
  const oldRev = _rev as string | undefined;
  const current = h.prep('SELECT rev FROM local_docs WHERE id = ?').get(id) as { rev: string } | undefined;
  if (current ? current.rev !== oldRev : !!oldRev) {
    throw createError(REV_CONFLICT);
  }
  const rev = oldRev ? '0-' + (parseInt(oldRev.split('-')[1]!, 10) + 1) : '0-1';
  h.prep(
    'INSERT INTO local_docs (id, rev, json) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, json = excluded.json',
  ).run(id, rev, JSON.stringify(body));
  return { ok: true, id, rev };
}

export function removeLocalInTx(h: Handle, doc: Record<string, unknown>): { ok: true; id: string; rev: string } {
  const id = doc._id as string;
  const current = h.prep('SELECT rev FROM local_docs WHERE id = ?').get(id) as { rev: string } | undefined;
  if (!current) throw createError(MISSING_DOC);
  if (current.rev !== doc._rev) throw createError(REV_CONFLICT);
  h.prep('DELETE FROM local_docs WHERE id = ?').run(id);
  return { ok: true, id, rev: '0-0' };
}
