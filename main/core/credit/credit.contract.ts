import { z } from 'zod';
import { DATA_ITEMS, PRODUCT_CODES, type DataItem, type MissingItem, type ProductCode } from '../../../domain/credit/products';
import { REPAYMENT_METHODS, type Instalment, type RepaymentMethod, type ScheduleTotals } from '../../../domain/credit/schedule';
import { applicantFactsSchema, ruleSetSchema, type ApplicantFacts, type Decision, type DryRunResult, type Reason, type RuleSet } from '../../../domain/credit/rules';
import type { CreditDashboard } from '../../../domain/credit/metrics';
import type { FlowAnalysis } from '../../../domain/credit/merchant-flows';
import type { OwnershipMethod } from '../../../domain/credit/ownership';
import { partnerCodeSchema } from '../../../domain/value/partners';
import { method } from '../api/method';
import { passwordSchema, staffNoSchema } from '../session/session.contract';
import type { LoanDoc } from './credit.docs';
import type { Snapshot } from '../../../domain/video/investigation-statement';
import type { TabletSignature } from '../../../domain/video/tablet-signature';
import type { FactSource } from '../../../domain/credit/bank-facts';
import type { AuditIntegrity } from '../audit/verify';

export const APPLICATION_STATES = ['draft', 'referred', 'approved', 'rejected', 'contracted', 'face-signed', 'e-signed', 'disbursed'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const STEP_NAMES = ['created', 'submitted', 'decided', 'investigated', 'contracted', 'face-signed', 'e-signed', 'disbursed'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepRecord {
  step: StepName;
  at: string;
  by: string;
  byName: string;
  device: string;
  /** Since the previous step: the bank's promise is 10–20 minutes for the whole loan. */
  elapsedMs: number;
}

export interface Investigation {
  findings: string;
  outcome: 'approve' | 'reject';
  /** The limit the branch head grants (may be lower than the model's). */
  limitFen: number;
  by: string;
  byName: string;
  at: string;
}

export interface LoanContract {
  no: string;
  principalFen: number;
  rateBp: number;
  lprBp: number;
  spreadBp: number;
  termMonths: number;
  method: RepaymentMethod;
  startDate: string;
  maturityDate: string;
  /** Empty for 随借随还: interest accrues on the daily balance, there is no fixed plan. */
  instalments: Instalment[];
  totals: ScheduleTotals | null;
  /** SHA-256 of the contract terms; the e-signature is bound to it. */
  digest: string;
  generatedAt: string;
  generatedBy: string;
}

export interface FaceSignRecord {
  /**
   * on-site: the customer signed in front of the manager, nothing recorded; recorded: 录像面签 — the desk recorded the
   * session itself (MediaRecorder), e.g. when head office's media server cannot be reached (offline face-to-face), or
   * the desk recorded the 视频面签 session and head office kept it (loans.videoComplete).
   */
  mode: 'on-site' | 'recorded';
  note: string;
  at: string;
  by: string;
  byName: string;
  recording?: RecordingRef;
}

/** A face-to-face recording kept as evidence: its own synced document (`loan-recording:<ulid>`) with the video attached. */
export interface RecordingRef {
  id: string;
  /** SHA-256 of the file as recorded at the desk; the same figure is in the audit entry of the signing. */
  digest: string;
  bytes: number;
  durationMs: number;
  contentType: 'video/webm';
  /** The customer's face as the phone's camera took it when the ID card passed (a 视频面签; `face.jpg` on the same document). */
  faceSnapshot?: { digest: string; bytes: number };
}

/** Largest recording the desk sends in one call (base64 inside the host API's 25 MB body): ~6 min at the desk's bitrate. */
export const MAX_RECORDING_BYTES = 18 * 1024 * 1024;
export const sha256Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex>');

/** What the desk sends with a recorded face-to-face signing. */
export const recordingUpload = z.object({
  dataBase64: z.string().min(1).max(Math.ceil(MAX_RECORDING_BYTES / 3) * 4),
  digest: sha256Digest,
  durationMs: z.number().int().min(1).max(3 * 3600_000),
  contentType: z.literal('video/webm'),
  /** The face snapshot of the identity step (JPEG, at most 1 MB), kept with the recording. */
  faceSnapshot: z.object({ dataBase64: z.string().min(100).max(1_400_000), digest: sha256Digest }).optional(),
});

/** A video-signing room opened at head office: one-time links, valid until expiresAt. */
export interface VideoRoomView {
  customerUrl: string;
  managerUrl: string;
  expiresAt: string;
  /** The customer's link as a QR code (SVG) for the phone to scan at the desk. */
  qrSvg: string;
}

export interface ESignRecord {
  signer: string;
  contractDigest: string;
  at: string;
  by: string;
  /** Signed by the customer on the phone in a 视频面签 (head office's receipt); absent for the on-site staff click. */
  video?: VideoSignatureReceipt;
  /** Drawn by the customer on the branch's tablet after an offline recorded face-to-face (录像面签). */
  tablet?: TabletSignature;
}

/** 视频防伪调查 kept on an application: head office's statement of the snapshots and the pictures, checked. */
export interface InvestigationEvidenceView {
  recordId: string;
  savedAt: string;
  savedBy: string;
  savedByName: string;
  /** Head office's signature over the statement holds and every picture is the one it names. */
  verified: boolean;
  /** The product's checklist with how many snapshots show each item (0: not shown yet). */
  checklist: { code: string; label: string; snapshots: number }[];
  snapshots: (Snapshot & { label: string; dataBase64: string; intact: boolean })[];
}

/** Head office's receipt of the customer's own signature in a video session (sync-server/media/signing.ts). */
export const videoSignatureReceipt = z.object({
  type: z.literal('video-signature'),
  applicationId: z.string().min(1).max(80),
  roomId: z.string().min(1).max(120),
  contractDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  recordingDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/).nullable(),
  signatureDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  /** The scripted session before the signature (sync-server/media/session-script.ts), with head office's times. */
  session: z.object({
    identityCheckedAt: z.iso.datetime(),
    /** The face snapshot taken with the ID photo that passed (absent in receipts made before it was kept). */
    faceSnapshotDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/).optional(),
    confirmations: z.array(z.object({ step: z.string().max(40), text: z.string().max(300), at: z.iso.datetime() })).max(12),
  }),
  /** The product rule set whose risk notice the customer confirmed. */
  ruleSet: z.object({ product: z.enum(PRODUCT_CODES), version: z.number().int().min(1), digest: z.string().regex(/^sha256:[0-9a-f]{64}$/) }),
  sig: z.object({ alg: z.literal('ed25519'), keyId: z.string().max(64), value: z.string().max(200) }),
});
export type VideoSignatureReceipt = z.infer<typeof videoSignatureReceipt>;

export interface DisbursementRecord {
  loanId: string;
  amountFen: number;
  accountNo: string;
  at: string;
  /** The maker: who entered the disbursement. */
  by: string;
  /** The checker (授权人): the second person who authorised it with their password at that moment. */
  checkedBy: string;
  checkedByName: string;
}

export interface FlowsSummary {
  fileName: string;
  importedAt: string;
  rows: number;
  errors: { line: number; messageZh: string }[];
  analysis: FlowAnalysis;
}

export interface OwnershipSummary {
  method: OwnershipMethod;
  beneficialOwners: string[];
  actualController: string | null;
  relatedCompanies: number;
  hasCycle: boolean;
  computedAt: string;
}

/** What a loan application holds, stored (`ApplicationDoc`) and shown (`ApplicationView`) alike. */
export interface ApplicationFields {
  customerId: string;
  customerName: string;
  customerKind: 'individual' | 'enterprise';
  productCode: ProductCode;
  state: ApplicationState;
  requestedAmountFen: number;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  collectedData: DataItem[];
  facts: ApplicantFacts;
  decision: Decision | null;
  decidedAt: string | null;
  lprVersion: number | null;
  investigation: Investigation | null;
  contract: LoanContract | null;
  faceSign: FaceSignRecord | null;
  eSign: ESignRecord | null;
  disbursement: DisbursementRecord | null;
  /** The loan this application renews (续贷). */
  renewalOf: string | null;
  /** 精微易享: the referral code of the partner who brought the application (a code of this branch), if any. */
  partnerCode?: string | null;
  flows: FlowsSummary | null;
  ownership: OwnershipSummary | null;
  /**
   * Facts the bank's feeds hold (deposits, this bank's overdue record): the typed figure, head office's, and the one
   * the models were given (domain/credit/bank-facts.ts). Recomputed with the other derived facts; the decision used
   * those at submission. Absent on applications saved before.
   */
  factSources?: FactSource[];
  steps: StepRecord[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ApplicationView extends ApplicationFields {
  id: string;
  rev: string;
  /** Required data not yet collected; submission is refused while non-empty. */
  missing: MissingItem[];
  /** First step to last: what the customer waited. */
  totalElapsedMs: number;
  conflicts: string[];
}

export interface ApplicationRow {
  id: string;
  customerId: string;
  customerName: string;
  productCode: ProductCode;
  state: ApplicationState;
  outcome: Decision['outcome'] | null;
  requestedAmountFen: number;
  limitFen: number | null;
  rateBp: number | null;
  createdAt: string;
  createdBy: string;
  submittedAt: string | null;
  decidedAt: string | null;
  updatedAt: string;
}

/** A loan as screens see it: the stored document without its envelope and the post-loan bookkeeping. */
export type LoanView = Omit<
  LoanDoc,
  '_id' | '_rev' | 'type' | 'branch' | 'overdueDays' | 'historyMaxOverdueDays' | 'historyOverdueTimes' | 'createdAt' | 'updatedAt' | 'updatedBy'
> & { id: string; rev: string };

export interface LoanRow {
  id: string;
  applicationId: string;
  customerId: string;
  customerName: string;
  productCode: ProductCode;
  principalFen: number;
  rateBp: number;
  status: LoanView['status'];
  startDate: string;
  maturityDate: string;
}

export interface ReplayView {
  identical: boolean;
  inputsIntact: boolean;
  ruleSetMatches: boolean;
  ruleSetVersion: number;
  stored: { outcome: Decision['outcome']; limitFen: number; rateBp: number };
  replayed: { outcome: Decision['outcome']; limitFen: number; rateBp: number; reasons: Reason[] };
}

export interface DashboardView {
  metrics: CreditDashboard;
  /** Created → disbursed, averaged over disbursed applications. */
  endToEndMs: number | null;
  endToEndCount: number;
  byProduct: { productCode: ProductCode; approve: number; refer: number; reject: number; pending: number }[];
  byDay: { day: string; applications: number; rejected: number }[];
  averageStepMs: { step: StepName; ms: number; count: number }[];
}

export interface OwnershipView {
  customerId: string;
  method: OwnershipMethod;
  methodName: string;
  thresholdPct: string;
  nodes: { id: string; name: string; kind: 'person' | 'company'; isTarget: boolean; isBeneficialOwner: boolean }[];
  edges: { from: string; to: string; sharePct: string }[];
  owners: { personId: string; name: string; sharePct: string; shareExact: string; isBeneficialOwner: boolean; paths: { names: string[]; sharePct: string }[]; viaCyclesPct: string | null }[];
  actualController: { name: string; basis: 'majority-control' | 'relative-control' | 'designated' } | null;
  relatedCompanies: { name: string; reason: 'same-controller' | 'beneficial-owner-stake' }[];
  hasCycle: boolean;
  /** People whose beneficial-owner status depends on the method. */
  disagreements: { name: string; integratedPct: string; simplePathsPct: string }[];
  explanation: string[];
  /** Shareholding companies whose own shareholders the branch does not have (penetration stops there). */
  opaqueCompanies: string[];
}

export interface RuleSetSummary {
  product: ProductCode;
  version: number;
  digest: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
  notes: string | null;
}

/** A head-office risk officer's saved, not yet published, edit of a product's rules. */
export interface RuleDraftFields {
  product: ProductCode;
  /** The published version the draft was edited from. */
  baseVersion: number;
  ruleSet: RuleSet;
  notes: string;
  savedAt: string;
  savedBy: string;
  savedByName: string;
}

export interface RuleDraftView extends RuleDraftFields {
  rev: string;
}

export interface RulesOverview {
  product: ProductCode;
  current: RuleSetSummary;
  draft: Omit<RuleDraftView, 'ruleSet'> | null;
}

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}:[0-9A-Z]{26}$`), `${prefix} id`);
export const applicationId = id('loanapp');
const loanId = id('loan');
const customerId = id('customer');
const rev = z.string().min(3).max(80);
const fen = z.number().int().min(0).max(100_000_000_000);

export const applicationPatch = z
  .object({
    requestedAmountFen: fen.min(1).optional(),
    termMonths: z.number().int().min(1).max(360).optional(),
    repaymentMethod: z.enum(REPAYMENT_METHODS).optional(),
    collectedData: z.array(z.enum(DATA_ITEMS)).max(DATA_ITEMS.length).optional(),
    facts: applicantFactsSchema.optional(),
  })
  .strict();
export type ApplicationPatch = z.infer<typeof applicationPatch>;

export const creditContract = {
  'loans.createDraft': method<ApplicationView>()(
    z.object({ customerId, productCode: z.enum(PRODUCT_CODES), patch: applicationPatch.optional(), partnerCode: partnerCodeSchema.optional() }),
    'loan.write',
  ),
  'loans.get': method<ApplicationView>()(z.object({ id: applicationId }), 'loan.read'),
  'loans.list': method<ApplicationRow[]>()(
    z.object({
      filter: z.enum(['open', 'draft', 'referred', 'done', 'all']).default('open'),
      customerId: customerId.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    'loan.read',
  ),
  'loans.update': method<ApplicationView>()(z.object({ id: applicationId, rev, patch: applicationPatch }), 'loan.write'),
  'loans.submit': method<ApplicationView>()(z.object({ id: applicationId, rev }), 'loan.write'),
  'loans.queue': method<ApplicationRow[]>()(z.object({}), 'loan.approve'),
  'loans.investigate': method<ApplicationView>()(
    z.object({
      id: applicationId,
      rev,
      findings: z.string().trim().min(4, '调查结论至少4个字').max(2000),
      outcome: z.enum(['approve', 'reject']),
      limitFen: fen.optional(),
    }),
    'loan.approve',
  ),
  'loans.generateContract': method<ApplicationView>()(
    z.object({ id: applicationId, rev, startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    'loan.write',
  ),
  'loans.contractHtml': method<{ html: string }>()(z.object({ id: applicationId }), 'loan.read'),
  /**
   * 视频面签: opens the application's room on head office's media server (customer, contract and risk notice sent
   * there); the customer's one-time link is shown as a QR code, the manager's opens the session page.
   */
  'loans.videoRoom': method<VideoRoomView>()(z.object({ id: applicationId }), 'loan.write'),
  /**
   * The customer signed in the video session: head office's signed receipt and the session's recording (digest bound
   * in the receipt) are fetched and kept on the loan — face-signed (recording) then e-signed (receipt).
   */
  'loans.videoComplete': method<ApplicationView>()(z.object({ id: applicationId, rev }), 'loan.write'),
  /**
   * The customer's one-time join link by SMS: head office texts a fresh link of the open room (视频面签 or 视频防伪调查)
   * to the phone on the customer's file, through its outbox; the answer names the number masked.
   */
  'loans.videoSmsLink': method<{ sentTo: string; expiresAt: string }>()(
    z.object({ id: applicationId, purpose: z.enum(['face-sign', 'investigation']) }),
    'loan.write',
  ),
  /**
   * 视频防伪调查: opens the application's investigation room at head office with the product's checklist; the
   * customer's one-time link as a QR code, the manager's opens the session window (snapshots per checklist item).
   */
  'loans.investigationRoom': method<VideoRoomView>()(z.object({ id: applicationId }), 'loan.write'),
  /** Brings head office's signed statement of the snapshots and the pictures onto the application (a new record). */
  'loans.investigationSave': method<InvestigationEvidenceView>()(z.object({ id: applicationId }), 'loan.write'),
  /** The application's newest investigation record, checked against head office's signature; null when none. */
  'loans.investigationEvidence': method<InvestigationEvidenceView | null>()(z.object({ id: applicationId }), 'loan.read'),
  'loans.faceSign': method<ApplicationView>()(
    z.object({ id: applicationId, rev, note: z.string().trim().max(500).default(''), recording: recordingUpload.optional() }),
    'loan.write',
  ),
  /** A face-to-face recording for playback on the loan page (base64 WebM). */
  'loans.recording': method<{ contentType: string; dataBase64: string; digest: string }>()(z.object({ id: id('loan-recording') }), 'loan.read'),
  /** The face snapshot kept with a recording (base64 JPEG), its digest checked again. */
  'loans.faceSnapshot': method<{ dataBase64: string; digest: string }>()(z.object({ id: id('loan-recording') }), 'loan.read'),
  'loans.eSign': method<ApplicationView>()(
    z.object({ id: applicationId, rev, contractDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/), receipt: videoSignatureReceipt.optional() }),
    'loan.write',
  ),
  'loans.disburse': method<ApplicationView>()(
    z.object({
      id: applicationId,
      rev,
      /** One of the customer's accounts (customers.accounts); nothing else is paid into. */
      accountNo: z.string().trim().regex(/^\d{12,19}$/, '收款账号须为12至19位数字'),
      checker: z.object({ staffNo: staffNoSchema, password: passwordSchema }),
    }),
    'loan.write',
  ),
  'loans.replay': method<ReplayView>()(z.object({ id: applicationId }), 'loan.read'),
  'loans.importFlows': method<ApplicationView>()(
    z.object({
      id: applicationId,
      rev,
      fileName: z.string().trim().min(1).max(200),
      // Base64 of the file; 16 MB of text is years of a market stall's POS export.
      contentBase64: z.string().min(1).max(16 * 1024 * 1024),
    }),
    'loan.write',
  ),
  /**
   * recordingDigest / faceSnapshotDigest: the SHA-256 of a 录像面签 recording and of the face snapshot as the audit entry of
   * the signing states them.
   */
  'loans.history': method<{ at: string; actor: string; actorName: string; device: string; action: string; integrity: AuditIntegrity; recordingDigest: string | null; faceSnapshotDigest: string | null; signatureDigest: string | null }[]>()(
    z.object({ id: z.union([applicationId, loanId]) }),
    'loan.read',
  ),
  'loans.loanList': method<LoanRow[]>()(
    z.object({ customerId: customerId.optional(), status: z.enum(['active', 'renewed', 'closed', 'all']).default('all'), limit: z.number().int().min(1).max(500).default(100) }),
    'loan.read',
  ),
  'loans.getLoan': method<LoanView>()(z.object({ id: loanId }), 'loan.read'),
  'loans.checkRenewal': method<LoanView>()(
    z.object({ id: loanId, rev, asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    'loan.write',
  ),
  'loans.startRenewal': method<ApplicationView>()(z.object({ id: loanId }), 'loan.write'),
  'credit.dashboard': method<DashboardView>()(
    z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    'dashboard.read',
  ),
  'credit.ownership': method<OwnershipView>()(
    z.object({ customerId, method: z.enum(['integrated', 'simple-paths']).default('integrated') }),
    'customer.read',
  ),
  'rules.list': method<RulesOverview[]>()(z.object({}), 'authenticated'),
  'rules.get': method<{ current: RuleSetSummary & { ruleSet: RuleSet }; draft: RuleDraftView | null; versions: RuleSetSummary[] }>()(
    z.object({ product: z.enum(PRODUCT_CODES) }),
    'authenticated',
  ),
  'rules.saveDraft': method<RuleDraftView>()(
    z.object({ product: z.enum(PRODUCT_CODES), rev: rev.optional(), ruleSet: ruleSetSchema, notes: z.string().trim().min(2, '修改说明至少2个字').max(500) }),
    'rules.edit',
  ),
  'rules.dryRun': method<DryRunResult & { currentVersion: number }>()(
    z.object({ product: z.enum(PRODUCT_CODES), ruleSet: ruleSetSchema.optional() }),
    'rules.edit',
  ),
  'rules.publish': method<RuleSetSummary>()(z.object({ product: z.enum(PRODUCT_CODES), draftRev: rev }), 'rules.publish'),
};

export interface CreditEvents {
  'loan.changed': { id: string; state: ApplicationState | LoanView['status'] };
  'rules.published': { product: ProductCode; version: number };
}
