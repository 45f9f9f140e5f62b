import { z } from 'zod';
import { TIER_CODES, type TierCode } from './value-rules';

/**
 * 精准营销 — segments and offers as versioned head-office rules. A segment is a condition written in a small
 * language over a customer's facts, e.g. `tier >= gold and demandAvgFen >= 5000000 and not holds loan`; an offer
 * belongs to one segment, and a customer's next best offer is the first offer (in the rules' order) whose segment
 * they are in. Rules are parsed once and compiled to plain functions, so 200,000 customers evaluate in
 * milliseconds. Pure: no I/O. Money is integer fen.
 *
 * Grammar (keywords in English or Chinese):
 *   expr    := and (('or' | '或') and)*
 *   and     := not (('and' | '且') not)*
 *   not     := ('not' | '非') not | primary
 *   primary := '(' expr ')' | 'holds' PRODUCT | FIELD OP value | FIELD 'between' INT 'and' INT
 *   OP      := >= | <= | > | < | = | !=        value := INT | TIER (tier fields only)
 */

/** What head office knows of a customer, the segment rules' vocabulary. A missing date-based fact is null. */
export interface SegmentFacts {
  tier: TierCode;
  /** Last complete month's average daily balance of all deposits / demand deposits (fen). */
  avgFen: number;
  demandAvgFen: number;
  /** Balances at the last deposits file (fen). */
  balanceFen: number;
  timeBalanceFen: number;
  /** Outstanding principal of active loans (fen) and their number. */
  loanBalanceFen: number;
  loans: number;
  /** Days until the nearest maturity of an active loan (null: none). */
  loanMaturesInDays: number | null;
  /** Age in whole years and days until the 60th birthday (negative once past; null: unknown birth date). */
  age: number | null;
  daysTo60: number | null;
  /** Product kinds held, as bits of PRODUCT_BITS (a number, not a set: 200,000 customers are evaluated at once). */
  products: number;
}

export const SEGMENT_FIELDS = {
  tier: '客户等级', avgFen: '上月日均存款（分）', demandAvgFen: '上月日均活期存款（分）', balanceFen: '存款余额（分）',
  timeBalanceFen: '定期存款余额（分）', loanBalanceFen: '贷款余额（分）', loans: '在贷笔数', loanMaturesInDays: '贷款到期天数',
  age: '年龄', daysTo60: '距60岁生日天数',
} as const satisfies Record<Exclude<keyof SegmentFacts, 'products'>, string>;
type Field = keyof typeof SEGMENT_FIELDS;
export const SEGMENT_PRODUCTS = ['demand', 'time', 'loan'] as const;
export const PRODUCT_BITS: Record<(typeof SEGMENT_PRODUCTS)[number], number> = { demand: 1, time: 2, loan: 4 };
/** The bit of a product kind (0 for a kind the rules do not know). */
export const productBit = (kind: string): number => PRODUCT_BITS[kind as keyof typeof PRODUCT_BITS] ?? 0;

/** A rule that does not parse: the message names the position and what was expected, in Chinese. */
export class SegmentRuleError extends Error {
  constructor(readonly messageZh: string, readonly position: number) {
    super(messageZh);
  }
}

type Pred = (f: SegmentFacts) => boolean;
interface Token { text: string; at: number }

const KEYWORDS: Record<string, string> = { and: 'and', 且: 'and', or: 'or', 或: 'or', not: 'not', 非: 'not', holds: 'holds', 持有: 'holds', between: 'between', 介于: 'between' };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(>=|<=|!=|[<>=()]|-?\d[\d_]*|[A-Za-z][A-Za-z0-9]*|[且或非]|持有|介于|\S)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    if (m[1] === undefined) break;
    tokens.push({ text: m[1], at: m.index + m[0].length - m[1].length });
  }
  return tokens;
}

const tierRank = (t: TierCode) => TIER_CODES.indexOf(t);

/** Parses and compiles one segment rule, or throws SegmentRuleError. */
export function compileSegmentRule(src: string): Pred {
  const tokens = tokenize(src);
  let i = 0;
  const where = () => (i < tokens.length ? `第 ${tokens[i]!.at + 1} 个字符“${tokens[i]!.text}”处` : '规则结尾处');
  const fail = (what: string): never => {
    throw new SegmentRuleError(`${where()}：${what}`, i < tokens.length ? tokens[i]!.at : src.length);
  };
  const peekKw = () => (i < tokens.length ? KEYWORDS[tokens[i]!.text.toLowerCase()] ?? KEYWORDS[tokens[i]!.text] : undefined);
  const int = (): number => {
    const t = tokens[i];
    if (!t || !/^-?\d[\d_]*$/.test(t.text)) return fail('应为整数（金额以分计）');
    i++;
    const n = Number(t.text.replaceAll('_', ''));
    if (!Number.isSafeInteger(n)) return fail('数值过大');
    return n;
  };

  function expr(): Pred {
    let left = and();
    while (peekKw() === 'or') {
      i++;
      const l = left, r = and();
      left = (f) => l(f) || r(f);
    }
    return left;
  }
  function and(): Pred {
    let left = not();
    while (peekKw() === 'and') {
      i++;
      const l = left, r = not();
      left = (f) => l(f) && r(f);
    }
    return left;
  }
  function not(): Pred {
    if (peekKw() === 'not') {
      i++;
      const p = not();
      return (f) => !p(f);
    }
    return primary();
  }
  function primary(): Pred {
    const t = tokens[i];
    if (!t) return fail('规则不完整，缺少条件');
    if (t.text === '(') {
      i++;
      const p = expr();
      if (tokens[i]?.text !== ')') fail('缺少右括号“)”');
      i++;
      return p;
    }
    if (peekKw() === 'holds') {
      i++;
      const product = tokens[i]?.text;
      if (!product || !(SEGMENT_PRODUCTS as readonly string[]).includes(product)) fail(`“持有/holds”之后应为产品：${SEGMENT_PRODUCTS.join('、')}`);
      i++;
      const bit = productBit(product!);
      return (f) => (f.products & bit) !== 0;
    }
    if (!(t.text in SEGMENT_FIELDS)) fail(`未知字段，可用字段：${Object.keys(SEGMENT_FIELDS).join('、')}`);
    const field = t.text as Field;
    i++;
    if (peekKw() === 'between') {
      i++;
      const lo = int();
      if (peekKw() !== 'and') fail('“between/介于”应写成 between 下限 and 上限');
      i++;
      const hi = int();
      if (lo > hi) fail('下限大于上限');
      const get = numeric(field);
      return (f) => {
        const v = get(f);
        return v !== null && v >= lo && v <= hi;
      };
    }
    const op = tokens[i]?.text;
    if (!op || !['>=', '<=', '>', '<', '=', '!='].includes(op)) return fail('应为比较符号 >= <= > < = != 或 between');
    i++;
    let value: number;
    if (field === 'tier') {
      const name = tokens[i]?.text;
      if (!name || !(TIER_CODES as readonly string[]).includes(name)) return fail(`应为等级：${TIER_CODES.join('、')}`);
      i++;
      value = tierRank(name as TierCode);
    } else {
      value = int();
    }
    const get = numeric(field);
    const cmp = COMPARE[op]!;
    return (f) => {
      const v = get(f);
      return v !== null && cmp(v, value);
    };
  }

  const p = expr();
  if (i < tokens.length) fail('多余的内容（条件之间应以 and/且、or/或 连接）');
  if (tokens.length === 0) fail('规则为空');
  return p;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '<': (a, b) => a < b, '=': (a, b) => a === b, '!=': (a, b) => a !== b,
};

function numeric(field: Field): (f: SegmentFacts) => number | null {
  if (field === 'tier') return (f) => tierRank(f.tier);
  return (f) => f[field];
}

const codeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码应为2–40位小写字母、数字或-');
export const OFFER_CHANNELS = ['desk', 'kiosk', 'task'] as const;
export type OfferChannel = (typeof OFFER_CHANNELS)[number];
/**
 * What the feeds or the loan flow can show a customer opened — a deposit account of a kind (core banking's accounts,
 * signed by head office), or a loan — and so what an offer's conversion is counted to (value-dashboard.ts).
 */
export const OPENABLE_PRODUCTS = ['demand', 'time', 'debit-card', 'loan'] as const;
export type OpenableProduct = (typeof OPENABLE_PRODUCTS)[number];

export const segmentRulesSchema = z
  .object({
    version: z.int().min(1),
    segments: z.array(z.object({ code: codeSchema, name: z.string().min(1).max(40), rule: z.string().min(1).max(1000) })).min(1).max(200),
    /** In priority order: a customer's next best offer is the first whose segment they are in. */
    offers: z
      .array(z.object({ code: codeSchema, segment: codeSchema, title: z.string().min(1).max(40), product: z.string().min(1).max(40), pitch: z.string().max(200).default(''),
        /** The product whose opening counts as this offer's conversion (absent: counted to accepted only). */
        opens: z.enum(OPENABLE_PRODUCTS).optional() }))
      .min(1)
      .max(200),
    notes: z.string().max(500).optional(),
  })
  .superRefine((r, ctx) => {
    const codes = new Set<string>();
    r.segments.forEach((s, n) => {
      if (codes.has(s.code)) ctx.addIssue({ code: 'custom', path: ['segments', n, 'code'], message: '客群代码重复' });
      codes.add(s.code);
      try {
        compileSegmentRule(s.rule);
      } catch (e) {
        if (!(e instanceof SegmentRuleError)) throw e;
        ctx.addIssue({ code: 'custom', path: ['segments', n, 'rule'], message: `客群“${s.name}”的规则无法解析：${e.messageZh}` });
      }
    });
    const offers = new Set<string>();
    r.offers.forEach((o, n) => {
      if (!codes.has(o.segment)) ctx.addIssue({ code: 'custom', path: ['offers', n, 'segment'], message: `没有客群 ${o.segment}` });
      if (offers.has(o.code)) ctx.addIssue({ code: 'custom', path: ['offers', n, 'code'], message: '产品推荐代码重复' });
      offers.add(o.code);
    });
  });
export type SegmentRules = z.infer<typeof segmentRulesSchema>;
export type Offer = SegmentRules['offers'][number];

export interface CompiledSegments {
  version: number;
  segments: { code: string; name: string; test: Pred }[];
  offers: Offer[];
}

/** Rules already checked by segmentRulesSchema. */
export function compileSegments(rules: SegmentRules): CompiledSegments {
  return { version: rules.version, segments: rules.segments.map((s) => ({ code: s.code, name: s.name, test: compileSegmentRule(s.rule) })), offers: rules.offers };
}

/** The segments a customer is in, and their next best offer (null: none). */
export function evaluateCustomer(c: CompiledSegments, facts: SegmentFacts): { segments: string[]; offer: Offer | null } {
  const segments: string[] = [];
  for (const s of c.segments) if (s.test(facts)) segments.push(s.code);
  const offer = c.offers.find((o) => segments.includes(o.segment)) ?? null;
  return { segments, offer };
}

const WAN = 1_000_000; // 1万元 in fen

/** Version 1, what a new install starts with. */
export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  version: 1,
  segments: [
    { code: 'turning-60', name: '即将60岁', rule: 'daysTo60 between 0 and 90' },
    { code: 'loan-maturing', name: '贷款即将到期', rule: 'holds loan and loanMaturesInDays between 0 and 60' },
    { code: 'idle-demand', name: '活期沉淀客户', rule: `demandAvgFen >= ${5 * WAN} and not holds time` },
    { code: 'high-value', name: '高净值客户', rule: 'tier >= platinum' },
  ],
  offers: [
    { code: 'pension-card', segment: 'turning-60', title: '养老金代发卡', product: '社保卡·养老金代发', pitch: '60岁生日前办理，养老金按月到账，享专属柜台', opens: 'debit-card' },
    { code: 'loan-renewal', segment: 'loan-maturing', title: '贷款续贷预审', product: '惠农贷·无还本续贷', pitch: '贷款到期前预审续贷，免去倒贷', opens: 'loan' },
    { code: 'time-deposit', segment: 'idle-demand', title: '三年期定期存款', product: '定期存款·整存整取三年', pitch: '活期余额转定期，利息更高', opens: 'time' },
    { code: 'wealth-review', segment: 'high-value', title: '专属理财规划', product: '理财·专属客户经理', pitch: '专属客户经理一对一资产配置' },
  ],
};
