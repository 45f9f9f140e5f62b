import { z } from 'zod';
import { INDIVIDUAL_GROUPS } from '../../../domain/customers/customer';
import { docMeta, isoUtc, required, text } from './common';

// The server checks shape only; identity check digits and phone formats are the core's rules (domain/customers)
// and can tolerate legacy data that a shape check must not refuse during replication.
export const customerDoc = z.looseObject({
  ...docMeta,
  _id: z.string().regex(/^customer:[0-9A-Za-z_-]{1,64}$/),
  type: z.literal('customer'),
  kind: z.enum(['individual', 'enterprise']),
  name: required(60),
  phone: text(20).optional(),
  address: text(200).optional(),
  village: text(60).optional(),
  group: z.enum(INDIVIDUAL_GROUPS).optional(),
  idNumber: z.string().regex(/^[0-9]{17}[0-9X]$/).optional(),
  uscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).optional(),
  legalRepresentative: text(40).optional(),
  shareholders: z
    .array(
      z.looseObject({
        kind: z.enum(['person', 'company']),
        name: required(60),
        idNumber: text(18).optional(),
        shareBp: z.int().min(0).max(10000),
      }),
    )
    .max(50)
    .optional(),
  branch: text(20).optional(),
  createdAt: isoUtc.optional(),
  updatedAt: isoUtc.optional(),
});
