import { describe, expect, it } from 'vitest';
import {
  compileSegmentRule, compileSegments, PRODUCT_BITS, DEFAULT_SEGMENT_RULES, evaluateCustomer, SegmentRuleError, segmentRulesSchema, type SegmentFacts,
} from './segment-rules';

const facts = (over: Partial<SegmentFacts> = {}): SegmentFacts => ({
  tier: 'standard', avgFen: 0, demandAvgFen: 0, balanceFen: 0, timeBalanceFen: 0, loanBalanceFen: 0, loans: 0,
  loanMaturesInDays: null, age: 45, daysTo60: 5000, products: PRODUCT_BITS.demand, ...over,
});

describe('segment rules', () => {
  it('compares tiers by rank, money in fen, products held, and combines with and/or/not and brackets (English or Chinese)', () => {
    const rich = compileSegmentRule('tier >= gold and demandAvgFen >= 5_000_000');
    expect(rich(facts({ tier: 'platinum', demandAvgFen: 5_000_000 }))).toBe(true);
    expect(rich(facts({ tier: 'silver', demandAvgFen: 9_000_000 }))).toBe(false);
    const zh = compileSegmentRule('(持有 loan 或 age >= 70) 且 非 持有 time');
    expect(zh(facts({ products: PRODUCT_BITS.demand | PRODUCT_BITS.loan }))).toBe(true);
    expect(zh(facts({ age: 71, products: PRODUCT_BITS.time }))).toBe(false);
    expect(zh(facts())).toBe(false);
    const between = compileSegmentRule('daysTo60 between 0 and 90');
    expect(between(facts({ daysTo60: 90 }))).toBe(true);
    expect(between(facts({ daysTo60: -1 }))).toBe(false);
  });

  it('a fact that is unknown (null) matches no comparison', () => {
    expect(compileSegmentRule('loanMaturesInDays <= 60')(facts({ loanMaturesInDays: null }))).toBe(false);
    expect(compileSegmentRule('not loanMaturesInDays <= 60')(facts({ loanMaturesInDays: null }))).toBe(true);
  });

  it.each([
    ['tier >= gld', '应为等级'],
    ['balance >= 100', '未知字段'],
    ['avgFen >= 1.5', '多余的内容'],
    ['avgFen >=', '应为整数'],
    ['(holds loan', '缺少右括号'],
    ['holds car', '应为产品'],
    ['age between 70 and 60', '下限大于上限'],
    ['age > 60 age < 70', '多余的内容'],
    ['', '缺少条件'],
  ])('a rule that does not parse is refused with where and what: %s', (rule, words) => {
    let err: unknown;
    try {
      compileSegmentRule(rule);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SegmentRuleError);
    expect((err as SegmentRuleError).messageZh).toContain(words);
  });

  it('the rules file is refused whole when one segment rule does not parse or an offer names no segment', () => {
    const bad = structuredClone(DEFAULT_SEGMENT_RULES);
    bad.segments[1]!.rule = 'holds loan and loanMaturesInDays =< 60';
    bad.offers[0]!.segment = 'nobody';
    const parsed = segmentRulesSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((i) => i.message).join('\n');
    expect(messages).toContain('客群“贷款即将到期”的规则无法解析');
    expect(messages).toContain('没有客群 nobody');
  });

  it('the next best offer is the first offer, in the rules order, of a segment the customer is in', () => {
    const c = compileSegments(DEFAULT_SEGMENT_RULES);
    const r = evaluateCustomer(c, facts({ tier: 'diamond', demandAvgFen: 9_000_000, daysTo60: 30 }));
    expect(r.segments).toEqual(['turning-60', 'idle-demand', 'high-value']);
    expect(r.offer?.code).toBe('pension-card');
    expect(evaluateCustomer(c, facts()).offer).toBeNull();
  });
});
