import type { StaffRecord } from '../../../domain/staff/staff-record';
import { verifyPassword } from '../../../trust/password';
import { apiError } from '../api/dispatch';
import { isRefusal, type LoginThrottle } from './login-throttle';
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
  const attempt = deps.throttle.begin(staffNo, input.address);
  if (isRefusal(attempt)) {
    const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
    throw attempt.reason === 'locked' || attempt.reason === 'slow-down'
      ? apiError('TOO_MANY', 'error.loginLocked', { seconds })
      : apiError('TOO_MANY', 'error.loginBusy', { seconds });
  }
  try {
    const loaded = await deps.staff.load(staffNo);
    if (loaded.status === 'untrusted') deps.log?.('warn', `staff record ${staffNo} has no valid head-office signature; ignored`);
    const record = loaded.status === 'trusted' && loaded.record.active ? loaded.record : null;
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
