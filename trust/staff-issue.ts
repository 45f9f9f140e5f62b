import type { Role } from '../domain/staff/roles';
import { staffDocId, type StaffRecord } from '../domain/staff/staff-record';
import { hashPassword } from './password';
import { signDoc, type Signature, type SigningKey } from './signature';

export type SignedStaffDoc = StaffRecord & { _rev?: string; sig: Signature };

/** Signs a staff record as head office; the caller writes it where devices replicate it from. */
export function signStaff(record: StaffRecord, signer: SigningKey): SignedStaffDoc {
  return signDoc({ ...record } as StaffRecord & Record<string, unknown>, signer) as SignedStaffDoc;
}

/**
 * A whole new record with a freshly hashed password: head office's set-up of a branch's first staff, the demo
 * and tests. Everything else goes through a staff request (sync-server/identity/).
 */
export async function issueStaff(
  signer: SigningKey,
  input: { staffNo: string; name: string; roles: Role[]; branch: string; password: string; active?: boolean; mustChangePassword?: boolean; version?: number },
  at: Date = new Date(),
): Promise<SignedStaffDoc> {
  const staffNo = input.staffNo.toUpperCase();
  return signStaff({
    _id: staffDocId(staffNo), type: 'staff', staffNo, name: input.name, roles: input.roles, branch: input.branch.toUpperCase(), active: input.active ?? true,
    passwordHash: await hashPassword(input.password), mustChangePassword: input.mustChangePassword ?? false,
    version: input.version ?? 1, updatedAt: at.toISOString(), request: null,
  }, signer);
}
