import { CUSTOMER_VIEW_ACTION } from '../audit/audit.contract';
import type { ServiceDeps } from '../service-deps';

/** One view entry per staff member and customer in this long: reopening a record while serving keeps the chain short. */
const VIEW_LOG_INTERVAL_MS = 15 * 60_000;

/**
 * Who opened a customer's record, in the audit chain (the audit screen's "who viewed this customer"): written by
 * the core on every `customers.get`, whatever screen or script asked, at most once per staff member and customer
 * per VIEW_LOG_INTERVAL_MS.
 */
export function viewLog(deps: Pick<ServiceDeps, 'audit' | 'writes'>) {
  const last = new Map<string, number>();
  return {
    async record(id: string, actor: { staffNo: string; name: string }, now: Date): Promise<void> {
      const key = `${actor.staffNo} ${id}`;
      const seen = last.get(key);
      if (seen !== undefined && now.getTime() - seen < VIEW_LOG_INTERVAL_MS && now.getTime() >= seen) return;
      if (last.size > 10_000) for (const [k, t] of last) if (now.getTime() - t >= VIEW_LOG_INTERVAL_MS) last.delete(k);
      await deps.writes.run(() =>
        deps.audit.append({ actor: actor.staffNo, actorName: actor.name, action: CUSTOMER_VIEW_ACTION, entity: id, at: now.toISOString(), before: null, after: null }),
      );
      last.set(key, now.getTime());
    },
  };
}
