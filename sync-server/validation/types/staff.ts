import { z } from 'zod';
import { ROLES } from '../../../domain/staff/roles';
import { docMeta, isoUtc, required, text } from './common';

export const staffDoc = z.looseObject({
  ...docMeta,
  type: z.literal('staff'),
  staffNo: z.string().regex(/^[A-Za-z0-9]{3,16}$/),
  name: required(40),
  roles: z.array(z.enum(ROLES)).min(1),
  branch: text(20).optional(),
  active: z.boolean().optional(),
  updatedAt: isoUtc.optional(),
});
