import { apiError } from '../api/dispatch';
import type { AuditInput } from '../audit/audit-log';
import type { ServiceDeps } from '../service-deps';

export type Commit = (docs: { _id: string; _rev?: string }[], audits: AuditInput[]) => Promise<string[]>;

/**
 * Writes documents with their audit entries in one transaction and returns the new revisions; `written` runs once
 * the database has them (the board's cache is stale from then on).
 */
export function committer(deps: Pick<ServiceDeps, 'pouch' | 'audit'>, written: () => void): Commit {
  return async (docs, audits) => {
    const entries = audits.map((a) => {
      const entry = deps.audit.next(a);
      deps.audit.commit(entry);
      return entry;
    });
    let results: (PouchDB.Core.Response | PouchDB.Core.Error)[];
    try {
      results = await deps.pouch.bulkDocs([...docs, ...entries]);
      written();
    } catch (e) {
      // Nothing was written: put the audit chain back where the database has it.
      await deps.audit.init();
      throw e;
    }
    if (results.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    return results.slice(0, docs.length).map((r) => (r as PouchDB.Core.Response).rev);
  };
}

export const auditOf = (
  actor: { staffNo: string; name: string }, action: string, entity: string, now: Date,
  before: Record<string, unknown> | null, after: Record<string, unknown> | null,
): AuditInput => ({ actor: actor.staffNo, actorName: actor.name, action, entity, at: now.toISOString(), before, after });
