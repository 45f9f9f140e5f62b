/**
 * Evaluators for the six models. Pure and deterministic: the same rule set, LPR table and inputs give the same
 * decision byte for byte (no clock, no randomness), which is what makes a stored decision replayable and a
 * head-office dry run meaningful.
 */
import { daysBetween } from '../dates';
import { lprFor, type LprTable, type LprTenor } from '../lpr';
import { formatBpAsPercent, formatYuan } from '../money-format';
import { BANK_FACTS, EMPLOYER_GRADE_NAMES, FACTS_BY_ITEM } from '../collection';
import { missingData, PRODUCTS, type MissingItem, type ProductCode } from '../products';
import { REPAYMENT_METHOD_NAMES } from '../schedule';
import { ruleName } from './rule-names';
import { digestOf } from './digest';
import {
  applicationFacts,
  loanFacts,
  type ApplicationInput,
  type Classification,
  type FactMap,
  type FactValue,
  type LoanState,
} from './fields';
import {
  conditionFields,
  WARNING_LEVEL_NAMES,
  WARNING_LEVELS,
  type Condition,
  type LimitModel,
  type Message,
  type PricingModel,
  type RequirementRule,
  type RuleSet,
  type Scorecard,
  type TriggerRule,
  type WarningLevel,
} from './schema';

export type ModelName = 'admission' | 'limit' | 'pricing' | 'earlyWarning' | 'renewal' | 'riskDecision';
export type Outcome = 'approve' | 'refer' | 'reject';
export type ReasonEffect = 'reject' | 'refer' | 'warning' | 'info';

export interface Reason {
  code: string;
  model: ModelName;
  effect: ReasonEffect;
  /** Set on early-warning signals. */
  level?: Exclude<WarningLevel, 'none'>;
  messageZh: string;
  messageEn: string;
  params: Record<string, FactValue | null>;
}

// ───────────────────────────── conditions and messages ─────────────────────────────

/** An absent input makes every comparison false (so `not` of it is true): unknown is never "meets the rule". */
export function evalCondition(c: Condition, facts: FactMap): boolean {
  if ('all' in c) return c.all.every((x) => evalCondition(x, facts));
  if ('any' in c) return c.any.some((x) => evalCondition(x, facts));
  if ('not' in c) return !evalCondition(c.not, facts);
  const v = facts[c.field];
  switch (c.op) {
    case 'present':
      return v !== undefined;
    case 'absent':
      return v === undefined;
    case 'eq':
      return v !== undefined && v === c.value;
    case 'ne':
      return v !== undefined && v !== c.value;
    case 'gt':
      return typeof v === 'number' && v > c.value;
    case 'gte':
      return typeof v === 'number' && v >= c.value;
    case 'lt':
      return typeof v === 'number' && v < c.value;
    case 'lte':
      return typeof v === 'number' && v <= c.value;
    case 'between':
      return typeof v === 'number' && v >= c.min && v <= c.max;
    case 'in':
      return v !== undefined && typeof v !== 'boolean' && c.values.includes(v);
    case 'nin':
      return v !== undefined && typeof v !== 'boolean' && !c.values.includes(v);
    case 'prefix':
      return typeof v === 'string' && c.values.some((p) => v.startsWith(String(p)));
  }
}

type Named = Readonly<Record<string, { zh: string; en: string }>>;
// Inputs whose values are codes: a reason says "等额本息", not "equal-installment".
const VALUE_NAMES: Readonly<Record<string, Named>> = {
  repaymentMethod: REPAYMENT_METHOD_NAMES,
  employerGrade: EMPLOYER_GRADE_NAMES,
  productCode: Object.fromEntries(Object.values(PRODUCTS).map((p) => [p.code, { zh: p.nameZh, en: p.nameEn }])),
  warningLevel: WARNING_LEVEL_NAMES,
  maxWarningLevel: WARNING_LEVEL_NAMES,
};

/** An input's value as a reason states it: amounts in yuan, rates as percentages, codes by name, yes/no. */
export function formatValue(key: string, v: FactValue, filter: string | undefined, lang: 'zh' | 'en'): string {
  if (typeof v === 'number' && filter === 'yuan') return lang === 'zh' ? `${formatYuan(v)}元` : `CNY ${formatYuan(v)}`;
  if (typeof v === 'number' && filter === 'pct') return formatBpAsPercent(v);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  const named = VALUE_NAMES[key]?.[String(v)];
  return named ? named[lang] : String(v);
}

/** A rule's message with its `{field}`, `{field|yuan}`, `{field|pct}` filled; reasons built from absent inputs never get here. */
export function formatMessage(template: string, params: Record<string, FactValue | null>, lang: 'zh' | 'en'): string {
  return template.replace(/\{(\w+)(?:\|(yuan|pct))?\}/g, (_, key: string, filter?: string) => {
    const v = params[key];
    if (v === undefined || v === null) return lang === 'zh' ? '（未提供）' : '(not provided)';
    return formatValue(key, v, filter, lang);
  });
}

/** The inputs a teller fills in, by name: "月收入（元）". */
const FACT_NAMES: Named = Object.fromEntries([...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS].map((f) => [f.key, { zh: f.zh.replace(/（.*）$/, ''), en: f.en.replace(/ \(.*\)$/, '') }]));
const factName = (field: string, lang: 'zh' | 'en') => FACT_NAMES[field]?.[lang] ?? field;

const MISSING: Message = {
  zh: '缺少{missing}，无法核对“{rule}”，转人工调查核实',
  en: 'Missing {missing}: “{rule}” cannot be checked; referred for manual investigation',
};

/**
 * A rule that failed only for want of an input: missing data is never a reason to decline. The application goes
 * to a person, and the reason names what is missing instead of printing "未提供" into the rule's sentence.
 */
function missingReason(model: ModelName, code: string, rule: Message, missing: string[], params: Record<string, FactValue | null>): Reason {
  const names = (lang: 'zh' | 'en') => missing.map((f) => factName(f, lang)).join(lang === 'zh' ? '、' : ', ');
  const ruleText = (lang: 'zh' | 'en') => ruleName(code, rule, lang);
  return {
    code,
    model,
    effect: 'refer',
    messageZh: formatMessage(MISSING.zh, { missing: names('zh'), rule: ruleText('zh') }, 'zh'),
    messageEn: formatMessage(MISSING.en, { missing: names('en'), rule: ruleText('en') }, 'en'),
    params: { ...params, missing: missing.join(',') },
  };
}

/** Inputs a condition compares that the application does not have (a presence check itself does not count). */
function absentInputs(c: Condition, facts: FactMap): string[] {
  const out: string[] = [];
  const walk = (x: Condition) => {
    if ('all' in x) x.all.forEach(walk);
    else if ('any' in x) x.any.forEach(walk);
    else if ('not' in x) walk(x.not);
    else if (x.op !== 'present' && x.op !== 'absent' && facts[x.field] === undefined && !out.includes(x.field)) out.push(x.field);
  };
  walk(c);
  return out;
}

function paramsFor(fields: readonly string[], facts: FactMap, extra?: Record<string, FactValue | null>): Record<string, FactValue | null> {
  const out: Record<string, FactValue | null> = {};
  for (const f of fields) out[f] = facts[f] ?? null;
  return extra ? { ...out, ...extra } : out;
}

function reason(
  model: ModelName,
  code: string,
  effect: ReasonEffect,
  message: Message,
  params: Record<string, FactValue | null>,
  level?: Exclude<WarningLevel, 'none'>,
): Reason {
  return {
    code,
    model,
    effect,
    ...(level ? { level } : {}),
    messageZh: formatMessage(message.zh, params, 'zh'),
    messageEn: formatMessage(message.en, params, 'en'),
    params,
  };
}

function ruleReason(model: ModelName, r: { code: string; effect: 'reject' | 'refer'; message: Message }, c: Condition, facts: FactMap): Reason {
  const params = paramsFor(conditionFields(c), facts);
  const missing = absentInputs(c, facts);
  return missing.length ? missingReason(model, r.code, r.message, missing, params) : reason(model, r.code, r.effect, r.message, params);
}

function runRequirements(model: ModelName, rules: readonly RequirementRule[], facts: FactMap, out: Reason[]): void {
  for (const r of rules) if (!evalCondition(r.require, facts)) out.push(ruleReason(model, r, r.require, facts));
}

function runTriggers(model: ModelName, rules: readonly TriggerRule[], facts: FactMap, out: Reason[]): void {
  for (const r of rules) if (evalCondition(r.when, facts)) out.push(ruleReason(model, r, r.when, facts));
}

// ───────────────────────────── score card, limit, pricing ─────────────────────────────

export interface ScoreLine {
  code: string;
  field: string;
  value: FactValue | null;
  points: number;
}

export function scoreApplicant(card: Scorecard, facts: FactMap): { score: number; lines: ScoreLine[] } {
  let score = card.baseScore;
  const lines: ScoreLine[] = [];
  for (const ch of card.characteristics) {
    const v = facts[ch.field];
    let points = ch.otherwisePoints;
    if (v !== undefined) {
      for (const b of ch.bins) {
        const hit =
          b.equals !== undefined
            ? v === b.equals
            : typeof v === 'number' && (b.min === undefined || v >= b.min) && (b.max === undefined || v < b.max);
        if (hit) {
          points = b.points;
          break;
        }
      }
    }
    score += points;
    lines.push({ code: ch.code, field: ch.field, value: v ?? null, points });
  }
  return { score, lines };
}

export interface LimitResult {
  /** The most this applicant may have, before looking at what was asked. */
  maxLimitFen: number;
  /** min(requested, max), or 0 when below the floor. */
  grantedFen: number;
  basesUsed: string[];
  factorBp: number;
}

const scaleBp = (value: number, bp: number): bigint => (BigInt(value) * BigInt(bp)) / 10_000n;

export function computeLimit(model: LimitModel, facts: FactMap, score: number, requestedFen: number): LimitResult {
  const candidates: bigint[] = [];
  const basesUsed: string[] = [];
  for (const b of model.bases) {
    const v = facts[b.field];
    if (typeof v === 'number') {
      candidates.push(scaleBp(Math.max(0, v), b.multiplierBp));
      basesUsed.push(b.code);
    }
  }
  const factorBp = model.scoreFactors.find((f) => score >= f.minScore)?.factorBp ?? 0;
  if (candidates.length === 0) return { maxLimitFen: 0, grantedFen: 0, basesUsed, factorBp };
  let base =
    model.combine === 'sum'
      ? candidates.reduce((a, b) => a + b, 0n)
      : candidates.reduce((a, b) => (model.combine === 'max' ? (b > a ? b : a) : b < a ? b : a));
  for (const d of model.deductions) {
    const v = facts[d.field];
    if (typeof v === 'number') base -= scaleBp(Math.max(0, v), d.multiplierBp);
  }
  if (base < 0n) base = 0n;
  let limit = (base * BigInt(factorBp)) / 10_000n;
  if (limit > BigInt(model.capFen)) limit = BigInt(model.capFen);
  const unit = BigInt(model.unitFen);
  limit = (limit / unit) * unit;
  const maxLimitFen = Number(limit);
  const grantedFen = maxLimitFen < model.floorFen ? 0 : Math.min(maxLimitFen, requestedFen);
  return { maxLimitFen, grantedFen, basesUsed, factorBp };
}

export interface PricingResult {
  lprBp: number;
  lprTenor: LprTenor;
  lprFixingDate: string;
  spreadBp: number;
  rateBp: number;
  bands: { score: string; term: string; limit: string };
}

export function priceLoan(model: PricingModel, lprTable: LprTable, date: string, termMonths: number, score: number, amountFen: number): PricingResult {
  const sFound = model.scoreBands.findIndex((b) => score >= b.minScore);
  const sIdx = sFound === -1 ? model.scoreBands.length - 1 : sFound;
  const tFound = model.termBands.findIndex((b) => termMonths <= b.maxMonths);
  const tIdx = tFound === -1 ? model.termBands.length - 1 : tFound;
  const lFound = model.limitBands.findIndex((b) => amountFen <= b.maxFen);
  const lIdx = lFound === -1 ? model.limitBands.length - 1 : lFound;
  const quote = lprFor(lprTable, date, termMonths);
  const raw = quote.bp + model.spreadBp[sIdx]![tIdx]![lIdx]!;
  const rateBp = Math.min(model.maxRateBp, Math.max(model.minRateBp, raw));
  return {
    lprBp: quote.bp,
    lprTenor: quote.tenor,
    lprFixingDate: quote.fixingDate,
    spreadBp: rateBp - quote.bp,
    rateBp,
    bands: { score: model.scoreBands[sIdx]!.code, term: model.termBands[tIdx]!.code, limit: model.limitBands[lIdx]!.code },
  };
}

// ───────────────────────────── early warning and renewal ─────────────────────────────

export interface EarlyWarningResult {
  loanId: string;
  asOf: string;
  level: WarningLevel;
  /** After the five-category floors for overdue days. */
  classification: Classification;
  signals: Reason[];
  ruleSetVersion: number;
  inputsDigest: string;
}

const levelRank = (l: WarningLevel): number => WARNING_LEVELS.indexOf(l);

export interface WarningCore {
  level: WarningLevel;
  classification: Classification;
  signals: Reason[];
}

function runEarlyWarning(ruleSet: RuleSet, facts: FactMap): WarningCore {
  const signals: Reason[] = [];
  let level: WarningLevel = 'none';
  for (const s of ruleSet.models.earlyWarning.signals) {
    if (!evalCondition(s.when, facts)) continue;
    signals.push(reason('earlyWarning', s.code, 'warning', s.message, paramsFor(conditionFields(s.when), facts), s.level));
    if (levelRank(s.level) > levelRank(level)) level = s.level;
  }
  return { level, classification: facts.classification as Classification, signals };
}

const factsOfLoan = (loan: LoanState): FactMap => loanFacts(loan, daysBetween(loan.asOf, loan.maturityDate));

/** The early-warning model's answer alone — what the daily scan needs for every loan, without the evidence digest. */
export const earlyWarningOf = (ruleSet: RuleSet, loan: LoanState): WarningCore => runEarlyWarning(ruleSet, factsOfLoan(loan));

export function evaluateEarlyWarning(ruleSet: RuleSet, loan: LoanState): EarlyWarningResult {
  const core = runEarlyWarning(ruleSet, factsOfLoan(loan));
  return { loanId: loan.loanId, asOf: loan.asOf, ...core, ruleSetVersion: ruleSet.version, inputsDigest: digestOf(loan) };
}

export interface RenewalResult {
  loanId: string;
  outcome: 'eligible' | 'refer' | 'ineligible';
  warningLevel: WarningLevel;
  reasons: Reason[];
  ruleSetVersion: number;
}

const RENEWAL_WARNING_MESSAGE: Message = {
  zh: '贷后预警等级为{warningLevel}，高于续贷允许的{maxWarningLevel}',
  en: 'Early-warning level {warningLevel} is above the {maxWarningLevel} renewal allows',
};

/**
 * May the loan roll over at maturity. The renewal rules see the loan's facts and, when given, the applicant's
 * current facts (a renewal re-checks age, bureau and so on).
 */
export function evaluateRenewal(ruleSet: RuleSet, loan: LoanState, applicant: FactMap = {}, warning?: Pick<EarlyWarningResult, 'level'>): RenewalResult {
  const loanFactMap = factsOfLoan(loan);
  const level = warning?.level ?? runEarlyWarning(ruleSet, loanFactMap).level;
  return { loanId: loan.loanId, ...runRenewal(ruleSet, loanFactMap, applicant, level), ruleSetVersion: ruleSet.version };
}

function runRenewal(ruleSet: RuleSet, loanFactMap: FactMap, applicant: FactMap, level: WarningLevel): Pick<RenewalResult, 'outcome' | 'warningLevel' | 'reasons'> {
  const facts: FactMap = { ...applicant, ...loanFactMap, earlyWarningLevelRank: levelRank(level) };
  const reasons: Reason[] = [];
  runRequirements('renewal', ruleSet.models.renewal.rules, facts, reasons);
  const max = ruleSet.models.renewal.maxWarningLevel;
  if (levelRank(level) > levelRank(max)) {
    reasons.push(reason('renewal', 'renewal-warning-level', 'reject', RENEWAL_WARNING_MESSAGE, { warningLevel: level, maxWarningLevel: max }));
  }
  const outcome = reasons.some((r) => r.effect === 'reject') ? 'ineligible' : reasons.length > 0 ? 'refer' : 'eligible';
  return { outcome, warningLevel: level, reasons };
}

// ───────────────────────────── the application decision ─────────────────────────────

export interface Decision {
  applicationId: string;
  productCode: ProductCode;
  outcome: Outcome;
  /** Granted limit; 0 when rejected. */
  limitFen: number;
  /** What the limit model allowed before looking at the amount asked. */
  maxLimitFen: number;
  /** 0 when rejected. */
  rateBp: number;
  lprBp: number;
  lprTenor: LprTenor;
  lprFixingDate: string;
  /** rateBp − lprBp; 0 when rejected. */
  spreadBp: number;
  score: number;
  scoreLines: ScoreLine[];
  reasons: Reason[];
  modelsRun: ModelName[];
  ruleSetProduct: ProductCode;
  ruleSetVersion: number;
  ruleSetDigest: string;
  inputsDigest: string;
  /** Stored so the decision can be replayed. */
  inputs: ApplicationInput;
}

export class IncompleteApplicationError extends Error {
  constructor(readonly missing: MissingItem[]) {
    super(`申请资料不全，缺少：${missing.map((m) => m.nameZh).join('、')}`);
  }
}

export class RuleSetMismatchError extends Error {
  constructor(
    readonly ruleSetProduct: ProductCode,
    readonly applicationProduct: ProductCode,
  ) {
    super(`rule set for ${ruleSetProduct} cannot decide a ${applicationProduct} application`);
  }
}

const ruleSetDigests = new WeakMap<RuleSet, string>();
export function ruleSetDigest(rs: RuleSet): string {
  let d = ruleSetDigests.get(rs);
  if (d === undefined) {
    d = digestOf(rs);
    ruleSetDigests.set(rs, d);
  }
  return d;
}

const M = {
  noBasis: {
    zh: '缺少额度测算依据（收入、流水或资产），转人工调查',
    en: 'No basis for the limit (income, turnover or assets); referred for manual investigation',
  },
  belowFloor: {
    zh: '测算额度{maxLimitFen|yuan}低于产品起贷额度{floorFen|yuan}',
    en: 'Computed limit {maxLimitFen|yuan} is below the product minimum {floorFen|yuan}',
  },
  reduced: {
    zh: '申请金额{requestedAmountFen|yuan}高于可授信额度，按{maxLimitFen|yuan}授信',
    en: 'Requested {requestedAmountFen|yuan} exceeds the available limit; granted {maxLimitFen|yuan}',
  },
  pricing: {
    zh: '执行利率{rateBp|pct}＝LPR {lprBp|pct}＋{spreadBp}个基点（按评分{score}分、期限{termMonths}个月、额度{amountFen|yuan}定价）',
    en: 'Rate {rateBp|pct} = LPR {lprBp|pct} + {spreadBp} bp (priced on a score of {score}, {termMonths} months, {amountFen|yuan})',
  },
  scoreReject: { zh: '综合评分{score}分，低于准入线{referMinScore}分', en: 'Score {score} is below the cut-off {referMinScore}' },
  scoreMissing: {
    zh: '综合评分{score}分，低于准入线{referMinScore}分；{missing}未提供，未能计分，转人工调查核实',
    en: 'Score {score} is below the cut-off {referMinScore}, with {missing} not provided and not scored; referred for manual investigation',
  },
  scoreRefer: {
    zh: '综合评分{score}分，低于自动审批线{approveMinScore}分，转人工调查',
    en: 'Score {score} is below the auto-approval line {approveMinScore}; referred for manual investigation',
  },
  aboveAuto: {
    zh: '授信金额{limitFen|yuan}超过自动审批上限{autoApproveMaxFen|yuan}，转人工调查',
    en: 'Limit {limitFen|yuan} exceeds the auto-approval maximum {autoApproveMaxFen|yuan}; referred',
  },
  approved: { zh: '各模型均通过，自动审批通过', en: 'All models passed; approved automatically' },
} satisfies Record<string, Message>;

/**
 * Runs every model that applies to the application — admission, limit, pricing, risk decision, and for a
 * renewal (input.existingLoan) early warning and renewal too — and returns the decision with the rule-set
 * version, digests of the rules and the inputs, and the inputs themselves for replay.
 * Throws IncompleteApplicationError when required data is missing (submission must be blocked before this).
 */
export function evaluateApplication(ruleSet: RuleSet, lprTable: LprTable, input: ApplicationInput): Decision {
  return { ...decide(ruleSet, lprTable, input), ruleSetDigest: ruleSetDigest(ruleSet), inputsDigest: digestOf(input) };
}

/** The decision without the digests: what a dry run compares, at a fraction of the cost. */
function decide(ruleSet: RuleSet, lprTable: LprTable, input: ApplicationInput): Omit<Decision, 'ruleSetDigest' | 'inputsDigest'> {
  if (ruleSet.product !== input.productCode) throw new RuleSetMismatchError(ruleSet.product, input.productCode);
  const missing = missingData(PRODUCTS[input.productCode], input.collectedData);
  if (missing.length > 0) throw new IncompleteApplicationError(missing);

  const m = ruleSet.models;
  const facts = applicationFacts(input);
  const reasons: Reason[] = [];
  const modelsRun: ModelName[] = ['admission'];

  runRequirements('admission', m.admission.rules, facts, reasons);

  const { score, lines } = scoreApplicant(m.riskDecision.scorecard, facts);

  modelsRun.push('limit');
  const limit = computeLimit(m.limit, facts, score, input.requestedAmountFen);
  if (limit.basesUsed.length === 0) reasons.push(reason('limit', 'limit-no-basis', 'refer', M.noBasis, {}));
  else if (limit.maxLimitFen < m.limit.floorFen)
    reasons.push(reason('limit', 'limit-below-floor', 'reject', M.belowFloor, { maxLimitFen: limit.maxLimitFen, floorFen: m.limit.floorFen }));
  else if (input.requestedAmountFen > limit.maxLimitFen)
    reasons.push(reason('limit', 'limit-reduced', 'info', M.reduced, { requestedAmountFen: input.requestedAmountFen, maxLimitFen: limit.maxLimitFen }));

  modelsRun.push('pricing');
  const priced = priceLoan(m.pricing, lprTable, input.applicationDate, input.termMonths, score, limit.grantedFen || input.requestedAmountFen);

  if (input.existingLoan) {
    modelsRun.push('earlyWarning', 'renewal');
    const loanFactMap = factsOfLoan(input.existingLoan);
    const ew = runEarlyWarning(ruleSet, loanFactMap);
    reasons.push(...ew.signals);
    reasons.push(...runRenewal(ruleSet, loanFactMap, facts, ew.level).reasons);
  }

  modelsRun.push('riskDecision');
  runTriggers('riskDecision', m.riskDecision.rules, facts, reasons);
  const rd = m.riskDecision;
  // A score pulled under the cut-off by inputs nobody provided says nothing about the applicant: a person decides.
  const unscored = [...new Set(lines.filter((l) => l.value === null).map((l) => l.field))];
  if (score < rd.referMinScore && unscored.length) {
    const names = (lang: 'zh' | 'en') => unscored.map((f) => factName(f, lang)).join(lang === 'zh' ? '、' : ', ');
    reasons.push({
      ...reason('riskDecision', 'score-below-cutoff', 'refer', M.scoreMissing, { score, referMinScore: rd.referMinScore, missing: unscored.join(',') }),
      messageZh: formatMessage(M.scoreMissing.zh, { score, referMinScore: rd.referMinScore, missing: names('zh') }, 'zh'),
      messageEn: formatMessage(M.scoreMissing.en, { score, referMinScore: rd.referMinScore, missing: names('en') }, 'en'),
    });
  } else if (score < rd.referMinScore) reasons.push(reason('riskDecision', 'score-below-cutoff', 'reject', M.scoreReject, { score, referMinScore: rd.referMinScore }));
  else if (score < rd.approveMinScore)
    reasons.push(reason('riskDecision', 'score-below-auto', 'refer', M.scoreRefer, { score, approveMinScore: rd.approveMinScore }));
  if (limit.grantedFen > rd.autoApproveMaxFen)
    reasons.push(reason('riskDecision', 'amount-above-auto', 'refer', M.aboveAuto, { limitFen: limit.grantedFen, autoApproveMaxFen: rd.autoApproveMaxFen }));

  const outcome: Outcome = reasons.some((r) => r.effect === 'reject') ? 'reject' : reasons.some((r) => r.effect === 'refer') ? 'refer' : 'approve';
  const rejected = outcome === 'reject';
  if (!rejected) {
    reasons.push(
      reason('pricing', 'pricing', 'info', M.pricing, {
        rateBp: priced.rateBp,
        lprBp: priced.lprBp,
        spreadBp: priced.spreadBp,
        score,
        termMonths: input.termMonths,
        amountFen: limit.grantedFen || input.requestedAmountFen,
        scoreBand: priced.bands.score,
        termBand: priced.bands.term,
        limitBand: priced.bands.limit,
      }),
    );
  }
  if (outcome === 'approve') reasons.push(reason('riskDecision', 'auto-approved', 'info', M.approved, {}));

  return {
    applicationId: input.applicationId,
    productCode: input.productCode,
    outcome,
    limitFen: rejected ? 0 : limit.grantedFen,
    maxLimitFen: limit.maxLimitFen,
    rateBp: rejected ? 0 : priced.rateBp,
    lprBp: priced.lprBp,
    lprTenor: priced.lprTenor,
    lprFixingDate: priced.lprFixingDate,
    spreadBp: rejected ? 0 : priced.spreadBp,
    score,
    scoreLines: lines,
    reasons,
    modelsRun,
    ruleSetProduct: ruleSet.product,
    ruleSetVersion: ruleSet.version,
    inputs: input,
  };
}

/** Missing required data, checked before submission; the UI lists it and the submit button stays disabled. */
export function submissionBlockers(input: Pick<ApplicationInput, 'productCode' | 'collectedData'>): MissingItem[] {
  return missingData(PRODUCTS[input.productCode], input.collectedData);
}

export interface ReplayResult {
  identical: boolean;
  inputsIntact: boolean;
  ruleSetMatches: boolean;
  replayed: Decision;
}

/**
 * What a decision decided, without its wording: a reason reworded in a later release (a clearer sentence, a
 * value named instead of coded) is the same decision.
 */
function substance(d: Decision): unknown {
  const { inputs: _i, reasons, ...rest } = d;
  return { ...rest, reasons: reasons.map(({ messageZh: _z, messageEn: _e, ...r }) => r) };
}

/** Re-runs a stored decision with the rule set of the version it names; any difference means something drifted. */
export function replayDecision(ruleSet: RuleSet, lprTable: LprTable, stored: Decision): ReplayResult {
  const replayed = evaluateApplication(ruleSet, lprTable, stored.inputs);
  return {
    identical: digestOf(substance(replayed)) === digestOf(substance(stored)),
    inputsIntact: digestOf(stored.inputs) === stored.inputsDigest,
    ruleSetMatches: ruleSetDigest(ruleSet) === stored.ruleSetDigest,
    replayed,
  };
}

// ───────────────────────────── dry run ─────────────────────────────

export interface DryRunChange {
  applicationId: string;
  from: { outcome: Outcome; limitFen: number; rateBp: number };
  to: { outcome: Outcome; limitFen: number; rateBp: number };
}

export interface DryRunResult {
  total: number;
  /** Decisions that differ in outcome, limit or rate. */
  changed: number;
  outcomeChanged: number;
  limitChanged: number;
  rateChanged: number;
  /** Outcome transitions, e.g. { 'approve→refer': 12 }; unchanged outcomes are not listed. */
  byTransition: Record<string, number>;
  /** Applications that could not be evaluated (incomplete data, no LPR on their date...). */
  errors: { applicationId: string; message: string }[];
  /** The first changes, for the reviewer to open. */
  samples: DryRunChange[];
}

/** How many past decisions would change if `next` replaced `current`, judged on the same inputs and LPR table. */
export function dryRun(
  current: RuleSet,
  next: RuleSet,
  pastApplications: readonly ApplicationInput[],
  lprTable: LprTable,
  sampleSize = 50,
): DryRunResult {
  const result: DryRunResult = { total: 0, changed: 0, outcomeChanged: 0, limitChanged: 0, rateChanged: 0, byTransition: {}, errors: [], samples: [] };
  for (const app of pastApplications) {
    if (app.productCode !== next.product) continue;
    result.total++;
    let a: ReturnType<typeof decide>;
    let b: ReturnType<typeof decide>;
    try {
      a = decide(current, lprTable, app);
      b = decide(next, lprTable, app);
    } catch (e) {
      result.errors.push({ applicationId: app.applicationId, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const oc = a.outcome !== b.outcome;
    const lc = a.limitFen !== b.limitFen;
    const rc = a.rateBp !== b.rateBp;
    if (oc) {
      result.outcomeChanged++;
      const key = `${a.outcome}→${b.outcome}`;
      result.byTransition[key] = (result.byTransition[key] ?? 0) + 1;
    }
    if (lc) result.limitChanged++;
    if (rc) result.rateChanged++;
    if (oc || lc || rc) {
      result.changed++;
      if (result.samples.length < sampleSize) {
        result.samples.push({
          applicationId: app.applicationId,
          from: { outcome: a.outcome, limitFen: a.limitFen, rateBp: a.rateBp },
          to: { outcome: b.outcome, limitFen: b.limitFen, rateBp: b.rateBp },
        });
      }
    }
  }
  return result;
}
