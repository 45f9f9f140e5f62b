import { z } from 'zod';
import type { Permission, Role } from '../../../domain/staff/roles';
import { ROLES } from '../../../domain/staff/roles';
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
}

export interface SystemInfo {
  app: 'jingwei-branch';
  version: string;
  branch: string;
  branchName: string;
  device: string;
  /** The branch's IANA time zone: screens show every time in it, whatever the PC is set to. */
  timeZone: string;
}

const staffNo = z.string().trim().regex(/^[A-Za-z0-9]{3,16}$/, 'staffNo');
const password = z.string().min(1).max(200);

export const sessionContract = {
  'system.info': method<SystemInfo>()(z.object({}), 'public'),
  'session.login': method<SessionView>()(z.object({ staffNo, password }), 'public'),
  'session.logout': method<{ ok: true }>()(z.object({}), 'authenticated'),
  'session.me': method<SessionView>()(z.object({}), 'authenticated'),
  'staff.list': method<StaffView[]>()(z.object({}), 'staff.manage'),
  'staff.create': method<StaffView>()(
    z.object({
      staffNo,
      name: z.string().trim().min(1).max(40),
      roles: z.array(z.enum(ROLES)).min(1),
      password: z.string().min(8).max(200),
    }),
    'staff.manage',
  ),
  'staff.changePassword': method<{ ok: true }>()(
    z.object({ oldPassword: password, newPassword: z.string().min(8).max(200) }),
    'authenticated',
  ),
};
