import { randomBytes } from 'node:crypto';
import { DEVICE_FIELD, ENROLMENT_FIELD, parseEnrolmentCode, REVOKED_ROLE } from '../../../domain/devices/enrolment';
import { credentialUrlProblem } from '../../../domain/net/secure-remote';
import type { DeviceSecrets } from '../secrets/device-secrets';
import type { RemoteConfig } from '../sync/remote';

/** Where a device keeps the credentials it made for itself at enrolment (the Electron shell uses the same names). */
export const HEAD_OFFICE_USER_SECRET = 'head-office.user';
export const HEAD_OFFICE_PASSWORD_SECRET = 'head-office.password';

export class EnrolmentFailed extends Error {
  constructor(readonly messageZh: string, message: string) {
    super(`${messageZh} ${message}`);
    this.name = 'EnrolmentFailed';
  }
}

export interface Enrolled {
  deviceUser: string;
  branchCode: string;
}

/**
 * Turns IT's one-time enrolment code into this device's own credentials: logs in with the code, sets a password
 * nobody else ever sees (32 random bytes) on its own `_users` document, removing the enrolment marker in the same
 * write — after which the code is worth nothing — and keeps user and password in the device secrets (OS keystore
 * under Electron, a 0600 key file otherwise). Works against `jingwei server` and Apache CouchDB alike.
 */
/**
 * `deviceId(branchCode)` is this device's id (device-config's, or the data folder's): head office binds the device
 * user to it, so these credentials write reports and audit entries under that id only.
 */
export async function redeemEnrolmentCode(opts: { url: string; code: string; secrets: DeviceSecrets; deviceId: (branchCode: string) => string; fetch?: typeof fetch }): Promise<Enrolled> {
  const parsed = parseEnrolmentCode(opts.code);
  if (!parsed) throw new EnrolmentFailed('注册码格式不对，应为“设备用户:XXXX-XXXX-XXXX-XXXX-XXXX-XXXX”。', 'Not an enrolment code.');
  const problem = credentialUrlProblem(opts.url);
  if (problem) throw new EnrolmentFailed('总行地址须为 https。', problem);
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url.endsWith('/') ? opts.url : `${opts.url}/`;
  const docUrl = new URL(`_users/${encodeURIComponent(`org.couchdb.user:${parsed.deviceUser}`)}`, base);
  const auth = (password: string) => `Basic ${Buffer.from(`${parsed.deviceUser}:${password}`).toString('base64')}`;
  const call = async (method: string, body?: unknown) => {
    try {
      return await doFetch(docUrl, {
        method,
        headers: { authorization: auth(parsed.secret), accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new EnrolmentFailed('无法连接总行服务器。', (e as Error).message);
    }
  };
  const got = await call('GET');
  if (got.status === 401) throw new EnrolmentFailed('注册码无效、已使用或已过期，请向科技部重新申请。', 'The code is wrong, used or expired.');
  if (!got.ok) throw new EnrolmentFailed(`总行拒绝了注册（${got.status}）。`, `GET own user → ${got.status}`);
  const doc = (await got.json()) as { roles?: string[]; [k: string]: unknown };
  const roles = doc.roles ?? [];
  if (roles.includes(REVOKED_ROLE)) throw new EnrolmentFailed('本设备已被科技部停用。', 'This device was revoked.');
  const branchRole = roles.find((r) => /^branch-[a-z0-9]+$/.test(r));
  if (!branchRole) throw new EnrolmentFailed('该设备用户不属于任何支行。', 'The device user has no branch.');
  const branchCode = branchRole.slice('branch-'.length).toUpperCase();
  const device = opts.deviceId(branchCode);
  const password = randomBytes(32).toString('base64url');
  // Kept before head office learns it: a crash after the write must not leave the device without its password.
  opts.secrets.setSecret(HEAD_OFFICE_USER_SECRET, parsed.deviceUser);
  opts.secrets.setSecret(HEAD_OFFICE_PASSWORD_SECRET, password);
  const { [ENROLMENT_FIELD]: _marker, ...rest } = doc;
  const put = await call('PUT', { ...rest, password, [DEVICE_FIELD]: device });
  if (!put.ok) {
    opts.secrets.deleteSecret(HEAD_OFFICE_USER_SECRET);
    opts.secrets.deleteSecret(HEAD_OFFICE_PASSWORD_SECRET);
    if (put.status === 401) throw new EnrolmentFailed('注册码无效、已使用或已过期，请向科技部重新申请。', 'The code is wrong, used or expired.');
    throw new EnrolmentFailed(`总行拒绝了注册（${put.status}）。`, `PUT own user → ${put.status}`);
  }
  return { deviceUser: parsed.deviceUser, branchCode };
}

/** Head office as configured, with this device's enrolled credentials when the configuration names none. */
export function withEnrolledCredentials(remote: RemoteConfig, secrets: DeviceSecrets): RemoteConfig {
  if (remote.username || new URL(remote.url).username) return remote;
  const username = secrets.secret(HEAD_OFFICE_USER_SECRET);
  const password = secrets.secret(HEAD_OFFICE_PASSWORD_SECRET);
  return username && password ? { ...remote, username, password } : remote;
}
