import { purgeDocument } from '../../../db/purge';

/**
 * What the queue device (the kiosk in the public hall) keeps: the queue and the staff records it checks counter
 * PCs' tellers against. No customers, loans, scans or other devices' audit history: a stolen kiosk or a curious
 * visitor at its keyboard finds none of them.
 */
export const QUEUE_DEVICE_TYPES = ['queue-ticket', 'queue-counter', 'queue-config', 'staff', 'vip-list'] as const;

// `vip-list:` is the branch's VIP digests (value/vip-at-kiosk.ts): no names, no customers, only who is VIP.
const KEPT_PREFIXES = ['queue-ticket:', 'queue-counter:', 'queue:config', 'staff:', 'vip-list:', '_design/'];

/** Whether a document of this id belongs in the queue device's store (its own audit chain and device report included). */
export function queueDeviceKeeps(id: string, device: string): boolean {
  return KEPT_PREFIXES.some((p) => id.startsWith(p)) || id.startsWith(`audit:${device}:`) || id.startsWith(`audit-anchor:${device}:`) || id === `device-report:${device}`;
}

/**
 * Removes (purges, not deletes: nothing is replicated back to head office) every document a queue device must not
 * hold, e.g. after a kiosk that replicated the whole branch database is upgraded. Returns how many were removed.
 */
export async function keepOnlyQueueDocs(pouch: PouchDB.Database<object>, device: string): Promise<number> {
  const all = await pouch.allDocs();
  let removed = 0;
  for (const row of all.rows) {
    if (queueDeviceKeeps(row.id, device)) continue;
    await purgeDocument(pouch, row.id);
    removed++;
  }
  return removed;
}
