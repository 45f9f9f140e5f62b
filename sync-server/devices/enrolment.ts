import { randomBytes } from 'node:crypto';
import {
  DEVICE_USER, ENROLMENT_FIELD, enrolmentState, formatEnrolmentCode, REVOCATION_FIELD, REVOKED_ROLE,
  type EnrolmentMarker, type EnrolmentState,
} from '../../domain/devices/enrolment';
import type { CouchClient } from '../identity/couch';
import { branchRole } from '../couchdb/design-docs';
import { branchDbName } from '../validation/policy';
import { SERVER_VENDOR } from '../vendor';

/** Head office IT's device accounts, kept as CouchDB `_users` documents (server admin only, as CouchDB requires). */
export interface DeviceAdminDeps {
  couch: CouchClient;
  /** Who acts, recorded in the user document. */
  by: string;
  now: Date;
}

export class EnrolmentRefused extends Error {}

const USERS = '_users';
const userId = (name: string) => `org.couchdb.user:${name}`;
export const DEFAULT_ENROLMENT_HOURS = 24;

interface UserDoc {
  _id: string;
  _rev?: string;
  name: string;
  type: 'user';
  roles: string[];
  password?: string;
  [ENROLMENT_FIELD]?: EnrolmentMarker;
  [REVOCATION_FIELD]?: { at: string; by: string; branch: string | null };
  [k: string]: unknown;
}

/**
 * A one-time enrolment code for a device of a provisioned branch. The device user gets the branch's roles, but
 * head office grants it only "enrolling" until the device sets its own password with the code (single use), and
 * nothing after `hours`. Issuing again for the same name (a reinstalled PC) replaces its credentials: whatever
 * held the old ones is out.
 */
export async function issueEnrolment(deps: DeviceAdminDeps, input: { branchCode: string; deviceUser: string; hours?: number }): Promise<{ code: string; expiresAt: string }> {
  if (!DEVICE_USER.test(input.deviceUser)) throw new EnrolmentRefused('设备用户名应为 3–64 位小写字母、数字、. _ - (device user: 3–64 lowercase letters, digits, . _ -)');
  const hours = input.hours ?? DEFAULT_ENROLMENT_HOURS;
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new EnrolmentRefused('有效期应为 1–168 小时 (validity: 1–168 hours)');
  // Apache CouchDB knows nothing of the marker: there the code would be a full branch password that never expires,
  // and CouchDB 3 keeps `_users` admin-only, so the device could not even redeem it.
  if ((await deps.couch.welcome()).vendor?.name !== SERVER_VENDOR) {
    throw new EnrolmentRefused('注册码需要总行运行 jingwei server（Apache CouchDB 不执行注册码的有效期和“仅限注册”，也不许设备改写自己的用户文档）；在 CouchDB 上请用 jingwei couchdb-setup --device-user 为每台设备建立用户 (enrolment codes need jingwei server at head office)');
  }
  const db = branchDbName(input.branchCode);
  if (!(await deps.couch.allDbs()).includes(db)) throw new EnrolmentRefused(`总行没有支行库 ${db}，请先 jingwei couchdb-setup --branch (branch database ${db} not provisioned)`);
  const code = formatEnrolmentCode(input.deviceUser, new Uint8Array(randomBytes(24)));
  const expiresAt = new Date(deps.now.getTime() + hours * 3_600_000).toISOString();
  const current = await deps.couch.get<UserDoc>(USERS, userId(input.deviceUser));
  const doc: UserDoc = {
    _id: userId(input.deviceUser),
    ...(current?._rev ? { _rev: current._rev } : {}),
    name: input.deviceUser,
    type: 'user',
    roles: ['branch', branchRole(input.branchCode)],
    password: code.slice(code.lastIndexOf(':') + 1),
    [ENROLMENT_FIELD]: { issuedAt: deps.now.toISOString(), expiresAt, issuedBy: deps.by, branch: input.branchCode.toUpperCase() },
  };
  await deps.couch.put(USERS, doc);
  return { code, expiresAt };
}

/**
 * Revokes a device (lost or stolen): its user keeps name and password but holds only the revoked role, so every
 * database refuses it from the next request on, and the device, when it logs in again, learns why and wipes its
 * data instead of uploading.
 */
export async function revokeDevice(deps: DeviceAdminDeps, deviceUser: string): Promise<void> {
  const current = await deps.couch.get<UserDoc>(USERS, userId(deviceUser));
  if (!current) throw new EnrolmentRefused(`没有设备用户 ${deviceUser} (no such device user)`);
  if (enrolmentState(current, deps.now) === 'revoked') return;
  const { [ENROLMENT_FIELD]: pending, ...rest } = current;
  const branch = branchOfRoles(current.roles) ?? pending?.branch ?? null;
  const revokedDoc: UserDoc = { ...rest, roles: [REVOKED_ROLE], [REVOCATION_FIELD]: { at: deps.now.toISOString(), by: deps.by, branch } };
  await deps.couch.put(USERS, revokedDoc);
}

const branchOfRoles = (roles: string[]) => roles.find((r) => r.startsWith('branch-'))?.slice('branch-'.length).toUpperCase() ?? null;

export interface DeviceAccount {
  deviceUser: string;
  branch: string | null;
  state: EnrolmentState;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Every device user of the branches (head-office service users, which hold no branch role, are left out). */
export async function deviceAccounts(deps: Pick<DeviceAdminDeps, 'couch' | 'now'>): Promise<DeviceAccount[]> {
  const users = await deps.couch.prefixed<UserDoc>(USERS, 'org.couchdb.user:');
  return users.flatMap((u) => {
    const revoked = u[REVOCATION_FIELD] ?? null;
    const branchOf = branchOfRoles(u.roles) ?? u[ENROLMENT_FIELD]?.branch ?? revoked?.branch ?? null;
    if (!branchOf && !revoked) return [];
    return [{
      deviceUser: u.name, branch: branchOf, state: enrolmentState(u, deps.now),
      expiresAt: u[ENROLMENT_FIELD]?.expiresAt ?? null, revokedAt: revoked?.at ?? null,
    }];
  }).sort((a, b) => (a.branch ?? '').localeCompare(b.branch ?? '') || a.deviceUser.localeCompare(b.deviceUser));
}
