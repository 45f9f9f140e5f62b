import { readAnchors } from './anchors';
import { parseAuditDocId, type AuditDoc } from './chain';
import { verifyChain, type ChainReport } from './verify';

const PAGE = 1000;

/**
 * Every audit entry of a database (winning revisions with their `_conflicts`), by device, each in sequence order.
 * Works on the local store and, through the same PouchDB API, on head office's copy over HTTP. `conflicted`, the
 * ids that have conflicts when the caller knows them cheaply (the local store's index), spares asking for
 * `_conflicts` with every document, which costs more than reading it.
 */
export async function readChains(
  db: PouchDB.Database<object>,
  opts: { conflicted?: ReadonlySet<string>; onEntry?: (doc: AuditDoc, at: { device: string; seq: number }) => void } = {},
): Promise<Map<string, AuditDoc[]>> {
  const byDevice = new Map<string, AuditDoc[]>();
  let startkey = 'audit:';
  for (let skip = 0; ; skip = 1) {
    const page = await db.allDocs({ startkey, endkey: 'audit:\uffff', include_docs: true, conflicts: !opts.conflicted, limit: PAGE, skip });
    for (const row of page.rows) {
      const at = parseAuditDocId(row.id);
      if (!at) continue;
      const doc = row.doc as unknown as AuditDoc;
      if (opts.conflicted?.has(row.id)) doc._conflicts = ((await db.get(row.id, { conflicts: true })) as { _conflicts?: string[] })._conflicts;
      const list = byDevice.get(at.device) ?? [];
      list.push(doc);
      byDevice.set(at.device, list);
      opts.onEntry?.(doc, at);
    }
    if (page.rows.length < PAGE) return byDevice;
    startkey = page.rows[page.rows.length - 1]!.id;
  }
}

/**
 * Head office's own check of a branch database, with no device key: every device's hash chain, second versions of
 * entries, and the anchors the devices left. It is what anchoring is for — entries up to an anchor cannot be
 * rewritten or cut without this check saying where. Uses only the CouchDB HTTP API (works on Apache CouchDB).
 */
export async function verifyBranchDatabase(db: PouchDB.Database<object>): Promise<ChainReport[]> {
  const [chains, anchors] = await Promise.all([readChains(db), readAnchors(db)]);
  for (const a of anchors) if (!chains.has(a.device)) chains.set(a.device, []);
  return [...chains].map(([device, docs]) => verifyChain({ device, docs, keyring: null, anchors: anchors.filter((a) => a.device === device), highWater: 0 }));
}
