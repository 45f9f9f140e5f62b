import type { AuditInput } from '../audit/audit-log';
import type { ServiceDeps } from '../service-deps';

/** Writes one audit entry for a publication to `reference` (the entry lives in the branch store, as every audit does). */
export async function auditPublication(deps: Pick<ServiceDeps, 'pouch' | 'audit'>, input: AuditInput): Promise<void> {
  const entry = deps.audit.next(input);
  await deps.pouch.bulkDocs([entry]);
  deps.audit.commit(entry);
}
