import type { StaffRequestContent } from '../../../domain/staff/requests';
import type { SealedBox } from '../../../trust/seal';
import type { Signature } from '../../../trust/signature';

/** One person's part in a request: who, in which capacity, when, and their password sealed to head office. */
export interface StaffProof {
  staffNo: string;
  name: string;
  as: 'requester' | 'approver';
  at: string;
  box: SealedBox;
}

/**
 * `staff-request:<ulid>`, written by a branch device. It grants nothing by itself: head office acts on it only
 * when the sealed proofs open to the right passwords and the rules of domain/staff/grants.ts hold.
 */
export interface StaffRequestDoc extends Omit<StaffRequestContent, 'id'> {
  _id: string;
  _rev?: string;
  type: 'staff-request';
  requestedByName: string;
  /** For the screens: the name of the person concerned when the request was made. */
  staffName: string;
  proofs: StaffProof[];
  declined: { staffNo: string; name: string; at: string; reason: string } | null;
}

/** `staff-decision:<ulid of the request>`, head office's signed answer. */
export interface StaffDecisionDoc {
  _id: string;
  _rev?: string;
  type: 'staff-decision';
  request: string;
  branch: string;
  staffNo: string;
  outcome: 'done' | 'refused';
  /** i18n key and parameters of the reason for a refusal. */
  reasonKey: string | null;
  reasonParams: Record<string, string>;
  /** The staff record's version that carried the request out. */
  version: number | null;
  decidedAt: string;
  sig: Signature;
}

export const requestIdOf = (ulid: string) => `staff-request:${ulid}`;
export const decisionIdFor = (requestId: string) => `staff-decision:${requestId.slice('staff-request:'.length)}`;
export const contentOf = (doc: StaffRequestDoc): StaffRequestContent => ({ ...doc, id: doc._id });
