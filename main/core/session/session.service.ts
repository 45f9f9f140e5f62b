import { can, permissionsOf } from '../../../domain/staff/roles';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { actorOf, type Actor, type Handlers } from '../api/handlers';
import { authenticateStaff, type AuthenticateDeps } from './authenticate';
import type { SessionView, StaffView, SystemInfo } from './session.contract';
import { sessionContract } from './session.contract';
import type { Sessions } from './sessions';
import type { TrustedStaffReader } from './trusted-staff';

export interface SessionDeps extends AuthenticateDeps {
  sessions: Sessions;
  info: SystemInfo;
}

export const staffView = (r: StaffRecord): StaffView => ({ staffNo: r.staffNo, name: r.name, roles: r.roles, branch: r.branch, active: r.active });
const actorFields = (r: StaffRecord) => ({ staffNo: r.staffNo, name: r.name, roles: r.roles, branch: r.branch });

/**
 * A queue-only session for a teller a counter PC has already authenticated (see queue/queue-device.ts): only an
 * active, head-office-signed staff member who may call tickets gets one. Null otherwise.
 */
export async function openCounterSession(deps: { staff: TrustedStaffReader; sessions: Sessions }, staffNo: string): Promise<string | null> {
  const loaded = await deps.staff.load(staffNo);
  if (loaded.status !== 'trusted' || !loaded.record.active || !can(loaded.record.roles, 'queue.call')) return null;
  return deps.sessions.open({ ...actorFields(loaded.record), scope: 'queue' }).actor.token;
}

export function sessionHandlers(deps: SessionDeps): Handlers<typeof sessionContract> {
  const view = (actor: Actor): SessionView => {
    const mustChangePassword = actor.scope === 'password';
    return {
      token: actor.token,
      staff: { staffNo: actor.staffNo, name: actor.name, roles: actor.roles, branch: actor.branch, active: true },
      // Until a password head office set is changed, the session may do nothing else, and the screens know it.
      permissions: mustChangePassword ? [] : [...permissionsOf(actor.roles)],
      expiresAt: (deps.sessions.expiresAt(actor.token) ?? new Date()).toISOString(),
      mustChangePassword,
    };
  };

  return {
    'system.info': async () => deps.info,

    'session.login': async ({ staffNo, password }, ctx) => {
      const record = await authenticateStaff(deps, { staffNo, password, address: ctx.address });
      const { actor } = deps.sessions.open({ ...actorFields(record), ...(record.mustChangePassword ? { scope: 'password' as const } : {}) });
      return view(actor);
    },

    'session.logout': async (_args, ctx) => {
      deps.sessions.close(actorOf(ctx).token);
      return { ok: true };
    },

    'session.me': async (_args, ctx) => view(actorOf(ctx)),
  };
}
