import type { z } from 'zod';
import { mayApprove, mayRequest, type Person } from '../../domain/staff/grants';
import { isAcceptablePassword } from '../../domain/staff/password-policy';
import { carriesNewPassword, needsApproval, type StaffRequestContent } from '../../domain/staff/requests';
import { staffDocId, validForBranch, type StaffRecord } from '../../domain/staff/staff-record';
import type { HeadOfficeKeys } from '../../trust/head-office-keys';
import { hashPassword, verifyPassword } from '../../trust/password';
import { openProof, type ProofPayload } from '../../trust/staff-proof';
import type { staffRequestDoc } from '../validation/types/staff';

export type StaffRequestDoc = z.infer<typeof staffRequestDoc>;

/** What head office does with a request now: wait for the second person, refuse (with a reason), or apply a record. */
export type Outcome =
  | { kind: 'pending' }
  | { kind: 'refused'; key: string; params?: Record<string, string> }
  | { kind: 'apply'; record: StaffRecord };

/** Proofs older than this are not accepted: a sealed password lying around in a branch database loses its use. */
export const PROOF_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface DecideInput {
  request: StaffRequestDoc;
  /** Branch code of the database the request was found in; a request naming another branch is refused. */
  branch: string;
  keys: HeadOfficeKeys;
  now: Date;
  /** Head office's current, signature-checked record of a staff member in this branch's database. */
  record(staffNo: string): StaffRecord | null;
  /** Counts wrong passwords per staff member; true when too many were seen lately (no more checks then). */
  guard: { blocked(staffNo: string): boolean; failed(staffNo: string): void };
}

const refuse = (key: string, params?: Record<string, string>): Outcome => ({ kind: 'refused', key, params });
const personOf = (r: StaffRecord): Person => ({ staffNo: r.staffNo, roles: r.roles, branch: r.branch });

/**
 * Opens one person's proof and checks it: sealed to head office for exactly this request, recent, by an active
 * member whose password it carries. A device credential can copy boxes but not make one for a password it lacks.
 */
async function proven(input: DecideInput, content: StaffRequestContent, as: 'requester' | 'approver', staffNo: string): Promise<{ record: StaffRecord; payload: ProofPayload } | Outcome> {
  const failKey = as === 'requester' ? 'staff.refused.requesterProof' : 'staff.refused.approverProof';
  if (input.guard.blocked(staffNo)) return refuse('staff.refused.tooManyFailures', { staffNo });
  const box = input.request.proofs.find((p) => p.as === as && p.staffNo === staffNo)?.box;
  const payload = box ? openProof(input.keys, box, content, staffNo) : null;
  const record = input.record(staffNo);
  if (!payload || !record || !record.active || !validForBranch(record, input.branch)) return refuse(failKey, { staffNo });
  const age = input.now.getTime() - Date.parse(payload.at);
  if (!(age >= -5 * 60_000 && age <= PROOF_MAX_AGE_MS)) return refuse('staff.refused.stale', { staffNo });
  if (!(await verifyPassword(payload.password, record.passwordHash))) {
    input.guard.failed(staffNo);
    return refuse(failKey, { staffNo });
  }
  return { record, payload };
}

const isOutcome = (x: unknown): x is Outcome => typeof x === 'object' && x !== null && 'kind' in x;

export async function decide(input: DecideInput): Promise<Outcome> {
  const r = input.request;
  if (r.branch !== input.branch) return refuse('staff.refused.otherBranch');
  if (r.declined) return refuse('staff.refused.declined', { by: r.declined.name, reason: r.declined.reason });
  const content: StaffRequestContent = {
    id: r._id, branch: r.branch, kind: r.kind, staffNo: r.staffNo, ...(r.name !== undefined ? { name: r.name } : {}),
    ...(r.roles !== undefined ? { roles: r.roles } : {}), requestedBy: r.requestedBy, requestedAt: r.requestedAt,
  };
  const target = input.record(r.staffNo);
  // A request already carried out (head office stopped between the record and its decision) is not applied twice.
  if (target?.request === r._id) return { kind: 'apply', record: target };

  const requester = await proven(input, content, 'requester', r.requestedBy);
  if (isOutcome(requester)) return requester;
  const allowed = mayRequest(personOf(requester.record), content, target);
  if (!allowed.ok) return refuse(allowed.key, allowed.params);

  if (needsApproval(r.kind)) {
    const approverNo = r.proofs.find((p) => p.as === 'approver')?.staffNo;
    if (!approverNo) return Date.parse(r.requestedAt) + PROOF_MAX_AGE_MS < input.now.getTime() ? refuse('staff.refused.expired') : { kind: 'pending' };
    const approver = await proven(input, content, 'approver', approverNo);
    if (isOutcome(approver)) return approver;
    const approved = mayApprove(personOf(approver.record), content);
    if (!approved.ok) return refuse(approved.key, approved.params);
  }

  let passwordHash = target?.passwordHash ?? '';
  if (carriesNewPassword(r.kind)) {
    const pw = requester.payload.newPassword;
    if (!pw || !isAcceptablePassword(pw)) return refuse('staff.refused.weakPassword');
    passwordHash = await hashPassword(pw);
  }
  const at = input.now.toISOString();
  const base: StaffRecord = target ?? {
    _id: staffDocId(r.staffNo), type: 'staff', staffNo: r.staffNo, name: r.name ?? r.staffNo, roles: r.roles ?? [], branch: r.branch,
    active: true, passwordHash, mustChangePassword: true, version: 0, updatedAt: at, request: null,
  };
  const changes: Partial<StaffRecord> = {
    create: { mustChangePassword: true },
    roles: { roles: r.roles ?? base.roles },
    disable: { active: false },
    enable: { active: true },
    'reset-password': { passwordHash, mustChangePassword: true },
    'change-password': { passwordHash, mustChangePassword: false },
  }[r.kind];
  return { kind: 'apply', record: { ...base, ...changes, version: base.version + 1, updatedAt: at, request: r._id } };
}
