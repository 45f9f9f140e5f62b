import type { InputOf, OutputOf } from './method';
import { auditContract } from '../audit/audit.contract';
import { customersContract } from '../customers/customers.contract';
import { sessionContract } from '../session/session.contract';
import { staffContract } from '../staff/staff.contract';
import { syncContract, type SyncProgressEvent } from '../sync/sync.contract';
import { QUEUE_PUBLIC_EVENTS, queueContract, type QueueEvents } from '../queue/queue.contract';
import { creditContract, type CreditEvents } from '../credit/credit.contract';
import { tabletSigningContract } from '../credit/tablet-signing.contract';
import { documentsContract, type DocumentEvents } from '../documents/documents.contract';
import { villageContract } from '../village/village.contract';
import { householdPhotosContract } from '../village/household-photos.contract';
import { villageReviewContract } from '../village/village-review.contract';
import { creditVillageContract } from '../village/credit-village.contract';
import { creditLinesContract } from '../village/credit-lines.contract';
import { riskContract } from '../risk/risk.contract';
import { devicesContract } from '../devices/devices.contract';
import { partnersContract, type PartnerEvents } from '../value/partners.contract';
import { marketingContract } from '../value/marketing.contract';
import { valueDashboardContract } from '../value/value-dashboard.contract';
import { referenceContract, type ReferenceEvents } from '../reference/reference.contract';

/**
 * The one contract between every UI and the core: method name → argument schema, access rule and result type.
 * Each area declares its own piece beside its service; this is the only place they are joined.
 */
export const contract = {
  ...sessionContract,
  ...staffContract,
  ...customersContract,
  ...auditContract,
  ...queueContract,
  ...syncContract,
  ...creditContract,
  ...tabletSigningContract,
  ...documentsContract,
  ...villageContract,
  ...householdPhotosContract,
  ...villageReviewContract,
  ...creditVillageContract,
  ...creditLinesContract,
  ...riskContract,
  ...devicesContract,
  ...partnersContract,
  ...marketingContract,
  ...valueDashboardContract,
  ...referenceContract,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ApiArgs<M extends MethodName> = InputOf<Contract[M]>;
export type ApiResult<M extends MethodName> = OutputOf<Contract[M]>;

/** Events the core pushes to every connected UI (IPC or server-sent events). */
export interface EventMap extends QueueEvents, CreditEvents, DocumentEvents, ReferenceEvents, PartnerEvents {
  'customer.changed': { id: string; rev: string };
  /** A staff record, request or head-office decision changed (written here or arrived from head office). */
  'staff.changed': { id: string };
  'sync.status': { state: 'online' | 'offline' | 'syncing' | 'error'; pending: number; lastSyncAt: string | null };
  'sync.progress': SyncProgressEvent;
}
export type EventName = keyof EventMap;

/**
 * Events any page may receive without a staff session (the hall display is just a browser on the LAN).
 * Everything else reaches only logged-in staff.
 */
export const PUBLIC_EVENTS: readonly EventName[] = [...QUEUE_PUBLIC_EVENTS];

export function isPublicEvent(name: string): boolean {
  return (PUBLIC_EVENTS as readonly string[]).includes(name);
}
