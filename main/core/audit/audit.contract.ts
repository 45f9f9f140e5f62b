import { z } from 'zod';
import { method } from '../api/method';

export interface AuditVerification {
  ok: boolean;
  devices: { device: string; entries: number; brokenAt: number | null; reason: string | null }[];
}

export const auditContract = {
  'audit.verify': method<AuditVerification>()(z.object({}), 'audit.read'),
};
