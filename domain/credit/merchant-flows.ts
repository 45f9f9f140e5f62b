/**
 * Merchants' transaction flows (精微结算 data, or a CSV/Excel export of their ERP or POS) → monthly turnover,
 * its stability, and the facts the merchant-loan limit model reads.
 *
 * Amounts are taken as decimal TEXT and turned into fen by string arithmetic, never through a float multiply,
 * so "1234.56" is 123 456 fen whatever binary floating point would make of it. Excel numeric cells are turned
 * into their shortest round-trip text first (String(n)), which is the number the spreadsheet shows.
 */
import { z } from 'zod';
import { isIsoDate, monthKey, nextMonthKey } from './dates';
import type { ApplicantFacts } from './rules/fields';

export const flowRowSchema = z
  .object({
    date: z.string().refine(isIsoDate, '日期须为 YYYY-MM-DD'),
    amountFen: z.number().int().min(1),
    direction: z.enum(['in', 'out']),
    counterparty: z.string().optional(),
    memo: z.string().optional(),
  })
  .strict();
export type FlowRow = z.infer<typeof flowRowSchema>;

/** Header aliases seen in Chinese POS/ERP/bank exports; matched after trimming, case-insensitively. */
const COLUMN_ALIASES = {
  date: ['日期', '交易日期', '交易时间', '记账日期', '入账日期', 'date', 'time'],
  amount: ['金额', '交易金额', '发生额', 'amount'],
  income: ['收入', '收入金额', '贷方金额', '收款金额', 'credit', 'income'],
  expense: ['支出', '支出金额', '借方金额', '付款金额', 'debit', 'expense'],
  direction: ['收支', '收/支', '收支类型', '方向', '借贷标志', '交易类型', 'direction', 'type'],
  counterparty: ['对方户名', '对方', '对方名称', '交易对手', '付款方', 'counterparty'],
  memo: ['摘要', '备注', '用途', 'memo', 'note'],
} as const;
type Column = keyof typeof COLUMN_ALIASES;

const IN_WORDS = new Set(['收入', '收', '贷', '收款', '入账', 'in', 'credit', 'cr', '+']);
const OUT_WORDS = new Set(['支出', '支', '借', '付款', '出账', 'out', 'debit', 'dr', '-']);

/** "1,234.56", "¥1234.5", "-12", "（12.00）" → signed fen; null when it is not a money amount with at most 2 decimals. */
export function parseYuanToFen(raw: string): number | null {
  let s = raw.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]|元$/g, '');
  let neg = false;
  const paren = /^[(（](.*)[)）]$/.exec(s);
  if (paren) {
    neg = true;
    s = paren[1]!;
  }
  if (s.startsWith('-')) {
    neg = !neg;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return neg ? -fen : fen;
}

/** 2025-03-07, 2025/3/7, 20250307, 2025-03-07 14:22:01, 2025年3月7日 → 2025-03-07. */
export function normalizeDate(raw: unknown): string | null {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null;
    // exceljs gives date cells as UTC midnight.
    return raw.toISOString().slice(0, 10);
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'object' && v !== null && 'result' in v) return cellText((v as { result: unknown }).result); // exceljs formula cell
  if (typeof v === 'object' && v !== null && 'text' in v) return cellText((v as { text: unknown }).text); // exceljs rich text / hyperlink
  return String(v);
}

/** Which source column feeds which field, decided once from the header row. */
export type ColumnMapping = Partial<Record<Column, string>>;

export function detectColumns(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const col of Object.keys(COLUMN_ALIASES) as Column[]) {
    const aliases: readonly string[] = COLUMN_ALIASES[col];
    const hit = headers.find((h) => aliases.includes(h.trim().toLowerCase()) || aliases.includes(h.trim()));
    if (hit !== undefined) mapping[col] = hit;
  }
  return mapping;
}

export function mappingProblemZh(m: ColumnMapping): string | null {
  if (!m.date) return '找不到日期列（如“交易日期”）';
  if (!m.amount && !m.income && !m.expense) return '找不到金额列（如“交易金额”，或“收入”“支出”两列）';
  return null;
}

/**
 * One source record (a CSV or Excel row as { header: cell }) → a flow row, or a Chinese error naming the field.
 * The file itself is read by the core's import worker (main/core/credit/flows-import.ts).
 */
export function mapFlowRecord(record: Readonly<Record<string, unknown>>, m: ColumnMapping): { row: FlowRow } | { error: string } | { skip: true } {
  const get = (c: Column) => (m[c] ? cellText(record[m[c]]) : '');
  const rawDate = m.date ? record[m.date] : undefined;
  const date = normalizeDate(rawDate instanceof Date ? rawDate : cellText(rawDate));
  if (!date) return { error: `交易日期「${cellText(rawDate)}」无法识别` };

  let signed: number | null;
  const income = get('income');
  const expense = get('expense');
  if (income || expense) {
    const inFen = income ? parseYuanToFen(income) : 0;
    const outFen = expense ? parseYuanToFen(expense) : 0;
    if (inFen === null) return { error: `收入金额「${income}」不是有效金额（最多两位小数）` };
    if (outFen === null) return { error: `支出金额「${expense}」不是有效金额（最多两位小数）` };
    signed = Math.abs(inFen) - Math.abs(outFen);
  } else {
    const amount = get('amount');
    signed = parseYuanToFen(amount);
    if (signed === null) return { error: `交易金额「${amount}」不是有效金额（最多两位小数）` };
    const dirText = get('direction').trim().toLowerCase();
    if (dirText) {
      if (IN_WORDS.has(dirText)) signed = Math.abs(signed);
      else if (OUT_WORDS.has(dirText)) signed = -Math.abs(signed);
      else return { error: `收支方向「${dirText}」无法识别（应为 收入/支出）` };
    }
  }
  // A zero line (voided ticket, balance line) carries no turnover.
  if (signed === 0) return { skip: true };
  const counterparty = get('counterparty').trim();
  const memo = get('memo').trim();
  return {
    row: {
      date,
      amountFen: Math.abs(signed),
      direction: signed > 0 ? 'in' : 'out',
      ...(counterparty ? { counterparty } : {}),
      ...(memo ? { memo } : {}),
    },
  };
}

// ───────────────────────────── analysis ─────────────────────────────

export interface MonthTurnover {
  month: string;
  inflowFen: number;
  outflowFen: number;
  count: number;
}

export interface FlowAnalysis {
  /** Complete calendar months considered, oldest first; months with no receipts are listed with zero. */
  months: MonthTurnover[];
  totalInflowFen: number;
  averageMonthlyInflowFen: number;
  /** Average month × 12. */
  annualisedTurnoverFen: number;
  /** 10 000 − mean absolute deviation / mean, in bp: 10 000 = every month the same. */
  stabilityBp: number;
  activeMonths: number;
  turnoverLast3mFen: number;
  turnoverPrev3mFen: number;
}

/**
 * Looks at up to `windowMonths` complete months before the month of `asOf` (the current month is partial and
 * would understate turnover), starting no earlier than the first month with data.
 */
export function analyzeFlows(rows: readonly FlowRow[], asOf: string, windowMonths = 12): FlowAnalysis {
  const lastMonth = nextMonthKey(monthKey(asOf), -1);
  const earliestAllowed = nextMonthKey(lastMonth, -(windowMonths - 1));
  const buckets = new Map<string, MonthTurnover>();
  let firstMonth: string | null = null;
  for (const r of rows) {
    const k = monthKey(r.date);
    if (k > lastMonth || k < earliestAllowed) continue;
    if (firstMonth === null || k < firstMonth) firstMonth = k;
    const b = buckets.get(k) ?? { month: k, inflowFen: 0, outflowFen: 0, count: 0 };
    if (r.direction === 'in') b.inflowFen += r.amountFen;
    else b.outflowFen += r.amountFen;
    b.count++;
    buckets.set(k, b);
  }
  const months: MonthTurnover[] = [];
  if (firstMonth !== null) {
    for (let k = firstMonth; k <= lastMonth; k = nextMonthKey(k)) months.push(buckets.get(k) ?? { month: k, inflowFen: 0, outflowFen: 0, count: 0 });
  }
  const n = months.length;
  const total = months.reduce((s, m) => s + m.inflowFen, 0);
  const avg = n === 0 ? 0 : Math.floor(total / n);
  let stabilityBp = 0;
  if (n > 0 && total > 0) {
    const S = BigInt(total);
    const N = BigInt(n);
    let dev = 0n;
    for (const m of months) {
      const d = N * BigInt(m.inflowFen) - S;
      dev += d < 0n ? -d : d;
    }
    const den = N * S;
    const lost = (2n * 10_000n * dev + den) / (2n * den);
    stabilityBp = Math.max(0, 10_000 - Number(lost));
  }
  const sum = (xs: MonthTurnover[]) => xs.reduce((s, m) => s + m.inflowFen, 0);
  return {
    months,
    totalInflowFen: total,
    averageMonthlyInflowFen: avg,
    annualisedTurnoverFen: avg * 12,
    stabilityBp,
    activeMonths: months.filter((m) => m.inflowFen > 0).length,
    turnoverLast3mFen: sum(months.slice(-3)),
    turnoverPrev3mFen: sum(months.slice(-6, -3)),
  };
}

/** The facts the merchant-loan limit and score read. */
export function merchantLimitFacts(a: FlowAnalysis): Pick<ApplicantFacts, 'annualTurnoverFen' | 'turnoverStabilityBp' | 'flowMonths'> {
  return { annualTurnoverFen: a.annualisedTurnoverFen, turnoverStabilityBp: a.stabilityBp, flowMonths: a.months.length };
}
