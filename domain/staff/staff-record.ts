import type { Role } from './roles';

/** Staff of head office (approvers, IT, risk) may log in at any branch's devices; their record says `HQ`. */
export const HEAD_OFFICE_BRANCH = 'HQ';

/**
 * A staff member as head office signs it (`staff:<NO>`, type 'staff'). Devices believe nothing in it until the
 * signature checks out against the pinned head-office key; the signature itself travels beside it (`sig`).
 */
export interface StaffRecord {
  _id: string;
  type: 'staff';
  staffNo: string;
  name: string;
  roles: Role[];
  /** Branch code whose devices accept this record, or HEAD_OFFICE_BRANCH for every branch. */
  branch: string;
  active: boolean;
  /** scrypt, self-describing (trust/password.ts); set by head office only. */
  passwordHash: string;
  /** Set after a reset or for a new account: the next login may only change the password. */
  mustChangePassword: boolean;
  /** Grows by one with every signed change, so a device keeps the newest of several valid versions. */
  version: number;
  updatedAt: string;
  /** The staff request this version carries out (`staff-request:<id>`), or null for set-up by head office. */
  request: string | null;
}

export const staffDocId = (staffNo: string) => `staff:${staffNo.toUpperCase()}`;

export function validForBranch(record: Pick<StaffRecord, 'branch'>, branch: string): boolean {
  return record.branch === branch.toUpperCase() || record.branch === HEAD_OFFICE_BRANCH;
}
