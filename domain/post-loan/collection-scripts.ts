import { z } from 'zod';
import { formatYuan } from '../credit/money-format';

/**
 * 催收助手 standard scripts (标准话术): head office's versioned templates, one per collection stage, published into
 * the read-only `reference` database like the rule sets (only head office writes there), with the quiet hours the
 * bank's collection rules set. The branch fills in the customer's figures for the event detail and the bulk send.
 */
export const COLLECTION_STAGES = ['warning', 'early', 'mid', 'late'] as const;
export type CollectionStage = (typeof COLLECTION_STAGES)[number];

/** The placeholders a script may use: `{name}` etc. Anything else is refused when the scripts are parsed. */
export const SCRIPT_FIELDS = ['name', 'accountTail', 'overdueYuan', 'overdueDays', 'balanceYuan', 'nextDueDate', 'branchName', 'managerName'] as const;
export type ScriptFigures = Record<(typeof SCRIPT_FIELDS)[number], string>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const template = z
  .string()
  .min(1)
  .max(300)
  .refine((t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (SCRIPT_FIELDS as readonly string[]).includes(m[1]!)), '话术含未知占位符');

export const collectionScriptsSchema = z
  .object({
    /** Increases by one at each publication. */
    version: z.int().min(1),
    publishedAt: z.iso.datetime(),
    /** No collection message is sent between `from` and `to`, branch time (queued until `to`). */
    quietHours: z.object({ from: hhmm, to: hhmm }).strict(),
    scripts: z.object(Object.fromEntries(COLLECTION_STAGES.map((s) => [s, z.object({ zh: template }).strict()])) as Record<CollectionStage, z.ZodObject<{ zh: typeof template }>>).strict(),
  })
  .strict();
export type CollectionScripts = z.infer<typeof collectionScriptsSchema>;

export const DEFAULT_COLLECTION_SCRIPTS: CollectionScripts = {
  version: 1,
  publishedAt: '2026-01-01T00:00:00.000Z',
  quietHours: { from: '21:00', to: '08:00' },
  scripts: {
    warning: { zh: '{name}您好，我是{branchName}客户经理{managerName}。您尾号{accountTail}的贷款余额{balanceYuan}元，下次还款日{nextDueDate}，如经营或收入有变化请及时与我联系。' },
    early: { zh: '{name}您好，您尾号{accountTail}的贷款已逾期{overdueDays}天，逾期金额{overdueYuan}元，请尽快存入还款账户，以免影响您的征信。如有困难请联系{branchName}客户经理{managerName}。' },
    mid: { zh: '{name}您好，您尾号{accountTail}的贷款已逾期{overdueDays}天，逾期金额{overdueYuan}元，已影响您的征信记录。请于3日内归还或到{branchName}协商还款计划，联系人{managerName}。' },
    late: { zh: '{name}您好，您尾号{accountTail}的贷款已逾期{overdueDays}天，逾期金额{overdueYuan}元，本行将依法采取催收措施。请立即与{branchName}联系还款，联系人{managerName}。' },
  },
};

/** Which script fits an event: by overdue days (1–30 / 31–90 / over 90); a warning or downgrade without overdue is `warning`. */
export function stageOf(overdueDays: number): CollectionStage {
  if (overdueDays <= 0) return 'warning';
  if (overdueDays <= 30) return 'early';
  if (overdueDays <= 90) return 'mid';
  return 'late';
}

export interface ScriptFacts {
  name: string;
  account: string;
  overdueFen: number;
  overdueDays: number;
  balanceFen: number;
  nextDueDate: string | null;
  branchName: string;
  managerName: string;
}

export function scriptFigures(f: ScriptFacts): ScriptFigures {
  return {
    name: f.name,
    accountTail: f.account.slice(-4),
    overdueYuan: formatYuan(f.overdueFen),
    overdueDays: String(f.overdueDays),
    balanceYuan: formatYuan(f.balanceFen),
    nextDueDate: f.nextDueDate ?? '—',
    branchName: f.branchName,
    managerName: f.managerName,
  };
}

export function renderScript(text: string, figures: ScriptFigures): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (key in figures ? figures[key as keyof ScriptFigures] : whole));
}
