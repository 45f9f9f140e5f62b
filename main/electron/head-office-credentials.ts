import { EnrolmentFailed, HEAD_OFFICE_PASSWORD_SECRET, HEAD_OFFICE_USER_SECRET, redeemEnrolmentCode } from '../core/devices/enrolment';
import type { DeviceSecrets } from '../core/secrets/device-secrets';
import { HEAD_OFFICE_ENROLMENT_CODE } from './config-secrets';

export type HeadOfficeCredentials = { ok: true; username: string; password: string } | { ok: false; reason: 'missing' } | { ok: false; reason: 'enrolment'; detail: string };

/**
 * This device's head-office user and password. An enrolment code IT put in device-config.json (moved into the
 * device secrets like a password, config-secrets.ts) is redeemed first: the device makes its own password, kept
 * in the OS keystore, and the code is spent. A code that cannot be redeemed stays in the secrets for the next start
 * and the reason goes to IT's dialog.
 */
export async function headOfficeCredentials(
  headOffice: { url: string; user?: string },
  secrets: DeviceSecrets,
  /** device-config's deviceId: head office binds the device user to it at redemption. */
  deviceId: string,
  redeem: typeof redeemEnrolmentCode = redeemEnrolmentCode,
): Promise<HeadOfficeCredentials> {
  const code = secrets.secret(HEAD_OFFICE_ENROLMENT_CODE);
  if (code) {
    try {
      await redeem({ url: headOffice.url, code, secrets, deviceId: () => deviceId });
      secrets.deleteSecret(HEAD_OFFICE_ENROLMENT_CODE);
    } catch (e) {
      if (!(e instanceof EnrolmentFailed)) throw e;
      return { ok: false, reason: 'enrolment', detail: e.message };
    }
  }
  const username = secrets.secret(HEAD_OFFICE_USER_SECRET) ?? headOffice.user;
  const password = secrets.secret(HEAD_OFFICE_PASSWORD_SECRET);
  return username && password ? { ok: true, username, password } : { ok: false, reason: 'missing' };
}
