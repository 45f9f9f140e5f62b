import { can, type Role } from './roles';
import { HEAD_OFFICE_BRANCH } from './staff-record';
import type { StaffRequestContent } from './requests';

/**
 * Who may request and who may approve which staff change. The same rules run on the device (to answer at once)
 * and at head office (which trusts nothing the device says), so they live here, pure.
 */

/** Roles whose grant changes what the bank trusts a person with beyond one branch's counter work. */
export const POWERFUL_ROLES: readonly Role[] = ['branch-head', 'risk-officer', 'it-admin', 'head-office'];
/** Roles that administer systems or staff; they must never come with access to customer data. */
const ADMINISTRATIVE_ROLES: readonly Role[] = ['it-admin', 'head-office'];

export type Verdict = { ok: true } | { ok: false; key: string; params?: Record<string, string> };
const OK: Verdict = { ok: true };
const no = (key: string, params?: Record<string, string>): Verdict => ({ ok: false, key, params });

export interface Person {
  staffNo: string;
  roles: readonly Role[];
  branch: string;
}
export interface Target {
  roles: readonly Role[];
  branch: string;
  active: boolean;
}

const has = (roles: readonly Role[], role: Role) => roles.includes(role);
const isPowerful = (roles: readonly Role[]) => roles.some((r) => POWERFUL_ROLES.includes(r));

/** A role set a person may hold: not empty, no repeats, no administrator who also sees customers. */
export function checkRoleSet(roles: readonly Role[]): Verdict {
  if (roles.length === 0) return no('staff.rule.noRoles');
  if (new Set(roles).size !== roles.length) return no('staff.rule.duplicateRole');
  const admin = roles.find((r) => ADMINISTRATIVE_ROLES.includes(r));
  const customerRole = roles.find((r) => can([r], 'customer.read'));
  if (admin && customerRole) return no('staff.rule.separation', { admin, other: customerRole });
  return OK;
}

/** The roles a change touches: what the person has now and what they would have after it. */
function involvedRoles(request: Pick<StaffRequestContent, 'kind' | 'roles'>, target: Target | null): Role[] {
  return [...new Set([...(target?.roles ?? []), ...(request.kind === 'create' || request.kind === 'roles' ? request.roles ?? [] : [])])];
}

export function mayRequest(requester: Person, request: StaffRequestContent, target: Target | null): Verdict {
  if (request.requestedBy !== requester.staffNo) return no('staff.rule.requesterMismatch');
  if (request.kind === 'change-password') return request.staffNo === requester.staffNo && target ? OK : no('staff.rule.ownPasswordOnly');
  if (request.staffNo === requester.staffNo) return no('staff.rule.self');
  if (request.kind === 'create' ? target !== null : target === null) return no(request.kind === 'create' ? 'staff.duplicate' : 'staff.rule.unknownStaff', { staffNo: request.staffNo });
  if (request.kind === 'create' || request.kind === 'roles') {
    const set = checkRoleSet(request.roles ?? []);
    if (!set.ok) return set;
  }
  if (request.kind === 'enable' && target?.active) return no('staff.rule.alreadyActive');
  if (request.kind === 'disable' && target && !target.active) return no('staff.rule.alreadyDisabled');

  const hq = has(requester.roles, 'head-office');
  const involved = involvedRoles(request, target);
  const targetBranch = target?.branch ?? request.branch;
  // IT may lock an account at once (a lost badge, a leaver) but grants nothing and resets no password.
  if (request.kind === 'disable' && has(requester.roles, 'it-admin') && !has(involved, 'head-office')) return OK;
  if (hq) return OK;
  if (!has(requester.roles, 'branch-head')) return no('staff.rule.requesterRole');
  if (isPowerful(involved)) return no('staff.rule.powerfulByHeadOffice', { roles: involved.filter((r) => POWERFUL_ROLES.includes(r)).join(',') });
  if (targetBranch !== requester.branch || targetBranch === HEAD_OFFICE_BRANCH) return no('staff.rule.otherBranch');
  return OK;
}

/** The second person: someone else than the requester and the person concerned, with head office's authority. */
export function mayApprove(approver: Person, request: StaffRequestContent): Verdict {
  if (approver.staffNo === request.requestedBy) return no('staff.rule.secondPerson');
  if (approver.staffNo === request.staffNo) return no('staff.rule.self');
  if (!has(approver.roles, 'head-office')) return no('staff.rule.approverRole');
  return OK;
}
