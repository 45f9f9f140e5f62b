import type { StaffRecord } from '../../../domain/staff/staff-record';
import { verifyPassword } from '../../../trust/password';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import { isRefusal, type LoginThrottle, type Refusal } from './login-throttle';
import type { TrustedStaffReader } from './trusted-staff';

export interface AuthenticateDeps {
  staff: TrustedStaffReader;
  throttle: LoginThrottle;
  /** False on a device without a head-office trust root: nobody can be verified, and the message says why. */
  hasTrustRoot: boolean;
  log?: (level: 'warn', message: string, detail?: unknown) => void;
}

// A fixed hash to verify against when the staff number is unknown or untrusted, so every path costs the same.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Checks a staff member's password against the head-office-signed record, inside the login limits. Used by
 * login, by the second person of a maker-checker step, and by the queue device for counter PCs. Unknown staff,
 * disabled staff, unsigned records and wrong passwords all get the same answer after the same work.
 */
export async function authenticateStaff(deps: AuthenticateDeps, input: { staffNo: string; password: string; address: string }): Promise<StaffRecord> {
  if (!deps.hasTrustRoot) throw apiError('UNAVAILABLE', 'error.noTrustRoot');
  const staffNo = input.staffNo.trim().toUpperCase();
  // Read (cheap) before the limits are asked, so a password head office has since reset lifts the lock.
  const loaded = await deps.staff.load(staffNo);
  const record = loaded.status === 'trusted' && loaded.record.active ? loaded.record : null;
  const attempt = deps.throttle.begin(staffNo, input.address, record?.passwordHash ?? '');
  if (isRefusal(attempt)) throw refusalError(attempt);
  try {
    if (loaded.status === 'untrusted') deps.log?.('warn', `staff record ${staffNo} has no valid head-office signature; ignored`);
    const ok = await verifyPassword(input.password, record?.passwordHash ?? DUMMY_HASH);
    if (!ok || !record) {
      attempt.failed();
      throw apiError('UNAUTHENTICATED', 'error.badCredentials');
    }
    attempt.succeeded();
    return record;
  } finally {
    attempt.abandoned();
  }
}

/**
 * The acting person proves themselves again now, before a step that needs them (a staff request, a batch approval):
 * a wrong password is the form's `password` field error, not a log-out.
 */
export async function reauthenticate(deps: AuthenticateDeps, input: { staffNo: string; password: string; address: string }): Promise<StaffRecord> {
  try {
    return await authenticateStaff(deps, input);
  } catch (e) {
    const body = (e as { body?: { key?: string } }).body;
    if (body?.key === 'error.badCredentials') {
      throw apiError('VALIDATION', 'staff.ownPasswordWrong', {}, { fields: [{ path: 'password', key: 'staff.ownPasswordWrong', message: translate('staff.ownPasswordWrong') }] });
    }
    throw e;
  }
}

function refusalError(refusal: Refusal) {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  if (refusal.reason === 'locked') {
    return seconds >= 120
      ? apiError('TOO_MANY', 'error.loginLockedMinutes', { minutes: Math.ceil(seconds / 60) })
      : apiError('TOO_MANY', 'error.loginLocked', { seconds });
  }
  return apiError('TOO_MANY', refusal.reason === 'slow-down' ? 'error.loginSlowDown' : 'error.loginBusy', { seconds });
}
