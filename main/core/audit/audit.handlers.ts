import type { Handlers } from '../api/handlers';
import type { AuditLog } from './audit-log';
import type { auditContract } from './audit.contract';

export function auditHandlers(deps: { audit: AuditLog }): Handlers<typeof auditContract> {
  return {
    'audit.verify': async () => {
      const devices = (await deps.audit.verify()).map(({ device, check }) => ({ device, ...check }));
      return { ok: devices.every((d) => d.brokenAt === null), devices };
    },
  };
}
