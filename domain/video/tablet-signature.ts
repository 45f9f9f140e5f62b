import { z } from 'zod';
import { digestOf } from '../credit/rules/digest';

// The customer's signature drawn on the branch's tablet (offline face-to-face: head office's media server could not be
// reached, the desk recorded the session itself). What is kept is the pen's path, not a picture: the strokes, bound
// by one SHA-256 to the contract the tablet showed and to the desk's recording of the session. The digest goes into
// the audit entry of the signing, so strokes, contract or recording changed afterwards no longer match it.

/** Coordinates are on a 0–1000 grid whatever the tablet's screen (the shape, not the pixels, is the evidence). */
export const SIGNATURE_GRID = 1000;
export const MAX_SIGNATURE_POINTS = 4000;

const sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex>');
/** One sample of the pen: x, y on the grid and milliseconds since the first touch. */
const point = z.tuple([z.int().min(0).max(SIGNATURE_GRID), z.int().min(0).max(SIGNATURE_GRID), z.int().min(0).max(600_000)]);
export const strokesSchema = z
  .array(z.array(point).min(1).max(MAX_SIGNATURE_POINTS))
  .min(1)
  .max(80)
  .refine((strokes) => strokes.reduce((n, s) => n + s.length, 0) <= MAX_SIGNATURE_POINTS, `签名笔迹点数不超过 ${MAX_SIGNATURE_POINTS}`);
export type Strokes = z.infer<typeof strokesSchema>;

export const tabletSignatureSchema = z.object({
  type: z.literal('tablet-signature'),
  applicationId: z.string().min(1).max(80),
  /** The contract the tablet showed (its terms' SHA-256) and the desk's recording of the session it belongs to. */
  contractDigest: sha256,
  recordingDigest: sha256,
  strokes: strokesSchema,
  /** When the tablet was paired to the desk (the code shown on the desk's screen) and when the customer signed. */
  pairedAt: z.iso.datetime(),
  signedAt: z.iso.datetime(),
  /** The staff member whose desk showed the pairing code, and that desk's device. */
  pairedBy: z.string().min(1).max(40),
  device: z.string().min(1).max(80),
  /** The tablet's address on the branch LAN as the desk host saw it. */
  tabletAddress: z.string().min(1).max(64),
  /** SHA-256 of all the above (canonical JSON). */
  signatureDigest: sha256,
});
export type TabletSignature = z.infer<typeof tabletSignatureSchema>;

export function tabletSignatureDigest(signature: Omit<TabletSignature, 'signatureDigest'>): string {
  const { signatureDigest: _ignored, ...bound } = signature as TabletSignature;
  return digestOf(bound);
}

/**
 * Whether the strokes are a signature someone drew, not a tap or a dot: enough points, and a shape that spans a
 * noticeable part of the pad both ways.
 */
export function looksDrawn(strokes: Strokes): boolean {
  const points = strokes.flat();
  if (points.length < 12) return false;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return Math.max(...xs) - Math.min(...xs) >= SIGNATURE_GRID / 10 && Math.max(...ys) - Math.min(...ys) >= SIGNATURE_GRID / 40;
}

export type TabletSignatureProblem = 'digest' | 'contract' | 'recording' | 'application';

/**
 * What does not hold of a kept signature, against the loan it is shown on: its own digest (strokes or times edited),
 * the loan's contract and recording now, and the application it names.
 */
export function tabletSignatureProblems(
  signature: TabletSignature,
  loan: { applicationId: string; contractDigest: string | null; recordingDigest: string | null },
): TabletSignatureProblem[] {
  const problems: TabletSignatureProblem[] = [];
  if (tabletSignatureDigest(signature) !== signature.signatureDigest) problems.push('digest');
  if (signature.contractDigest !== loan.contractDigest) problems.push('contract');
  if (signature.recordingDigest !== loan.recordingDigest) problems.push('recording');
  if (signature.applicationId !== loan.applicationId) problems.push('application');
  return problems;
}
