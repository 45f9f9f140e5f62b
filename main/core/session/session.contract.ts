import { z } from 'zod';
import type { Permission, Role } from '../../../domain/staff/roles';
import { isAcceptablePassword } from '../../../domain/staff/password-policy';
import { method } from '../api/method';

export interface StaffView {
  staffNo: string;
  name: string;
  roles: Role[];
  branch: string;
  active: boolean;
}

export interface SessionView {
  token: string;
  staff: StaffView;
  permissions: Permission[];
  expiresAt: string;
  /** Head office set this password (a new account or a reset): until it is changed, only that is possible. */
  mustChangePassword: boolean;
}

export interface SystemInfo {
  app: 'jingwei-branch';
  version: string;
  branch: string;
  branchName: string;
  device: string;
  /** The branch's IANA time zone: screens show every time in it, whatever the PC is set to. */
  timeZone: string;
  /**
   * Whose signatures this device trusts for staff records: head office's pinned key, a demo key made on this
   * machine (the screens say so), or none (nobody can log in until IT provisions the trust root).
   */
  trustRoot: 'head-office' | 'demo' | 'none';
}

export const staffNoSchema = z.string().trim().regex(/^[A-Za-z0-9]{3,16}$/, 'staffNo');
export const passwordSchema = z.string().min(1).max(200);
/** New passwords: 8+ characters with a letter and a digit; head office applies the same rule again. */
export const newPasswordSchema = z.string().max(200).refine(isAcceptablePassword, 'password.weak');

export const sessionContract = {
  'system.info': method<SystemInfo>()(z.object({}), 'public'),
  'session.login': method<SessionView>()(z.object({ staffNo: staffNoSchema, password: passwordSchema }), 'public'),
  'session.logout': method<{ ok: true }>()(z.object({}), 'authenticated'),
  'session.me': method<SessionView>()(z.object({}), 'authenticated'),
};
