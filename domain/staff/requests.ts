import type { Role } from './roles';

/**
 * What a branch may ask head office to do with a staff account. Devices cannot sign, so every change of a staff
 * record is a request that head office checks and signs (SECURITY.md §3).
 */
export const STAFF_REQUEST_KINDS = ['create', 'roles', 'disable', 'enable', 'reset-password', 'change-password'] as const;
export type StaffRequestKind = (typeof STAFF_REQUEST_KINDS)[number];

/** The part of a request every proof is bound to: changing any of it invalidates the sealed passwords. */
export interface StaffRequestContent {
  id: string;
  branch: string;
  kind: StaffRequestKind;
  staffNo: string;
  /** create: the new member's name. */
  name?: string;
  /** create and roles: the complete role set after the change. */
  roles?: Role[];
  requestedBy: string;
  requestedAt: string;
}

export function requestContent(r: StaffRequestContent): StaffRequestContent {
  const { id, branch, kind, staffNo, name, roles, requestedBy, requestedAt } = r;
  return { id, branch, kind, staffNo, ...(name !== undefined ? { name } : {}), ...(roles !== undefined ? { roles } : {}), requestedBy, requestedAt };
}

/** Only removing access or changing one's own password goes through without a second person. */
export function needsApproval(kind: StaffRequestKind): boolean {
  return kind !== 'disable' && kind !== 'change-password';
}

/** Kinds whose requester chooses a password head office will hash (a first or temporary password). */
export function carriesNewPassword(kind: StaffRequestKind): boolean {
  return kind === 'create' || kind === 'reset-password' || kind === 'change-password';
}

/** Where a request stands, as devices and head office both derive it. */
export type StaffRequestState = 'awaiting-approval' | 'awaiting-head-office' | 'done' | 'refused' | 'declined';
