/**
 * A rule set is data: one per product and version, published by head office into the `reference` database and
 * synced to branches. Each of the six models is declarative (conditions over named inputs, score cards, tables)
 * so the same document drives the branch decision, the replay of an old decision and the head-office dry run.
 */
import { z } from 'zod';
import { PRODUCT_CODES } from '../products';
import { APPLICATION_FIELDS, LOAN_FIELDS } from './fields';

const scalar = z.union([z.number(), z.string(), z.boolean()]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: 'eq' | 'ne'; value: number | string | boolean }
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  /** Inclusive on both ends. */
  | { field: string; op: 'between'; min: number; max: number }
  | { field: string; op: 'in' | 'nin' | 'prefix'; values: (number | string)[] }
  | { field: string; op: 'present' | 'absent' };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z.object({ field: z.string(), op: z.enum(['eq', 'ne']), value: scalar }).strict(),
    z.object({ field: z.string(), op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() }).strict(),
    z
      .object({ field: z.string(), op: z.literal('between'), min: z.number(), max: z.number() })
      .strict()
      .refine((c) => c.min <= c.max, 'between: min 不得大于 max'),
    z.object({ field: z.string(), op: z.enum(['in', 'nin', 'prefix']), values: z.array(z.union([z.number(), z.string()])).min(1) }).strict(),
    z.object({ field: z.string(), op: z.enum(['present', 'absent']) }).strict(),
  ]),
);

/** Message templates: `{field}` inserts a value, `{field|yuan}` fen as yuan, `{field|pct}` bp as a percentage. */
export const messageSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
export type Message = z.infer<typeof messageSchema>;

const code = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '规则代码只能用小写字母、数字和连字符');

/** Passes when `require` holds; otherwise the rule's effect applies. An absent input never satisfies a requirement. */
export const requirementRuleSchema = z
  .object({ code, require: conditionSchema, effect: z.enum(['reject', 'refer']), message: messageSchema })
  .strict();
/** Fires when `when` holds. */
export const triggerRuleSchema = z
  .object({ code, when: conditionSchema, effect: z.enum(['reject', 'refer']), message: messageSchema })
  .strict();

export const admissionModelSchema = z.object({ rules: z.array(requirementRuleSchema) }).strict();

export const scoreBinSchema = z
  .object({
    /** Numeric range [min, max): either end may be open. */
    min: z.number().optional(),
    max: z.number().optional(),
    equals: scalar.optional(),
    points: z.number().int(),
  })
  .strict();

export const scorecardSchema = z
  .object({
    baseScore: z.number().int(),
    characteristics: z.array(
      z
        .object({
          code,
          field: z.string(),
          bins: z.array(scoreBinSchema).min(1),
          /** Points when the input is absent or no bin matches. */
          otherwisePoints: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict();

export const limitModelSchema = z
  .object({
    /** Each present base gives field × multiplierBp / 10 000; bases combine by `combine`. */
    bases: z.array(z.object({ code, field: z.string(), multiplierBp: z.number().int().min(0) }).strict()).min(1),
    combine: z.enum(['max', 'min', 'sum']),
    /** Subtracted after combining (existing debts). */
    deductions: z.array(z.object({ code, field: z.string(), multiplierBp: z.number().int().min(0) }).strict()),
    /** Applied by score, highest `minScore` first that the score reaches. */
    scoreFactors: z.array(z.object({ minScore: z.number().int(), factorBp: z.number().int().min(0) }).strict()).min(1),
    capFen: z.number().int().min(0),
    /** A computed limit below this is not worth booking: the application is declined. */
    floorFen: z.number().int().min(0),
    /** Limits are rounded DOWN to a multiple of this (e.g. 100 000 fen = 1,000 yuan). */
    unitFen: z.number().int().min(1),
  })
  .strict();

export const pricingModelSchema = z
  .object({
    /** Descending by minScore; the last band should catch everything (e.g. minScore -100000). */
    scoreBands: z.array(z.object({ code, minScore: z.number().int() }).strict()).min(1),
    /** Ascending by maxMonths; the first band whose max the term does not exceed applies. */
    termBands: z.array(z.object({ code, maxMonths: z.number().int().min(1) }).strict()).min(1),
    /** Ascending by maxFen on the granted limit. */
    limitBands: z.array(z.object({ code, maxFen: z.number().int().min(0) }).strict()).min(1),
    /** spreadBp[score band][term band][limit band], added to the LPR. */
    spreadBp: z.array(z.array(z.array(z.number().int()))),
    minRateBp: z.number().int().min(0),
    maxRateBp: z.number().int().min(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ok =
      p.spreadBp.length === p.scoreBands.length &&
      p.spreadBp.every((t) => t.length === p.termBands.length && t.every((l) => l.length === p.limitBands.length));
    if (!ok) ctx.addIssue({ code: 'custom', message: '利差表维度须为 分数档 × 期限档 × 额度档' });
    if (p.minRateBp > p.maxRateBp) ctx.addIssue({ code: 'custom', message: '利率下限不得高于上限' });
  });

export const WARNING_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_NAMES: Record<WarningLevel, { zh: string; en: string }> = {
  none: { zh: '无预警', en: 'No warning' },
  low: { zh: '低', en: 'Low' },
  medium: { zh: '中', en: 'Medium' },
  high: { zh: '高', en: 'High' },
};

export const earlyWarningModelSchema = z
  .object({
    signals: z.array(z.object({ code, when: conditionSchema, level: z.enum(['low', 'medium', 'high']), message: messageSchema }).strict()),
  })
  .strict();

export const renewalModelSchema = z
  .object({
    rules: z.array(requirementRuleSchema),
    /** A warning above this level blocks renewal. */
    maxWarningLevel: z.enum(WARNING_LEVELS),
  })
  .strict();

export const riskDecisionModelSchema = z
  .object({
    scorecard: scorecardSchema,
    approveMinScore: z.number().int(),
    /** Below this the application is declined; between the two it goes to 人工调查. */
    referMinScore: z.number().int(),
    rules: z.array(triggerRuleSchema),
    /** Larger grants always go to a person even when every rule passes. */
    autoApproveMaxFen: z.number().int().min(0),
  })
  .strict()
  .refine((m) => m.referMinScore <= m.approveMinScore, '转人工分数线不得高于自动通过分数线');

/** What a key term of the contract may name: `{principalFen|yuan}`, `{rateBp|pct}`, `{termMonths}`, `{contractNo}`… */
export const CONTRACT_TERM_FIELDS = ['contractNo', 'principalFen', 'rateBp', 'termMonths', 'repaymentMethod', 'startDate', 'maturityDate'] as const;

/**
 * 视频面签 and 视频防伪调查 of the product, published with its rules: the risk notice the customer manager reads out
 * (each clause confirmed by the customer), the key terms shown on the customer's phone before signing, and what the
 * customer is asked to show in a video investigation.
 */
export const videoScriptSchema = z
  .object({
    riskNotice: z.array(z.string().trim().min(1).max(300)).min(1).max(10),
    keyTerms: z.array(messageSchema).min(1).max(12),
    investigation: z.array(z.object({ code, label: messageSchema, hint: messageSchema.optional() }).strict()).min(1).max(12),
  })
  .strict()
  .superRefine((v, ctx) => {
    v.keyTerms.forEach((t, i) => {
      for (const [, field] of `${t.zh} ${t.en}`.matchAll(/\{(\w+)(?:\|\w+)?\}/g)) {
        if (!(CONTRACT_TERM_FIELDS as readonly string[]).includes(field!)) ctx.addIssue({ code: 'custom', path: ['keyTerms', i], message: `未知合同字段「${field}」` });
      }
    });
    const codes = v.investigation.map((c) => c.code);
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['investigation'], message: '调查清单项目代码不得重复' });
  });
export type VideoScript = z.infer<typeof videoScriptSchema>;

export const ruleSetSchema = z
  .object({
    product: z.enum(PRODUCT_CODES),
    /** Increases by one at each publication of this product's rules. */
    version: z.number().int().min(1),
    publishedAt: z.iso.datetime(),
    notes: z.string().optional(),
    models: z
      .object({
        admission: admissionModelSchema,
        limit: limitModelSchema,
        pricing: pricingModelSchema,
        earlyWarning: earlyWarningModelSchema,
        renewal: renewalModelSchema,
        riskDecision: riskDecisionModelSchema,
      })
      .strict(),
    /** Absent on rule sets published before video signing: the product's built-in script applies (defaults.ts). */
    video: videoScriptSchema.optional(),
  })
  .strict()
  .superRefine((rs, ctx) => {
    const appFields = new Set(APPLICATION_FIELDS);
    const loanFields = new Set(LOAN_FIELDS);
    const both = new Set([...APPLICATION_FIELDS, ...LOAN_FIELDS]);
    const check = (field: string, allowed: Set<string>, path: (string | number)[]) => {
      if (!allowed.has(field)) ctx.addIssue({ code: 'custom', path, message: `未知输入字段「${field}」` });
    };
    const m = rs.models;
    m.admission.rules.forEach((r, i) => conditionFields(r.require).forEach((f) => check(f, appFields, ['models', 'admission', 'rules', i])));
    m.riskDecision.rules.forEach((r, i) => conditionFields(r.when).forEach((f) => check(f, appFields, ['models', 'riskDecision', 'rules', i])));
    m.riskDecision.scorecard.characteristics.forEach((c, i) =>
      check(c.field, appFields, ['models', 'riskDecision', 'scorecard', 'characteristics', i]),
    );
    [...m.limit.bases, ...m.limit.deductions].forEach((b, i) => check(b.field, appFields, ['models', 'limit', i]));
    m.earlyWarning.signals.forEach((s, i) => conditionFields(s.when).forEach((f) => check(f, loanFields, ['models', 'earlyWarning', 'signals', i])));
    m.renewal.rules.forEach((r, i) => conditionFields(r.require).forEach((f) => check(f, both, ['models', 'renewal', 'rules', i])));
  });

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type RequirementRule = z.infer<typeof requirementRuleSchema>;
export type TriggerRule = z.infer<typeof triggerRuleSchema>;
export type Scorecard = z.infer<typeof scorecardSchema>;
export type LimitModel = z.infer<typeof limitModelSchema>;
export type PricingModel = z.infer<typeof pricingModelSchema>;

/** Every input field a condition reads, in order of appearance (used for validation and for reason params). */
export function conditionFields(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else if (!out.includes(c.field)) out.push(c.field);
  return out;
}
