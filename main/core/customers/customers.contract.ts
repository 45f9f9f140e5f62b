import { z } from 'zod';
import type { CustomerFields, CustomerKind, FieldIssue, IndividualGroup } from '../../../domain/customers/customer';
import { INDIVIDUAL_GROUPS, MAX_LENGTH } from '../../../domain/customers/customer';
import { method } from '../api/method';
import type { AuditIntegrity } from '../audit/verify';
import type { AccountView } from './accounts';
import type { CustomerValueView } from '../value/customer-value';
import { OFFER_RESPONSES } from '../../../domain/value/customer-value-doc';

export interface CustomerSummary {
  id: string;
  kind: CustomerKind;
  name: string;
  idNumber: string | null;
  uscc: string | null;
  phone: string;
  address: string;
  village: string | null;
  group: IndividualGroup | null;
  updatedAt: string;
}

export interface CustomerRecord extends CustomerFields {
  id: string;
  rev: string;
  branch: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Revisions that lost a replication conflict; a branch head resolves them. */
  conflicts: string[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  actorName: string;
  device: string;
  action: string;
  changes: FieldChange[];
  /** `ok` when the entry was checked against the audit chain; otherwise why it cannot be trusted (audit/verify.ts). */
  integrity: AuditIntegrity;
}

const text = (max: number) => z.string().trim().max(max);

// Shape only: the business rules (ID check digit, phone format...) live in domain/customers and are applied by
// the service so the same messages reach the form, the CLI and the import.
export const customerInput = z.object({
  kind: z.enum(['individual', 'enterprise']),
  name: text(MAX_LENGTH.name),
  phone: text(40),
  address: text(MAX_LENGTH.address),
  village: text(MAX_LENGTH.village).optional(),
  group: z.enum(INDIVIDUAL_GROUPS).optional(),
  // Room for spaces and full-width digits as pasted; the service folds them and checks the 18 characters.
  idNumber: text(40).optional(),
  uscc: text(40).optional(),
  legalRepresentative: text(MAX_LENGTH.legalRepresentative).optional(),
  shareholders: z
    .array(
      z.object({
        kind: z.enum(['person', 'company']),
        name: text(MAX_LENGTH.name),
        idNumber: text(40).optional(),
        shareBp: z.number().int(),
      }),
    )
    .max(50)
    .optional(),
  note: text(MAX_LENGTH.note).optional(),
});

const customerId = z.string().regex(/^customer:[0-9A-Z]{26}$/, 'customerId');

export const customersContract = {
  'customers.search': method<CustomerSummary[]>()(
    z.object({ q: z.string().max(60), limit: z.number().int().min(1).max(100).default(20) }),
    'customer.read',
  ),
  'customers.get': method<CustomerRecord>()(z.object({ id: customerId }), 'customer.read'),
  /** The customer's accounts as head office signed them (core banking); disbursements go only to one of these. */
  'customers.accounts': method<AccountView[]>()(z.object({ id: customerId }), 'customer.read'),
  /** 精微甄选: the customer's tier, rights and points as head office signed them; null when it published none. */
  'customers.value': method<CustomerValueView | null>()(z.object({ id: customerId }), 'customer.read'),
  /** 精准营销: records the customer's answer to the offer head office made them (the one customers.value shows). */
  'customers.offerResponse': method<{ id: string }>()(
    z.object({
      id: customerId,
      offer: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
      response: z.enum(OFFER_RESPONSES),
      channel: z.enum(['desk', 'kiosk', 'task']),
    }),
    'customer.write',
  ),
  'customers.check': method<FieldIssue[]>()(z.object({ customer: customerInput }), 'customer.read'),
  'customers.create': method<CustomerRecord>()(z.object({ customer: customerInput }), 'customer.write'),
  'customers.update': method<CustomerRecord>()(
    z.object({ id: customerId, rev: z.string().min(3).max(80), customer: customerInput }),
    'customer.write',
  ),
  'customers.history': method<HistoryEntry[]>()(z.object({ id: customerId }), 'customer.read'),
};
