/**
 * What the application screen asks for under each data-collection item: the facts that item yields.
 * A fact is only entered once its document is collected, so the screen shows a product's checklist and
 * nothing else. Facts that the core derives (age and region from the ID, turnover from imported flows,
 * ownership facts from penetration) are marked `derived` and shown read-only.
 */
import type { DataItem } from './products';
import type { ApplicantFacts } from './rules/fields';
import { EMPLOYER_GRADES } from './rules/fields';

export type FactKey = keyof ApplicantFacts;
export type FactKind = 'fen' | 'int' | 'bp' | 'bool' | 'enum' | 'text';

export interface FactField {
  key: FactKey;
  kind: FactKind;
  zh: string;
  en: string;
  /** Filled by the core from other data; the screen shows it but cannot edit it. */
  derived?: boolean;
  options?: readonly string[];
}

const f = (key: FactKey, kind: FactKind, zh: string, en: string, extra: Partial<FactField> = {}): FactField => ({ key, kind, zh, en, ...extra });

export const EMPLOYER_GRADE_NAMES: Record<(typeof EMPLOYER_GRADES)[number], { zh: string; en: string }> = {
  'civil-servant': { zh: '公务员', en: 'Civil servant' },
  'public-institution': { zh: '事业单位', en: 'Public institution' },
  'state-owned': { zh: '国有企业', en: 'State-owned enterprise' },
  listed: { zh: '上市公司', en: 'Listed company' },
  private: { zh: '民营企业', en: 'Private company' },
  'self-employed': { zh: '个体经营', en: 'Self-employed' },
  none: { zh: '无固定单位', en: 'No employer' },
};

export const FACTS_BY_ITEM: Record<DataItem, readonly FactField[]> = {
  'id-card': [
    f('age', 'int', '年龄（周岁）', 'Age', { derived: true }),
    f('regionCode', 'text', '地区代码', 'Region code', { derived: true }),
    f('blacklisted', 'bool', '本行黑名单命中', 'On the bank’s blacklist'),
  ],
  'credit-report': [
    f('bureauCurrentOverdueFen', 'fen', '当前逾期金额（元）', 'Currently overdue (yuan)'),
    f('bureauOverdueTimes24m', 'int', '近24个月逾期次数', 'Overdue episodes, 24 months'),
    f('bureauMaxOverdueDays24m', 'int', '近24个月最长逾期天数', 'Longest overdue, 24 months (days)'),
    f('bureauBadDebt', 'bool', '呆账/代偿/止付记录', 'Bad debt, guarantor payment or freeze'),
    f('bureauHardQueries6m', 'int', '近6个月硬查询次数', 'Hard enquiries, 6 months'),
    f('bureauOutstandingDebtFen', 'fen', '他行负债余额（元）', 'Debt outstanding elsewhere (yuan)'),
    f('bureauMonthlyDebtServiceFen', 'fen', '月还款额（元）', 'Monthly debt service (yuan)'),
  ],
  'income-proof': [
    f('monthlyIncomeFen', 'fen', '月收入（元）', 'Monthly income (yuan)'),
    f('annualIncomeFen', 'fen', '年收入（元）', 'Annual income (yuan)'),
  ],
  'employment-proof': [f('employerGrade', 'enum', '工作单位类别', 'Employer grade', { options: EMPLOYER_GRADES })],
  'social-insurance': [f('socialInsuranceMonths', 'int', '社保连续缴纳月数', 'Months of social insurance')],
  'housing-fund': [f('housingFundMonthlyFen', 'fen', '公积金月缴存额（元）', 'Housing fund monthly (yuan)')],
  'village-review': [
    f('villageReviewScore', 'int', '村组评议得分', 'Village review score'),
    f('villageRecommended', 'bool', '村组推荐', 'Recommended by the village group'),
  ],
  'merchant-flows': [
    f('annualTurnoverFen', 'fen', '年化经营流水（元）', 'Annualised turnover (yuan)', { derived: true }),
    f('turnoverStabilityBp', 'bp', '流水稳定性', 'Turnover stability', { derived: true }),
    f('flowMonths', 'int', '流水月数', 'Months of flows', { derived: true }),
  ],
  ownership: [
    f('enterpriseActualControllerIdentified', 'bool', '已识别实际控制人', 'Actual controller identified', { derived: true }),
    f('enterpriseOwnershipCycle', 'bool', '存在交叉持股', 'Cross-holdings present', { derived: true }),
    f('enterpriseRelatedPartyCount', 'int', '关联企业数', 'Related companies', { derived: true }),
    f('enterpriseBeneficialOwnerBlacklisted', 'bool', '受益所有人命中黑名单', 'A beneficial owner is blacklisted'),
  ],
  'business-licence': [f('yearsInBusiness', 'int', '经营年限（年）', 'Years in business')],
  'stall-lease': [],
  'household-register': [],
  'planting-plan': [],
  'financial-statements': [
    f('netAssetsFen', 'fen', '净资产（元）', 'Net assets (yuan)'),
    f('annualTurnoverFen', 'fen', '年营业收入（元）', 'Annual revenue (yuan)'),
  ],
};

/** Facts the bank knows about every customer whatever the product (deposits, relationship). */
export const BANK_FACTS: readonly FactField[] = [
  f('depositAvgDailyFen', 'fen', '本行日均存款（元）', 'Average daily deposits (yuan)'),
  f('existingCustomerYears', 'int', '本行客户年限（年）', 'Years as a customer'),
];

/** Facts a set of collected items allows; anything else in an application is dropped by the core. */
export function allowedFacts(collected: Iterable<DataItem>): Set<FactKey> {
  const keys = new Set<FactKey>(BANK_FACTS.map((x) => x.key));
  for (const item of collected) for (const x of FACTS_BY_ITEM[item]) keys.add(x.key);
  return keys;
}
