import type { Role } from '../../../domain/staff/roles';
import { permissionsOf } from '../../../domain/staff/roles';
import { actorOf, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { AuditLog } from '../audit/audit-log';
import type { WriteQueue } from '../write-queue';
import { hashPassword, verifyPassword } from './password';
import type { SessionView, StaffView, SystemInfo } from './session.contract';
import { sessionContract } from './session.contract';
import type { Sessions } from './sessions';

export interface StaffDoc {
  _id: string;
  _rev?: string;
  type: 'staff';
  staffNo: string;
  name: string;
  roles: Role[];
  branch: string;
  active: boolean;
  passwordHash: string;
  updatedAt: string;
}

export const staffDocId = (staffNo: string) => `staff:${staffNo.toUpperCase()}`;

const view = (d: StaffDoc): StaffView => ({ staffNo: d.staffNo, name: d.name, roles: d.roles, branch: d.branch, active: d.active });

export interface StaffDeps {
  pouch: PouchDB.Database<object>;
  sessions: Sessions;
  audit: AuditLog;
  writes: WriteQueue;
  info: SystemInfo;
}

export async function loadStaff(pouch: PouchDB.Database<object>, staffNo: string): Promise<StaffDoc | null> {
  try {
    return (await pouch.get(staffDocId(staffNo))) as unknown as StaffDoc;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}

const actorFields = (staff: StaffDoc) => ({ staffNo: staff.staffNo, name: staff.name, roles: staff.roles, branch: staff.branch });

/** Creates or replaces a staff member; used by handlers and by the demo/provisioning set-up. */
export async function putStaff(
  deps: Pick<StaffDeps, 'pouch' | 'audit'>,
  input: { staffNo: string; name: string; roles: Role[]; password: string; branch: string },
  by: { staffNo: string; name: string },
  now: Date,
): Promise<StaffDoc> {
  const existing = await loadStaff(deps.pouch, input.staffNo);
  const doc: StaffDoc = {
    _id: staffDocId(input.staffNo),
    ...(existing?._rev ? { _rev: existing._rev } : {}),
    type: 'staff',
    staffNo: input.staffNo.toUpperCase(),
    name: input.name,
    roles: input.roles,
    branch: input.branch,
    active: true,
    passwordHash: await hashPassword(input.password),
    updatedAt: now.toISOString(),
  };
  const entry = deps.audit.next({
    actor: by.staffNo, actorName: by.name, action: existing ? 'staff.update' : 'staff.create', entity: doc._id,
    before: existing ? view(existing) as unknown as Record<string, unknown> : null, after: view(doc) as unknown as Record<string, unknown>, at: now.toISOString(),
  });
  const [res] = await deps.pouch.bulkDocs([doc, entry]);
  if (res && 'error' in res && res.error) throw apiError('CONFLICT', 'error.CONFLICT');
  deps.audit.commit(entry);
  return { ...doc, _rev: (res as { rev: string }).rev };
}

export function staffHandlers(deps: StaffDeps): Handlers<typeof sessionContract> {
  const sessionView = (token: string, staff: StaffDoc | StaffView): SessionView => ({
    token,
    staff: 'passwordHash' in staff ? view(staff) : staff,
    permissions: [...permissionsOf(staff.roles)],
    expiresAt: (deps.sessions.expiresAt(token) ?? new Date()).toISOString(),
  });

  return {
    'system.info': async () => deps.info,

    'session.login': async ({ staffNo, password }) => {
      const no = staffNo.toUpperCase();
      if (deps.sessions.isLocked(no)) throw apiError('FORBIDDEN', 'error.loginLocked');
      const staff = await loadStaff(deps.pouch, no);
      // Same answer and the same work for an unknown staff number and a wrong password: no account probing.
      const ok = staff?.active ? await verifyPassword(password, staff.passwordHash) : (await verifyPassword(password, DUMMY_HASH), false);
      if (!ok || !staff) {
        deps.sessions.recordFailure(no);
        throw apiError('UNAUTHENTICATED', 'error.badCredentials');
      }
      const { actor } = deps.sessions.open(actorFields(staff));
      return sessionView(actor.token, staff);
    },

    'session.logout': async (_args, ctx) => {
      deps.sessions.close(actorOf(ctx).token);
      return { ok: true };
    },

    'session.me': async (_args, ctx) => {
      const a = actorOf(ctx);
      return sessionView(a.token, { staffNo: a.staffNo, name: a.name, roles: a.roles, branch: a.branch, active: true });
    },

    'staff.list': async () => {
      const res = await deps.pouch.allDocs({ startkey: 'staff:', endkey: 'staff:\uffff', include_docs: true });
      return res.rows.map((r) => view(r.doc as unknown as StaffDoc));
    },

    'staff.create': async (args, ctx: CallContext) => {
      const a = actorOf(ctx);
      return deps.writes.run(async () => {
        if (await loadStaff(deps.pouch, args.staffNo)) throw apiError('DUPLICATE', 'staff.duplicate', { staffNo: args.staffNo });
        return view(await putStaff(deps, { ...args, branch: a.branch }, a, ctx.now));
      });
    },

    'staff.changePassword': async ({ oldPassword, newPassword }, ctx) => {
      const a = actorOf(ctx);
      return deps.writes.run(async () => {
        const staff = await loadStaff(deps.pouch, a.staffNo);
        if (!staff || !(await verifyPassword(oldPassword, staff.passwordHash))) throw apiError('UNAUTHENTICATED', 'error.badCredentials');
        await putStaff(deps, { ...staff, password: newPassword }, a, ctx.now);
        deps.sessions.closeAllFor(a.staffNo);
        return { ok: true as const };
      });
    },
  };
}

// A fixed hash to verify against when the staff number is unknown, so both paths cost the same.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
