import { z } from 'zod';
import { strokesSchema, type Strokes, type TabletSignatureProblem } from '../../../domain/video/tablet-signature';
import { method } from '../api/method';
import { applicationId, sha256Digest } from './credit.contract';

// 平板签字: after an offline face-to-face (录像面签, head office's media server unreachable) the customer signs on the
// branch's tablet, which the desk host serves on the branch LAN (`jingwei branch --tablet ADDRESS:PORT`).

/** What the desk shows while a tablet is being paired. */
export interface TabletPairingView {
  state: 'none' | 'waiting' | 'paired' | 'signed' | 'expired' | 'void';
  /** The one-time code, only while it can still be typed on a tablet. */
  code: string | null;
  expiresAt: string | null;
  /** The tablet's LAN address once it paired. */
  tabletAddress: string | null;
  voided: 'wrongCodes' | 'replaced' | null;
}

/** What the paired tablet shows the customer: the contract in short and the digests the signature will be bound to. */
export interface TabletSigningView {
  token: string;
  expiresAt: string;
  branchName: string;
  customerName: string;
  contractNo: string;
  productName: string;
  principalFen: number;
  rateBp: number;
  termMonths: number;
  methodName: string;
  startDate: string;
  maturityDate: string;
  contractDigest: string;
  recordingDigest: string;
}

/** A signature kept on a loan, checked as it is shown. */
export interface TabletSignatureView {
  strokes: Strokes;
  contractDigest: string;
  recordingDigest: string;
  signatureDigest: string;
  pairedAt: string;
  signedAt: string;
  pairedBy: string;
  tabletAddress: string;
  /** What does not hold (empty when verified), the audit entry's digest included. */
  problems: (TabletSignatureProblem | 'audit')[];
}

const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '平板凭证无效');

/** The only methods the tablet face of the desk host answers (main/host/branch-host.ts `lan.methods`). */
export const TABLET_METHODS: readonly string[] = ['system.info', 'tablet.pair', 'tablet.sign'];

export const tabletSigningContract = {
  /** The desk: a one-time code for the tablet (a new one voids the previous); refused unless recorded offline and not yet signed. */
  'loans.tabletPairing': method<TabletPairingView>()(z.object({ id: applicationId }), 'loan.write'),
  /** The desk, polling: whether the tablet paired, signed, or the code ran out. */
  'loans.tabletStatus': method<TabletPairingView>()(z.object({ id: applicationId }), 'loan.read'),
  /** The loan's tablet signature with its checks (strokes, contract, recording and the audit entry). */
  'loans.tabletSignature': method<TabletSignatureView>()(z.object({ id: applicationId }), 'loan.read'),
  /** The tablet: the code from the desk's screen, for the contract to show and a token for one signature. */
  'tablet.pair': method<TabletSigningView>()(z.object({ code: z.string().trim().regex(/^\d{6}$/, '配对码为6位数字') }), 'public'),
  /** The tablet: the customer's strokes, with the digests the tablet showed (the signature is bound to those). */
  'tablet.sign': method<{ signedAt: string; signatureDigest: string }>()(
    z.object({ token, contractDigest: sha256Digest, recordingDigest: sha256Digest, strokes: strokesSchema }),
    'public',
  ),
};
