import type { Role } from '../../../domain/staff/roles';
import { can } from '../../../domain/staff/roles';
import { apiError } from '../api/dispatch';
import { makeCounterPass, readCounterPass } from './counter-pass';
import { deviceKeyMatches } from './queue-device';
import type { CounterLogin } from './queue.contract';

/** A staff member as the queue device's own (head-office-verified) staff records describe them. */
export interface CounterStaff {
  staffNo: string;
  name: string;
  roles: Role[];
  branch: string;
}

export interface CounterAuthDeps {
  counterKey: string;
  passKey: Uint8Array;
  /** Checks a password as `session.login` does (same lock-out and rate limits, keyed on the caller's address); throws the login's refusal. */
  verifyPassword(staffNo: string, password: string, address: string): Promise<CounterStaff>;
  /** The staff member as stored now; null when unknown or no longer active. */
  currentStaff(staffNo: string): Promise<CounterStaff | null>;
  /** Opens a session limited to COUNTER_SESSION_METHODS. */
  openCounterSession(staff: CounterStaff): string;
}

export type CounterLoginArgs = { counterKey: string } & ({ staffNo: string; password: string } | { pass: string });

/**
 * `queue.counterLogin` on the queue device. The counter key says the caller is one of the branch's counter PCs;
 * it is not enough on its own: the teller proves herself with her password (or with the pass this device gave her
 * for it today). Only staff who may call tickets get a session, and it is a counter session.
 */
export async function counterLogin(deps: CounterAuthDeps, args: CounterLoginArgs, now: Date, address: string): Promise<CounterLogin> {
  if (!deviceKeyMatches(deps.counterKey, args.counterKey)) throw apiError('UNAUTHENTICATED', 'queue.error.counterKey');
  let proof: { staffNo: string; staff: CounterStaff | null; pass: string; expiresAt: Date };
  if ('pass' in args) {
    const claims = readCounterPass(deps.passKey, args.pass, now);
    if (!claims) throw apiError('UNAUTHENTICATED', 'queue.error.counterPass');
    // Re-read: a teller disabled since this morning loses the queue with her next renewal.
    proof = { staffNo: claims.staffNo, staff: await deps.currentStaff(claims.staffNo), pass: args.pass, expiresAt: new Date(claims.expiresAt) };
  } else {
    const staff = await deps.verifyPassword(args.staffNo.toUpperCase(), args.password, address);
    proof = { staffNo: staff.staffNo, staff, ...makeCounterPass(deps.passKey, staff.staffNo, now) };
  }
  const { staff } = proof;
  if (!staff || !can(staff.roles, 'queue.call')) throw apiError('FORBIDDEN', 'queue.error.counterStaff', { staffNo: proof.staffNo });
  return { token: deps.openCounterSession(staff), pass: proof.pass, expiresAt: proof.expiresAt.toISOString() };
}
