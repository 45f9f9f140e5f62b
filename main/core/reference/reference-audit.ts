import type { AuditInput, AuditLog } from '../audit/audit-log';

/** Writes one audit entry for a publication to `reference` (the entry lives in the branch store, as every audit does). */
export async function auditPublication(deps: { pouch: PouchDB.Database<object>; audit: AuditLog }, input: AuditInput): Promise<void> {
  const entry = deps.audit.next(input);
  await deps.pouch.bulkDocs([entry]);
  deps.audit.commit(entry);
}
