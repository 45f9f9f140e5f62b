import { z } from 'zod';

// 授信 → 签约 → 用信 of 整村授信. Head office turns the branch head's batch approval into one credit line per household
// and signs it (a branch device may not write one: sync-server/validation/policy.ts HEAD_OFFICE_WRITES); the household
// signs its line and asks for drawdowns on head office's self-service page, and head office signs those facts too.
// Devices believe a line or a drawdown only with head office's signature (main/core/village/credit-lines.ts).

const householdHex = '[0-9a-f]{32}';
const ulid = '[0-9A-HJKMNP-TV-Z]{26}';
const isoUtc = z.iso.datetime();
const branchCode = z.string().regex(/^[A-Z0-9]{2,16}$/);
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);

export const creditLineId = (householdId: string) => `credit-line:${householdId.slice('household:'.length)}`;

export const creditLineFields = {
  _id: z.string().regex(new RegExp(`^credit-line:${householdHex}$`)),
  type: z.literal('credit-line'),
  branch: branchCode,
  village: z.string().min(1).max(60),
  householdId: z.string().regex(new RegExp(`^household:${householdHex}$`)),
  limitFen: z.int().min(1).max(100_000_000_00),
  rateBp: z.int().min(100).max(2_400),
  termMonths: z.int().min(1).max(60),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  approvalId: z.string().regex(new RegExp(`^village-approval:${ulid}$`)),
  /** SHA-256 over the contract's terms (creditLineContract): what the household's signature is bound to. */
  contractDigest: digest,
  issuedAt: isoUtc,
  /** 签约: null until the household signed the contract on the self-service page. */
  signing: z
    .object({ signedAt: isoUtc, signatureDigest: digest, contractDigest: digest, channel: z.enum(['qr', 'branch']) })
    .nullable(),
};
export const creditLineContent = z.looseObject(creditLineFields);
export type CreditLine = z.infer<typeof creditLineContent>;

export const creditDrawdownFields = {
  _id: z.string().regex(new RegExp(`^credit-drawdown:${ulid}$`)),
  type: z.literal('credit-drawdown'),
  branch: branchCode,
  village: z.string().min(1).max(60),
  lineId: z.string().regex(new RegExp(`^credit-line:${householdHex}$`)),
  householdId: z.string().regex(new RegExp(`^household:${householdHex}$`)),
  amountFen: z.int().min(1).max(100_000_000_00),
  /** Core banking executes it; the feed confirms it later. Head office records the household's request. */
  status: z.literal('requested'),
  channel: z.enum(['qr', 'branch']),
  requestedAt: isoUtc,
};
export const creditDrawdownContent = z.looseObject(creditDrawdownFields);
export type CreditDrawdown = z.infer<typeof creditDrawdownContent>;

/** The terms a household reads and signs; their digest is the line's contractDigest. */
export function creditLineContract(line: Pick<CreditLine, '_id' | 'branch' | 'village' | 'householdId' | 'limitFen' | 'rateBp' | 'termMonths' | 'expiresOn'>) {
  return {
    kind: 'jingwei/village-credit-line-contract/v1',
    lineId: line._id,
    branch: line.branch,
    village: line.village,
    householdId: line.householdId,
    limitFen: line.limitFen,
    rateBp: line.rateBp,
    termMonths: line.termMonths,
    expiresOn: line.expiresOn,
  };
}

/** The contract in words, as the self-service page and the desk show it (zh first, en second). */
export function contractTerms(line: Pick<CreditLine, 'limitFen' | 'rateBp' | 'termMonths' | 'expiresOn' | 'village'>): string[] {
  const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  return [
    `授信额度 Credit limit: ${yuan(line.limitFen)} 元 CNY`,
    `年利率 Annual rate: ${(line.rateBp / 100).toFixed(2)}%`,
    `单笔期限 Term: ${line.termMonths} 个月 months`,
    `额度有效期至 Line valid until: ${line.expiresOn}`,
    `整村授信 Whole-village credit: ${line.village}`,
    '额度内可随借随还，用信以核心系统入账为准。Draw within the limit; a drawdown counts once core banking books it.',
  ];
}

/** What is left to draw on a line: the limit less every drawdown recorded against it. */
export function availableFen(line: Pick<CreditLine, 'limitFen'>, drawdowns: readonly Pick<CreditDrawdown, 'amountFen'>[]): number {
  return Math.max(0, line.limitFen - drawdowns.reduce((s, d) => s + d.amountFen, 0));
}

/**
 * What the branch head's sealed proof on a batch approval (village-approval) is bound to: every term head office turns
 * into credit lines. A device credential that edits one of them, or moves the proof to another approval, breaks it.
 */
export function approvalProofFields(a: {
  _id: string; branch: string; village: string; reviewId: string; rateBp: number; termMonths: number; expiresOn: string;
  lines: readonly { householdId: string; limitFen: number }[]; approvedAt: string; approvedBy: string;
}) {
  return {
    id: a._id, branch: a.branch, village: a.village, reviewId: a.reviewId, rateBp: a.rateBp, termMonths: a.termMonths, expiresOn: a.expiresOn,
    lines: a.lines.map((l) => [l.householdId, l.limitFen]), approvedAt: a.approvedAt, approvedBy: a.approvedBy,
  };
}
