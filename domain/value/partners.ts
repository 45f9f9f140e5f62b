import { z } from 'zod';

/**
 * 精微易享 — partners (合伙人: merchants, village officials, market managers) who bring the bank customers through a
 * personal referral code, and the versioned commission rules head office pays them under. Pure: no I/O. Money is
 * integer fen, rates basis points.
 *
 * A partner code names its branch (`HM01-7K3F9Q`): an application carrying a code of another branch is refused by
 * the branch's own device AND by head office's server (validation/policy.ts), whatever the device claims. A partner
 * is enrolled by head office (`jingwei value partner`) or at the branch by its head or a customer manager (a synced
 * `partner` document, audited, whose code the server holds to the branch of its database). Commission is paid only
 * on loans head office's own loan feed shows, so a code earns nothing unless core banking lent to a customer it
 * brought.
 */
export const PARTNER_KINDS = ['merchant', 'village-official', 'market-manager'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_NAMES: Record<PartnerKind, string> = { merchant: '商户', 'village-official': '村干部', 'market-manager': '市场管理员' };

/** Crockford-like: no 0/O, 1/I/L, so a code read aloud or typed from a printed card is not mistaken. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PARTNER_CODE = /^([A-Z0-9]{2,16})-([2-9A-HJKMNP-Z]{6})$/;
/** What the referral QR encodes; a scanner types it into the field, which takes the code out of it. */
export const PARTNER_QR_PREFIX = 'JINGWEI-PARTNER:';

export const partnerCodeSchema = z.string().trim().toUpperCase().regex(PARTNER_CODE, '推荐码应为“支行代码-6位字母数字”，如 HM01-7K3F9Q');

/** A new code for `branch` from 6 random bytes (the caller's randomness: crypto at head office, seeded in tests). */
export function makePartnerCode(branch: string, random: Uint8Array): string {
  if (random.length < 6) throw new Error('makePartnerCode needs 6 random bytes');
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CODE_ALPHABET[random[i]! % CODE_ALPHABET.length];
  return `${branch}-${tail}`;
}

/** The branch a code belongs to, or null when it is not a partner code. */
export function partnerCodeBranch(code: string): string | null {
  return PARTNER_CODE.exec(code)?.[1] ?? null;
}

/** The code in what a scanner typed: the QR's text (`JINGWEI-PARTNER:HM01-7K3F9Q`) or the code itself. */
export function partnerCodeFromScan(text: string): string {
  const t = text.trim().toUpperCase();
  return t.startsWith(PARTNER_QR_PREFIX) ? t.slice(PARTNER_QR_PREFIX.length) : t;
}

export const partnerQrText = (code: string) => `${PARTNER_QR_PREFIX}${code}`;

export const commissionRulesSchema = z
  .object({
    version: z.int().min(1),
    /** Paid for each application brought through the code and submitted that month. */
    perApplicationFen: z.int().min(0).max(100_000_00),
    /** Share of the principal of each loan core banking disbursed that month to a customer the code brought. */
    loanBp: z.int().min(0).max(10_000),
    /** At most this much for one loan. */
    perLoanCapFen: z.int().min(0),
    /** At most this much for one partner in one month. */
    monthlyCapFen: z.int().min(0),
    notes: z.string().max(500).optional(),
  })
  .strict();
export type CommissionRules = z.infer<typeof commissionRulesSchema>;

/** Version 1, the defaults a new install starts with (head office publishes the next versions). */
export const DEFAULT_COMMISSION_RULES: CommissionRules = {
  version: 1,
  perApplicationFen: 20_00,
  loanBp: 30,
  perLoanCapFen: 500_00,
  monthlyCapFen: 10_000_00,
  notes: '每笔推荐申请 20 元；推荐客户放款按本金 0.3% 计，每笔封顶 500 元；每位合伙人每月封顶 1 万元',
};

export interface Partner {
  code: string;
  branch: string;
  name: string;
  kind: PartnerKind;
  enrolledOn: string;
}

/** An application a branch synced up carrying a partner code, with the customer's ID number from the branch's file. */
export interface AttributedApplication {
  id: string;
  partnerCode: string;
  idNo: string;
  /** YYYY-MM-DD of creation. */
  createdOn: string;
  submitted: boolean;
}

/** A loan as head office's core-banking feed shows it. */
export interface FeedLoan {
  account: string;
  idNo: string;
  principalFen: number;
  disbursedOn: string;
}

export interface CommissionLine {
  code: string;
  name: string;
  kind: PartnerKind;
  /** Applications brought through the code this month, and how many of them were submitted (paid per submitted one). */
  applications: number;
  submitted: number;
  /** Loans disbursed this month to customers the code brought, and their principal. */
  loans: number;
  loanPrincipalFen: number;
  commissionFen: number;
  /** 有效合伙人: the code has led to at least one loan, this month or before. */
  effective: boolean;
  /** Loans (feed account numbers) the commission was paid on: the statement's evidence. */
  loanAccounts: string[];
}

export interface CommissionStatement {
  branch: string;
  month: string;
  rulesVersion: number;
  partners: number;
  effectivePartners: number;
  totalFen: number;
  /** Ranked: commission, then loans, then applications, then code. */
  lines: CommissionLine[];
}

/**
 * One branch's monthly commission statement. Only codes head office enrolled for this branch count. A loan belongs
 * to the partner whose code was on the customer's earliest application created on or before the day it was
 * disbursed (one loan, one partner: two codes on two applications never both earn).
 */
export function commissionStatement(input: {
  branch: string;
  month: string;
  rules: CommissionRules;
  partners: readonly Partner[];
  applications: readonly AttributedApplication[];
  loans: readonly FeedLoan[];
}): CommissionStatement {
  const { branch, month, rules } = input;
  const enrolled = new Map(input.partners.filter((p) => p.branch === branch).map((p) => [p.code, p]));
  const apps = input.applications.filter((a) => enrolled.has(a.partnerCode)).sort((a, b) => a.createdOn.localeCompare(b.createdOn) || a.id.localeCompare(b.id));
  const firstBy = new Map<string, AttributedApplication[]>();
  for (const a of apps) firstBy.set(a.idNo, [...(firstBy.get(a.idNo) ?? []), a]);
  const lines = new Map<string, CommissionLine>();
  for (const p of enrolled.values()) {
    lines.set(p.code, { code: p.code, name: p.name, kind: p.kind, applications: 0, submitted: 0, loans: 0, loanPrincipalFen: 0, commissionFen: 0, effective: false, loanAccounts: [] });
  }
  for (const a of apps) {
    if (!a.createdOn.startsWith(month)) continue;
    const line = lines.get(a.partnerCode)!;
    line.applications++;
    if (a.submitted) line.submitted++;
  }
  const monthEnd = `${month}-31`;
  for (const loan of [...input.loans].sort((a, b) => a.disbursedOn.localeCompare(b.disbursedOn) || a.account.localeCompare(b.account))) {
    if (loan.disbursedOn > monthEnd) continue;
    const app = firstBy.get(loan.idNo)?.find((a) => a.createdOn <= loan.disbursedOn);
    if (!app) continue;
    const line = lines.get(app.partnerCode)!;
    line.effective = true;
    if (!loan.disbursedOn.startsWith(month)) continue;
    line.loans++;
    line.loanPrincipalFen += loan.principalFen;
    line.loanAccounts.push(loan.account);
    line.commissionFen += Math.min(rules.perLoanCapFen, Math.floor((loan.principalFen * rules.loanBp) / 10_000));
  }
  for (const l of lines.values()) l.commissionFen = Math.min(rules.monthlyCapFen, l.commissionFen + l.submitted * rules.perApplicationFen);
  const ranked = [...lines.values()].sort((a, b) => b.commissionFen - a.commissionFen || b.loans - a.loans || b.submitted - a.submitted || b.applications - a.applications || a.code.localeCompare(b.code));
  return {
    branch, month, rulesVersion: rules.version, partners: ranked.length, effectivePartners: ranked.filter((l) => l.effective).length,
    totalFen: ranked.reduce((s, l) => s + l.commissionFen, 0), lines: ranked,
  };
}

/** The payout file for the core-banking transfer batch: one line per partner owed money, amounts in yuan. */
export function payoutCsv(statement: CommissionStatement): string {
  const rows = statement.lines.filter((l) => l.commissionFen > 0).map((l) => [statement.month, statement.branch, l.code, l.name.replace(/[",\r\n]/g, ' '), (l.commissionFen / 100).toFixed(2), statement.rulesVersion].join(','));
  return ['month,branch,partner_code,partner_name,amount,rules_version', ...rows].join('\n') + '\n';
}

/** Head office's published statement for one branch and month (`partner-statement:<BR>:<YYYY-MM>`, signed). */
export const partnerStatementDocId = (branch: string, month: string) => `partner-statement:${branch}:${month}`;

/**
 * The fields of a `partner-statement` document: head office only (policy.ts HEAD_OFFICE_WRITES) and signed (the
 * server adds the signature's shape; the branch verifies it before showing the ranking).
 */
export const partnerStatementFields = {
  _id: z.string().regex(/^partner-statement:[A-Z0-9]{2,16}:\d{4}-(0[1-9]|1[0-2])$/),
  type: z.literal('partner-statement'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  rulesVersion: z.int().min(1),
  partners: z.int().min(0),
  effectivePartners: z.int().min(0),
  totalFen: z.int().min(0),
  lines: z.array(z.strictObject({
    code: z.string().regex(PARTNER_CODE),
    name: z.string().min(1).max(60),
    kind: z.enum(PARTNER_KINDS),
    applications: z.int().min(0),
    submitted: z.int().min(0),
    loans: z.int().min(0),
    loanPrincipalFen: z.int().min(0),
    commissionFen: z.int().min(0),
    effective: z.boolean(),
  })).max(50_000),
};
export const partnerStatementContent = z.looseObject(partnerStatementFields);
export type PartnerStatementDoc = z.infer<z.ZodObject<typeof partnerStatementFields>>;

/** The document's content for a computed statement (the loan accounts stay at head office). */
export function partnerStatementDoc(st: CommissionStatement): PartnerStatementDoc {
  return {
    _id: partnerStatementDocId(st.branch, st.month), type: 'partner-statement', branch: st.branch, month: st.month, rulesVersion: st.rulesVersion,
    partners: st.partners, effectivePartners: st.effectivePartners, totalFen: st.totalFen,
    lines: st.lines.map(({ loanAccounts: _accounts, ...l }) => l),
  };
}

/** A partner enrolled at the branch (`partner:<code>`, synced to head office, which counts it in the statement). */
export const partnerDocId = (code: string) => `partner:${code}`;

export const PARTNER_PHONE = /^1[3-9]\d{9}$/;

/** The fields of a branch-written `partner` document. The server checks the code is of the database's branch. */
export const partnerFields = {
  _id: z.string().regex(/^partner:[A-Z0-9]{2,16}-[2-9A-HJKMNP-Z]{6}$/),
  type: z.literal('partner'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  code: z.string().regex(PARTNER_CODE),
  name: z.string().min(1).max(60),
  kind: z.enum(PARTNER_KINDS),
  phone: z.string().regex(PARTNER_PHONE),
  /** Where the partner works or lives (a shop, a village, a market), as the card prints it. */
  place: z.string().max(60),
  enrolledOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  enrolledAt: z.iso.datetime(),
  enrolledBy: z.string().regex(/^[A-Z0-9]{3,16}$/),
  enrolledByName: z.string().min(1).max(40),
};
export const partnerDocSchema = z.strictObject({ ...partnerFields, _rev: z.string().optional() });
export type PartnerDoc = z.infer<z.ZodObject<typeof partnerFields>>;
