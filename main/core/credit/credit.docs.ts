import type { InvestigationStatement } from '../../../domain/video/investigation-statement';
import type { ProductCode } from '../../../domain/credit/products';
import type { RenewalResult } from '../../../domain/credit/rules';
import type { Instalment, RepaymentMethod } from '../../../domain/credit/schedule';
import type { ApplicationFields } from './credit.contract';

/** A loan application as stored in the branch database (`loanapp:<ulid>`), synced like every document. */
export interface ApplicationDoc extends ApplicationFields {
  _id: string;
  _rev?: string;
  type: 'loanapp';
  branch: string;
}

/** A disbursed loan (`loan:<ulid>`), with the repayment plan agreed in the contract. */
export interface LoanDoc {
  _id: string;
  _rev?: string;
  type: 'loan';
  branch: string;
  applicationId: string;
  customerId: string;
  customerName: string;
  productCode: ProductCode;
  principalFen: number;
  balanceFen: number;
  rateBp: number;
  termMonths: number;
  method: RepaymentMethod;
  startDate: string;
  maturityDate: string;
  status: 'active' | 'renewed' | 'closed';
  renewalsSoFar: number;
  contractNo: string;
  instalments: Instalment[];
  /** Post-loan facts the early-warning and renewal models read; kept by the post-loan area, zero until then. */
  overdueDays: number;
  historyMaxOverdueDays: number;
  historyOverdueTimes: number;
  /** coreAccount: the core-banking loan whose published state the model read (core-banking-loan.ts); null: the branch's own figures. */
  lastRenewalCheck: (RenewalResult & { at: string; by: string; coreAccount?: string | null }) | null;
  renewedBy: string | null;
  disbursedAt: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A face-to-face recording (`loan-recording:<ulid>`): evidence of a signing, written once by the desk that recorded it
 * and never changed (append-only on the sync server). The video travels as an attachment, so the sync client carries it
 * in its attachments pass, after the records and without holding them up.
 */
export interface RecordingDoc {
  _id: string;
  _rev?: string;
  type: 'loan-recording';
  branch: string;
  applicationId: string;
  digest: string;
  bytes: number;
  durationMs: number;
  contentType: 'video/webm';
  /** SHA-256 of `face.jpg`, the face snapshot of a 视频面签's identity step (absent for a desk recording). */
  faceSnapshotDigest?: string;
  createdAt: string;
  createdBy: string;
  device: string;
  _attachments?: Record<string, { content_type: string; data?: string; stub?: boolean }>;
}

/**
 * 视频防伪调查 kept on the application (`loan-investigation:<ulid>`): head office's signed statement of the snapshots
 * (its times, the phone's places, each picture's digest) with the JPEGs attached (`<n>.jpg`). Written once when the
 * desk brings the snapshots back, never changed (append-only on the sync server); a later save is a newer record.
 */
export interface InvestigationRecordDoc {
  _id: string;
  _rev?: string;
  type: 'loan-investigation';
  branch: string;
  applicationId: string;
  statement: InvestigationStatement;
  createdAt: string;
  createdBy: string;
  createdByName: string;
  device: string;
  _attachments?: Record<string, { content_type: string; data?: string; stub?: boolean }>;
}
