import { z } from 'zod';
import { type StaffRequestKind, type StaffRequestState } from '../../../domain/staff/requests';
import { ROLES, type Role } from '../../../domain/staff/roles';
import { method } from '../api/method';
import { newPasswordSchema, passwordSchema, staffNoSchema, type StaffView } from '../session/session.contract';

export interface StaffListView {
  staff: (StaffView & { mustChangePassword: boolean; version: number; updatedAt: string })[];
  /** Staff numbers whose records fail head office's signature: nobody can log in with them; IT should look. */
  untrusted: string[];
}

export interface StaffRequestView {
  id: string;
  rev: string;
  kind: StaffRequestKind;
  staffNo: string;
  staffName: string;
  roles: Role[] | null;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  approvals: { staffNo: string; name: string; at: string }[];
  state: StaffRequestState;
  declined: { staffNo: string; name: string; at: string; reason: string } | null;
  decision: { outcome: 'done' | 'refused'; reason: string | null; decidedAt: string } | null;
}

const ownPassword = passwordSchema.describe('password');

export const staffContract = {
  'staff.list': method<StaffListView>()(z.object({}), 'staff.read'),
  'staff.requests': method<StaffRequestView[]>()(z.object({ open: z.boolean().default(false) }), 'staff.read'),
  /** The caller's own password requests (the forced-change screen shows whether head office has signed it yet). */
  'staff.myRequests': method<StaffRequestView[]>()(z.object({}), 'authenticated'),
  /**
   * Asks head office for a staff change. `password` is the requester's own, typed again now: it is sealed to head
   * office as the proof that this person asked. `newPassword` is the first or temporary password of create and
   * reset-password (forced change at first login).
   */
  'staff.request': method<StaffRequestView>()(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('create'), staffNo: staffNoSchema, name: z.string().trim().min(1).max(40), roles: z.array(z.enum(ROLES)).min(1).max(6), newPassword: newPasswordSchema, password: ownPassword }),
      z.object({ kind: z.literal('roles'), staffNo: staffNoSchema, roles: z.array(z.enum(ROLES)).min(1).max(6), password: ownPassword }),
      z.object({ kind: z.literal('reset-password'), staffNo: staffNoSchema, newPassword: newPasswordSchema, password: ownPassword }),
      z.object({ kind: z.enum(['disable', 'enable']), staffNo: staffNoSchema, password: ownPassword }),
    ]),
    'staff.request',
  ),
  /** The second person: re-enters their own password, which is sealed to head office as their approval. */
  'staff.approve': method<StaffRequestView>()(z.object({ id: z.string().startsWith('staff-request:'), rev: z.string(), password: ownPassword }), 'staff.approve'),
  'staff.decline': method<StaffRequestView>()(z.object({ id: z.string().startsWith('staff-request:'), rev: z.string(), reason: z.string().trim().min(1).max(200) }), 'staff.approve'),
  /** Sends a new password to head office, sealed; it takes effect when head office's signed record arrives. */
  'staff.changePassword': method<{ ok: true; requestId: string }>()(
    z.object({ oldPassword: passwordSchema, newPassword: newPasswordSchema }).refine((v) => v.oldPassword !== v.newPassword, { path: ['newPassword'], message: 'same' }),
    'authenticated',
  ),
};

