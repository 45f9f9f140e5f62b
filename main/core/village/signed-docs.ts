import { createHmac, timingSafeEqual } from 'node:crypto';
import { cachedStatement } from '../../../db/projection';
import { verifyDoc } from '../../../trust/signature';
import type { ServiceDeps } from '../service-deps';

export type SignedDocsDeps = Pick<ServiceDeps, 'pouch' | 'sql' | 'branch' | 'trust' | 'verdictKey'>;

/** The secret's name in the device secrets. */
export const SIGNATURE_VERDICT_KEY = 'signature-verdicts';

const TABLE = 'CREATE TABLE IF NOT EXISTS signature_verdict (id TEXT PRIMARY KEY, rev TEXT NOT NULL, mac BLOB NOT NULL) WITHOUT ROWID';

/**
 * Head office's signed documents of one kind (`prefix`) as the branch holds them, each checked once per revision
 * (schema, signature, this branch). The store is listed (ids and revisions, cheap) and only revisions not seen by
 * this process are read. A good verdict is also kept in the store as an HMAC under the device's key over the id,
 * the revision and the document's bytes as read: after a restart a document that reads the same is taken without
 * its Ed25519 signature being checked again (thousands of lines: seconds of CPU), one that reads differently is
 * checked again. What is returned is what was checked, so nothing edited beside the documents changes a figure.
 */
export function signedDocs<T>(deps: SignedDocsDeps, prefix: string, schema: { safeParse(v: unknown): { success: boolean } }) {
  const seen = new Map<string, { rev: string; doc: T | null }>();
  deps.sql.exec(TABLE);
  const macOf = (id: string, rev: string, doc: unknown) => new Uint8Array(createHmac('sha256', deps.verdictKey).update(`${id}\n${rev}\n${JSON.stringify(doc)}`).digest());
  const checked = (raw: unknown) =>
    schema.safeParse(raw).success && !!deps.trust && verifyDoc(raw, deps.trust) && (raw as { branch?: string }).branch === deps.branch;

  function judge(rows: { id: string; rev: string; doc: unknown }[]): void {
    const remembered = cachedStatement(deps.sql, 'SELECT rev, mac FROM signature_verdict WHERE id = ?');
    const remember = cachedStatement(deps.sql, 'INSERT OR REPLACE INTO signature_verdict (id, rev, mac) VALUES (?, ?, ?)');
    deps.sql.transaction(() => {
      for (const { id, rev, doc } of rows) {
        const mac = macOf(id, rev, doc);
        const before = remembered.get(id) as { rev: string; mac: Uint8Array } | undefined;
        const known = before?.rev === rev && before.mac.length === mac.length && timingSafeEqual(new Uint8Array(before.mac), mac);
        const ok = known || checked(doc);
        if (ok && !known) remember.run(id, rev, mac);
        seen.set(id, { rev, doc: ok ? (doc as T) : null });
      }
    })();
  }

  return async (): Promise<{ docs: T[]; untrusted: number }> => {
    const listed = await deps.pouch.allDocs({ startkey: prefix, endkey: `${prefix}\uffff` });
    const stale = listed.rows.filter((r) => seen.get(r.id)?.rev !== r.value.rev).map((r) => r.id);
    if (stale.length) {
      const fresh = await deps.pouch.allDocs({ keys: stale, include_docs: true });
      judge(fresh.rows.flatMap((r) => ('doc' in r && r.doc ? [{ id: r.id, rev: r.value.rev, doc: r.doc as unknown }] : [])));
    }
    const live = new Set(listed.rows.map((r) => r.id));
    for (const id of seen.keys()) if (!live.has(id)) seen.delete(id);
    let untrusted = 0;
    const docs: T[] = [];
    for (const r of listed.rows) {
      const d = seen.get(r.id)?.doc;
      if (d) docs.push(d);
      else untrusted += 1;
    }
    return { docs, untrusted };
  };
}
