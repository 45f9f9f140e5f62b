import { z } from 'zod';
import { method } from '../api/method';
import type { AuditBreak, AuditIntegrity } from './verify';

/** A sentence a person can read, in both languages of the UI. */
export type Bilingual = { 'zh-CN': string; en: string };

/** One break in the trail, with its i18n key and parameters for screens and the rendered sentences for everyone else. */
export interface AuditBreakView extends AuditBreak {
  messageKey: string;
  params: Record<string, string | number>;
  message: Bilingual;
}

export interface AuditDeviceView {
  device: string;
  /** The chain of the device answering; MACs are checked only there. */
  thisDevice: boolean;
  entries: number;
  lastSeq: number;
  /** First entry signed with the device key (earlier ones are the legacy, hash-only part); null for other devices. */
  keyedFrom: number | null;
  /** Highest entry whose anchor at head office the chain still matches with nothing broken before it. */
  anchoredThrough: number | null;
  /** First broken entry, or null. */
  brokenAt: number | null;
  breaks: AuditBreakView[];
}

export interface AuditVerification {
  ok: boolean;
  checkedAt: string;
  /** Whether the anchors held by head office itself were read, or only those replicated to this device. */
  headOffice: 'checked' | 'unreachable' | 'not-configured';
  devices: AuditDeviceView[];
  /** The history table the screens read, checked row by row against the chain. */
  index: { rows: number; breaks: AuditBreakView[] };
  summary: Bilingual;
}

/** One entry as the audit screen lists it: what the chain says, checked (`integrity`), with its place in the chain. */
export interface AuditEntryView {
  id: string;
  device: string;
  seq: number | null;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  /** The customer's name when the entity is a customer of this branch. */
  entityName: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
  integrity: AuditIntegrity;
}

/** A customer opening their record leaves this entry (`customers.get`): the "who viewed this customer" log. */
export const CUSTOMER_VIEW_ACTION = 'customer.view';

export interface AuditEntries {
  entries: AuditEntryView[];
  /** More entries match than were returned: narrow the filter. */
  truncated: boolean;
  /** The customers the `customer` text matched (by id, name, ID number, USCC, phone); null without that filter. */
  customers: { id: string; name: string }[] | null;
}

export const AUDIT_PAGE = 200;

export const auditContract = {
  /**
   * The audit log browsed per customer, staff member and/or branch day, newest first, each entry checked against
   * the chain. `viewsOnly` keeps only record views (who looked at the customer).
   */
  'audit.entries': method<AuditEntries>()(
    z.object({
      customer: z.string().trim().min(1).max(60).optional(),
      staffNo: z.string().trim().regex(/^[A-Za-z0-9]{3,16}$/, 'staffNo').optional(),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day').optional(),
      viewsOnly: z.boolean().optional(),
    }),
    'audit.read',
  ),
  'audit.verify': method<AuditVerification>()(z.object({}), 'audit.read'),
  /** Starts a new audit key on this device from the next entry on (a lost or suspected key); recorded in the chain. */
  'audit.rotateKey': method<{ keyId: string; fromSeq: number }>()(z.object({}), 'device.manage'),
};
