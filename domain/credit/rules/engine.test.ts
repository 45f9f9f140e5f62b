import { describe, expect, it } from 'vitest';
import { DEFAULT_LPR_TABLE } from '../lpr';
import { PRODUCT_CODES, PRODUCTS } from '../products';
import { DEFAULT_RULE_SETS, defaultRuleSet } from './defaults';
import {
  computeLimit,
  dryRun,
  evalCondition,
  evaluateApplication,
  evaluateEarlyWarning,
  evaluateRenewal,
  formatMessage,
  IncompleteApplicationError,
  priceLoan,
  replayDecision,
  RuleSetMismatchError,
  submissionBlockers,
} from './engine';
import type { ApplicationInput } from './fields';
import { healthyLoan, sampleApplications } from './sample-applications';
import { ruleSetSchema, type RuleSet } from './schema';
import { RULE_NAMES } from './rule-names';

const WAN = 1_000_000;

function goldCollar(overrides: Partial<ApplicationInput['facts']> = {}, app: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    applicationId: 'application:gc-1',
    productCode: 'gold-collar',
    applicationDate: '2025-06-10',
    requestedAmountFen: 20 * WAN,
    termMonths: 36,
    repaymentMethod: 'equal-installment',
    collectedData: [...PRODUCTS['gold-collar'].requiredData],
    facts: {
      age: 40,
      regionCode: '141081',
      blacklisted: false,
      bureauCurrentOverdueFen: 0,
      bureauOverdueTimes24m: 0,
      bureauMaxOverdueDays24m: 0,
      bureauBadDebt: false,
      bureauHardQueries6m: 1,
      bureauOutstandingDebtFen: 0,
      bureauMonthlyDebtServiceFen: 0,
      monthlyIncomeFen: 1_500_000,
      housingFundMonthlyFen: 200_000,
      employerGrade: 'civil-servant',
      socialInsuranceMonths: 72,
      ...overrides,
    },
    ...app,
  };
}

const gc = DEFAULT_RULE_SETS['gold-collar'];
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('rule-set schema', () => {
  it('every default rule set is valid published data', () => {
    for (const p of PRODUCT_CODES) {
      const parsed = ruleSetSchema.safeParse(JSON.parse(JSON.stringify(DEFAULT_RULE_SETS[p])));
      expect(parsed.success, p).toBe(true);
      expect(DEFAULT_RULE_SETS[p].models.limit.capFen).toBe(PRODUCTS[p].maxLimitFen);
    }
  });

  it('refuses a rule naming an unknown input, and a pricing table of the wrong shape', () => {
    const typo = structuredClone(gc);
    typo.models.admission.rules[0]!.require = { field: 'agee', op: 'gte', value: 18 };
    const r = ruleSetSchema.safeParse(typo);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('未知输入字段「agee」');

    const bad = structuredClone(gc);
    bad.models.pricing.spreadBp = bad.models.pricing.spreadBp.slice(1);
    expect(ruleSetSchema.safeParse(bad).success).toBe(false);
  });
});

describe('conditions and messages', () => {
  const f = { age: 30, regionCode: '141081', ok: true } as const;
  it('evaluates each operator; absent inputs never satisfy a comparison', () => {
    expect(evalCondition({ field: 'age', op: 'between', min: 18, max: 30 }, f)).toBe(true);
    expect(evalCondition({ field: 'age', op: 'gt', value: 30 }, f)).toBe(false);
    expect(evalCondition({ field: 'regionCode', op: 'prefix', values: ['1410'] }, f)).toBe(true);
    expect(evalCondition({ field: 'regionCode', op: 'nin', values: ['141081'] }, f)).toBe(false);
    expect(evalCondition({ field: 'ok', op: 'eq', value: true }, f)).toBe(true);
    expect(evalCondition({ field: 'missing', op: 'lt', value: 1 }, f)).toBe(false);
    expect(evalCondition({ field: 'missing', op: 'ne', value: 1 }, f)).toBe(false);
    expect(evalCondition({ not: { field: 'missing', op: 'eq', value: true } }, f)).toBe(true);
    expect(evalCondition({ any: [{ field: 'missing', op: 'present' }, { field: 'age', op: 'in', values: [30] }] }, f)).toBe(true);
    expect(evalCondition({ all: [{ field: 'missing', op: 'absent' }, { field: 'age', op: 'lte', value: 29 }] }, f)).toBe(false);
  });

  it('formats fen as yuan and bp as percent in both languages', () => {
    const p = { a: 1_234_567, r: 435, n: null };
    expect(formatMessage('{a|yuan} {r|pct} {n}', p, 'zh')).toBe('12,345.67元 4.35% （未提供）');
    expect(formatMessage('{a|yuan} {n}', p, 'en')).toBe('CNY 12,345.67 (not provided)');
    // Codes by name: a teller reads 等额本息 and 公务员, not equal-installment.
    expect(formatMessage('{repaymentMethod}·{employerGrade}', { repaymentMethod: 'equal-installment', employerGrade: 'civil-servant' }, 'zh')).toBe('等额本息·公务员');
  });
});

describe('evaluateApplication', () => {
  it('approves a sound gold-collar applicant with limit, LPR + spread and the rule version', () => {
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar());
    // 500 base + age 30 + no overdue 40 + 1 query 20 + no debt 30 + civil servant 70 + 72 months insurance 20
    expect(d.score).toBe(710);
    expect(d.outcome).toBe('approve');
    // max(15,000 × 20, 2,000 × 150) = 300,000 yuan × 120% (score ≥ 700) = 360,000 yuan; asked 200,000
    expect(d.maxLimitFen).toBe(36 * WAN);
    expect(d.limitFen).toBe(20 * WAN);
    // LPR 1Y on 2025-06-10 is 3.00%; spread 60 base + 0 (band a) + 30 (≤ 36 months) + 15 (≤ 30万)
    expect(d).toMatchObject({ lprBp: 300, lprTenor: '1y', lprFixingDate: '2025-05-20', spreadBp: 105, rateBp: 405 });
    expect(d.ruleSetVersion).toBe(1);
    expect(d.inputsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(d.modelsRun).toEqual(['admission', 'limit', 'pricing', 'riskDecision']);
    expect(codes(d)).toEqual(['pricing', 'auto-approved']);
    expect(d.reasons[0]!.messageZh).toBe('执行利率4.05%＝LPR 3.00%＋105个基点（按评分710分、期限36个月、额度200,000.00元定价）');
  });

  it('never declines for want of optional data: the application goes to a person, the reason names what is missing', () => {
    // 在职证明 not collected: no employer grade. Before: rejected, "工作单位类别为未提供".
    const { employerGrade: _e, ...noEmployer } = goldCollar().facts;
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar(), );
    expect(d.outcome).toBe('approve');
    const missing = evaluateApplication(gc, DEFAULT_LPR_TABLE, { ...goldCollar(), facts: noEmployer });
    expect(missing.outcome).toBe('refer');
    expect(missing.reasons.filter((r) => r.effect === 'reject')).toEqual([]);
    const r = missing.reasons.find((x) => x.code === 'stable-employer')!;
    expect(r.effect).toBe('refer');
    expect(r.messageZh).toBe('缺少工作单位类别，无法核对“公职或优质单位”，转人工调查核实');
    for (const x of missing.reasons) expect(x.messageZh).not.toMatch(/未提供个月|为未提供|\{/);
    // Social insurance months missing: no "社保连续缴纳未提供个月".
    const { socialInsuranceMonths: _s, ...noInsurance } = goldCollar().facts;
    const ins = evaluateApplication(gc, DEFAULT_LPR_TABLE, { ...goldCollar(), facts: noInsurance });
    expect(ins.outcome).not.toBe('reject');
    expect(ins.reasons.find((x) => x.code === 'social-insurance-12m')!.messageZh).toMatch(/^缺少社保连续缴纳月数/);
    // A known bad fact still declines.
    expect(evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ employerGrade: 'self-employed' })).outcome).toBe('reject');
  });

  it('does not let unscored missing inputs push a score under the cut-off into a decline', () => {
    const { employerGrade: _e, socialInsuranceMonths: _s, bureauHardQueries6m: _q, ...thin } = goldCollar().facts;
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, { ...goldCollar(), facts: thin });
    expect(d.outcome).toBe('refer');
    const cut = d.reasons.find((r) => r.code === 'score-below-cutoff');
    if (cut) expect(cut).toMatchObject({ effect: 'refer' });
  });

  it('replays a decision whose wording changed in a later release as identical', () => {
    const stored = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar());
    const reworded = { ...stored, reasons: stored.reasons.map((r) => ({ ...r, messageZh: `旧版措辞：${r.messageZh}` })) };
    expect(replayDecision(gc, DEFAULT_LPR_TABLE, reworded).identical).toBe(true);
    expect(replayDecision(gc, DEFAULT_LPR_TABLE, { ...stored, limitFen: stored.limitFen + 1 }).identical).toBe(false);
  });

  it('rejects outside 18–65 with a reason naming the age', () => {
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ age: 66 }));
    expect(d.outcome).toBe('reject');
    expect(d.limitFen).toBe(0);
    expect(d.rateBp).toBe(0);
    const r = d.reasons.find((x) => x.code === 'age-range')!;
    expect(r).toMatchObject({ model: 'admission', effect: 'reject', params: { age: 66 } });
    expect(r.messageZh).toBe('申请人年龄66岁，不在18至65岁准入范围内');
  });

  it('rejects outside the served region, on bureau red flags and on the blacklist', () => {
    expect(codes(evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ regionCode: '110105' })))).toContain('served-region');
    const flags = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ bureauBadDebt: true, bureauCurrentOverdueFen: 50_000, blacklisted: true }));
    expect(flags.outcome).toBe('reject');
    expect(codes(flags)).toEqual(expect.arrayContaining(['bureau-bad-debt', 'bureau-current-overdue', 'blacklist']));
  });

  it('refers instead of rejecting when a check was not done', () => {
    const input = goldCollar();
    delete input.facts.blacklisted;
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, input);
    expect(d.outcome).toBe('refer');
    expect(codes(d)).toContain('blacklist-unchecked');
  });

  it('refers mid scores and rejects low ones', () => {
    const mid = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ employerGrade: 'listed', socialInsuranceMonths: 12, bureauOverdueTimes24m: 2 }));
    expect(mid.score).toBe(500 + 30 + 15 + 20 + 30 + 40 + 0);
    expect(mid.outcome).toBe('refer');
    expect(codes(mid)).toContain('score-below-auto');
    const low = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ age: 22, bureauOverdueTimes24m: 4, bureauHardQueries6m: 7, socialInsuranceMonths: 12, employerGrade: 'private' }));
    expect(low.score).toBe(500 + 10 - 20 - 15 + 30 + 10 + 0);
    expect(low.outcome).toBe('reject');
    expect(codes(low)).toEqual(expect.arrayContaining(['score-below-cutoff', 'many-hard-queries']));
  });

  it('grants the computed maximum when more is asked, and declines below the product floor', () => {
    const big = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({}, { requestedAmountFen: 50 * WAN }));
    expect(big.limitFen).toBe(36 * WAN);
    expect(codes(big)).toContain('limit-reduced');
    expect(big.outcome).toBe('refer'); // 36万 > 30万 auto-approval maximum
    const tiny = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ monthlyIncomeFen: 40_000, housingFundMonthlyFen: 5_000 }));
    expect(codes(tiny)).toContain('limit-below-floor');
    expect(tiny.outcome).toBe('reject');
  });

  it('deducts existing debt and rounds the limit down to 1,000 yuan', () => {
    const d = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({ bureauOutstandingDebtFen: 10_012_345 }, { requestedAmountFen: 50 * WAN }));
    // (300,000 − 30% × 100,123.45) × 120% = 323,955.56 → 323,000
    expect(d.maxLimitFen).toBe(32_300_000);
  });

  it('blocks incomplete applications with the list of what is missing', () => {
    const input = goldCollar({}, { collectedData: ['id-card', 'credit-report'] });
    expect(submissionBlockers(input).map((m) => m.item)).toEqual(['housing-fund', 'social-insurance']);
    expect(() => evaluateApplication(gc, DEFAULT_LPR_TABLE, input)).toThrow(IncompleteApplicationError);
    try {
      evaluateApplication(gc, DEFAULT_LPR_TABLE, input);
    } catch (e) {
      expect((e as IncompleteApplicationError).message).toBe('申请资料不全，缺少：住房公积金缴存记录、社保缴纳记录');
    }
  });

  it('refuses a rule set of another product', () => {
    expect(() => evaluateApplication(DEFAULT_RULE_SETS.farmer, DEFAULT_LPR_TABLE, goldCollar())).toThrow(RuleSetMismatchError);
  });

  it('enterprise loans always go to a person; look-through flags add reasons', () => {
    const d = evaluateApplication(DEFAULT_RULE_SETS.enterprise, DEFAULT_LPR_TABLE, {
      ...goldCollar(),
      productCode: 'enterprise',
      repaymentMethod: 'interest-only',
      collectedData: [...PRODUCTS.enterprise.requiredData],
      facts: {
        ...goldCollar().facts,
        employerGrade: undefined,
        annualTurnoverFen: 1_000 * WAN,
        yearsInBusiness: 8,
        enterpriseActualControllerIdentified: false,
        enterpriseOwnershipCycle: true,
      },
    });
    expect(d.outcome).toBe('refer');
    expect(codes(d)).toEqual(expect.arrayContaining(['no-actual-controller', 'ownership-cycle', 'amount-above-auto']));
  });

  it('is deterministic and replayable; a tampered input is detected', () => {
    const input = goldCollar();
    const a = evaluateApplication(gc, DEFAULT_LPR_TABLE, input);
    const b = evaluateApplication(gc, DEFAULT_LPR_TABLE, structuredClone(input));
    expect(b).toEqual(a);
    const stored = JSON.parse(JSON.stringify(a));
    const replay = replayDecision(gc, DEFAULT_LPR_TABLE, stored);
    expect(replay).toMatchObject({ identical: true, inputsIntact: true, ruleSetMatches: true });
    stored.inputs.facts.age = 41;
    expect(replayDecision(gc, DEFAULT_LPR_TABLE, stored).inputsIntact).toBe(false);
    const edited: RuleSet = { ...structuredClone(gc), notes: 'edited but same version' };
    expect(replayDecision(edited, DEFAULT_LPR_TABLE, JSON.parse(JSON.stringify(a))).ruleSetMatches).toBe(false);
  });

  it('a renewal application runs all six models and is refused when the loan is impaired', () => {
    const ok = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({}, { existingLoan: healthyLoan() }));
    expect(ok.modelsRun).toEqual(['admission', 'limit', 'pricing', 'earlyWarning', 'renewal', 'riskDecision']);
    expect(ok.outcome).toBe('approve');
    const bad = evaluateApplication(gc, DEFAULT_LPR_TABLE, goldCollar({}, { existingLoan: healthyLoan({ overdueDays: 95 }) }));
    expect(bad.outcome).toBe('reject');
    expect(codes(bad)).toEqual(expect.arrayContaining(['overdue-long', 'classification-worsened', 'renewal-classification', 'renewal-warning-level']));
  });
});

describe('pricing and limit helpers', () => {
  it('terms over five years price off the 5-year LPR, and the rate is clamped', () => {
    const p = priceLoan(gc.models.pricing, DEFAULT_LPR_TABLE, '2024-11-01', 120, 710, 20 * WAN);
    expect(p).toMatchObject({ lprBp: 360, lprTenor: '5y', rateBp: 360 + 60 + 0 + 80 + 15 });
    const capped = priceLoan({ ...gc.models.pricing, maxRateBp: 400 }, DEFAULT_LPR_TABLE, '2024-11-01', 120, 0, 20 * WAN);
    expect(capped).toMatchObject({ rateBp: 400, spreadBp: 40 });
  });

  it('limits combine bases as configured and respect the product cap', () => {
    const m = DEFAULT_RULE_SETS.farmer.models.limit;
    // sum: 100,000 × 150% + 200,000 × 20% = 190,000; score 650 → ×100%
    expect(computeLimit(m, { annualIncomeFen: 10 * WAN, netAssetsFen: 20 * WAN }, 650, 100 * WAN).maxLimitFen).toBe(19 * WAN);
    expect(computeLimit(m, { annualIncomeFen: 100 * WAN }, 720, 100 * WAN).maxLimitFen).toBe(m.capFen);
  });
});

describe('evaluateEarlyWarning', () => {
  it('a healthy loan raises nothing', () => {
    expect(evaluateEarlyWarning(gc, healthyLoan())).toMatchObject({ level: 'none', signals: [], classification: 'normal' });
  });

  it('raises overdue, classification and balance-drop signals at their levels', () => {
    const r = evaluateEarlyWarning(gc, healthyLoan({ overdueDays: 100, depositBalanceFen: 400_000, depositBalance3mAgoFen: 1_000_000 }));
    expect(r.level).toBe('high');
    expect(r.classification).toBe('substandard');
    expect(r.signals.map((s) => [s.code, s.level])).toEqual([
      ['overdue-long', 'high'],
      ['classification-worsened', 'high'],
      ['deposit-drop', 'medium'],
    ]);
    expect(r.signals[2]!.messageZh).toBe('存款余额较三个月前下降60.00%');
  });

  it('applies the five-category floors (> 90 次级, > 270 可疑, > 360 损失)', () => {
    expect(evaluateEarlyWarning(gc, healthyLoan({ overdueDays: 1 })).classification).toBe('special-mention');
    expect(evaluateEarlyWarning(gc, healthyLoan({ overdueDays: 90 })).classification).toBe('special-mention');
    expect(evaluateEarlyWarning(gc, healthyLoan({ overdueDays: 271 })).classification).toBe('doubtful');
    expect(evaluateEarlyWarning(gc, healthyLoan({ overdueDays: 361 })).classification).toBe('loss');
    // A worse reported class is never improved by the floor.
    expect(evaluateEarlyWarning(gc, healthyLoan({ classification: 'doubtful' })).classification).toBe('doubtful');
  });

  it('new bureau defaults are high', () => {
    expect(evaluateEarlyWarning(gc, healthyLoan({ bureauNewDefaults: 1 })).level).toBe('high');
  });
});

describe('evaluateRenewal', () => {
  it('a clean loan near maturity may roll over', () => {
    expect(evaluateRenewal(gc, healthyLoan()).outcome).toBe('eligible');
  });
  it('a long overdue history or a worse class blocks; being early or a medium warning refers or blocks', () => {
    expect(evaluateRenewal(gc, healthyLoan({ historyMaxOverdueDays: 45 })).outcome).toBe('ineligible');
    expect(evaluateRenewal(gc, healthyLoan({ classification: 'special-mention' })).outcome).toBe('ineligible');
    const early = evaluateRenewal(gc, healthyLoan({ maturityDate: '2025-12-31' }));
    expect(early.outcome).toBe('refer');
    expect(early.reasons.map((r) => r.code)).toEqual(['renewal-window']);
    const warned = evaluateRenewal(gc, healthyLoan({ guarantorDefault: true }));
    expect(warned).toMatchObject({ outcome: 'ineligible', warningLevel: 'medium' });
  });
});

describe('dryRun', () => {
  const past = sampleApplications(700, { seed: 7, products: ['gold-collar'] });

  it('the same rules change nothing', () => {
    const r = dryRun(gc, gc, past, DEFAULT_LPR_TABLE);
    expect(r).toMatchObject({ total: 700, changed: 0, byTransition: {}, errors: [] });
  });

  it('raising the auto-approval line moves exactly the approvals scoring in between to manual investigation', () => {
    const next: RuleSet = structuredClone(gc);
    next.version = 2;
    next.models.riskDecision.approveMinScore = 680;
    const before = past.map((a) => evaluateApplication(gc, DEFAULT_LPR_TABLE, a));
    const expected = before.filter((d) => d.outcome === 'approve' && d.score < 680).length;
    expect(expected).toBeGreaterThan(0);
    const r = dryRun(gc, next, past, DEFAULT_LPR_TABLE);
    expect(r.byTransition).toEqual({ 'approve→refer': expected });
    expect(r.outcomeChanged).toBe(expected);
    expect(r.changed).toBe(expected);
    expect(r.samples[0]!.from.outcome).toBe('approve');
  });

  it('a pricing change shows up as rate changes only, and other products are skipped', () => {
    const next: RuleSet = structuredClone(gc);
    next.models.pricing.spreadBp = next.models.pricing.spreadBp.map((t) => t.map((l) => l.map((x) => x + 10)));
    const mixed = [...past, ...sampleApplications(50, { products: ['farmer'] })];
    const r = dryRun(gc, next, mixed, DEFAULT_LPR_TABLE);
    expect(r.total).toBe(700);
    expect(r.outcomeChanged).toBe(0);
    expect(r.limitChanged).toBe(0);
    const notRejected = past.map((a) => evaluateApplication(gc, DEFAULT_LPR_TABLE, a)).filter((d) => d.outcome !== 'reject').length;
    expect(r.rateChanged).toBe(notRejected);
  });
});

describe('sample data sanity', () => {
  it('default rules produce a spread of outcomes over generated applications of every product', () => {
    const apps = sampleApplications(1_400, { seed: 3 });
    const tally: Record<string, number> = {};
    for (const a of apps) {
      const d = evaluateApplication(defaultRuleSet(a.productCode), DEFAULT_LPR_TABLE, a);
      tally[d.outcome] = (tally[d.outcome] ?? 0) + 1;
    }
    expect(tally.approve).toBeGreaterThan(0);
    expect(tally.refer).toBeGreaterThan(0);
    expect(tally.reject).toBeGreaterThan(0);
  });
});

describe('rule names', () => {
  it('name every rule, signal, score item and limit base of the default rule sets', () => {
    const unnamed = new Set<string>();
    for (const rs of Object.values(DEFAULT_RULE_SETS)) {
      const m = rs.models;
      const codes = [
        ...m.admission.rules, ...m.riskDecision.rules, ...m.renewal.rules, ...m.earlyWarning.signals,
        ...m.riskDecision.scorecard.characteristics, ...m.limit.bases, ...m.limit.deductions,
      ].map((r) => r.code);
      for (const c of codes) if (!RULE_NAMES[c]) unnamed.add(c);
    }
    expect([...unnamed]).toEqual([]);
  });
});
