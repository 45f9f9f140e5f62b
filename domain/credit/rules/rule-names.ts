/**
 * What each rule, signal, score item and limit base of the default rule sets checks, in words, for the rules
 * editor and for reasons that must name a rule ("缺少工作单位类别，无法核对“公职或优质单位”"). Names carry no
 * thresholds: head office edits those weekly. A code head office adds without a name here is shown by its
 * message with each {placeholder} replaced by the input's label (see `ruleName`).
 */
import { BANK_FACTS, FACTS_BY_ITEM } from '../collection';
import type { Message } from './schema';

type Names = Readonly<Record<string, { zh: string; en: string }>>;

export const RULE_NAMES: Names = {
  // admission / renewal requirements
  'age-range': { zh: '年龄准入范围', en: 'Age range' },
  'served-region': { zh: '本行服务区域', en: 'Within the service area' },
  blacklist: { zh: '本行黑名单', en: 'Bank blacklist' },
  'blacklist-unchecked': { zh: '黑名单已核查', en: 'Blacklist checked' },
  'bureau-bad-debt': { zh: '征信无呆账、代偿、止付', en: 'No bad debt in the credit report' },
  'bureau-current-overdue': { zh: '征信无当前逾期', en: 'Nothing currently overdue' },
  'bureau-serious-overdue': { zh: '征信无严重逾期', en: 'No serious overdue' },
  'bureau-report-read': { zh: '征信报告已解析', en: 'Credit report read' },
  'term-within-product': { zh: '期限不超过产品上限', en: 'Term within the product maximum' },
  'method-allowed': { zh: '产品适用的还款方式', en: 'Repayment method offered' },
  'stable-employer': { zh: '公职或优质单位', en: 'Civil servant or stable employer' },
  'social-insurance-12m': { zh: '社保连续缴纳月数', en: 'Months of social insurance' },
  'social-insurance-6m': { zh: '社保连续缴纳月数', en: 'Months of social insurance' },
  'flows-6m': { zh: '经营流水月数', en: 'Months of transaction flows' },
  'in-business-1y': { zh: '经营年限', en: 'Years in business' },
  'in-business-2y': { zh: '企业成立年限', en: 'Years since establishment' },
  'beneficial-owner-blacklist': { zh: '受益所有人及实际控制人不在黑名单', en: 'Owners not blacklisted' },
  'village-review-done': { zh: '村组评议已完成', en: 'Village review done' },
  'renewal-classification': { zh: '续贷时的五级分类', en: 'Classification at renewal' },
  'renewal-count': { zh: '续贷次数', en: 'Number of renewals' },
  'renewal-overdue-history': { zh: '历史最长逾期天数', en: 'Longest overdue in history' },
  'renewal-overdue-times': { zh: '历史逾期次数', en: 'Overdue episodes in history' },
  'renewal-window': { zh: '续贷办理时间', en: 'Renewal window' },
  'renewal-warning-level': { zh: '贷后预警等级', en: 'Early-warning level' },
  // risk-decision triggers
  'many-hard-queries': { zh: '征信硬查询过多', en: 'Many hard enquiries' },
  'frequent-overdue': { zh: '逾期次数过多', en: 'Frequent overdue' },
  'high-debt-to-income': { zh: '负债收入比过高', en: 'High debt-to-income' },
  'village-not-recommended': { zh: '村组评议未推荐', en: 'Not recommended by the village' },
  'unstable-turnover': { zh: '经营流水不稳定', en: 'Unstable turnover' },
  'no-actual-controller': { zh: '无法识别实际控制人', en: 'No actual controller' },
  'ownership-cycle': { zh: '交叉持股', en: 'Cross-holdings' },
  'many-related-parties': { zh: '关联企业过多', en: 'Many related companies' },
  // early-warning signals
  'bureau-new-default': { zh: '征信新增违约', en: 'New default in the credit report' },
  'classification-worsened': { zh: '五级分类下迁', en: 'Classification worsened' },
  'deposit-drop': { zh: '存款大幅下降', en: 'Deposits dropped' },
  'guarantor-default': { zh: '担保人违约', en: 'Guarantor defaulted' },
  lawsuit: { zh: '涉诉', en: 'Lawsuit' },
  'new-queries': { zh: '近期新增征信查询', en: 'New credit enquiries' },
  'overdue-short': { zh: '短期逾期', en: 'Overdue (short)' },
  'overdue-medium': { zh: '逾期超过30天', en: 'Overdue (medium)' },
  'overdue-long': { zh: '逾期超过90天', en: 'Overdue (long)' },
  'turnover-drop': { zh: '经营流水下降', en: 'Turnover dropped' },
  // score-card items
  age: { zh: '年龄', en: 'Age' },
  'debt-to-income': { zh: '负债收入比', en: 'Debt-to-income' },
  'hard-queries': { zh: '征信硬查询', en: 'Hard enquiries' },
  'overdue-times': { zh: '逾期次数', en: 'Overdue episodes' },
  deposit: { zh: '本行存款', en: 'Deposits' },
  employer: { zh: '工作单位', en: 'Employer' },
  'social-insurance': { zh: '社保缴纳', en: 'Social insurance' },
  'housing-fund': { zh: '公积金缴存', en: 'Housing fund' },
  'customer-years': { zh: '本行客户年限', en: 'Years as a customer' },
  'years-in-business': { zh: '经营年限', en: 'Years in business' },
  'actual-controller': { zh: '实际控制人', en: 'Actual controller' },
  'village-review': { zh: '村组评议', en: 'Village review' },
  'turnover-stability': { zh: '流水稳定性', en: 'Turnover stability' },
  // limit bases and deductions
  income: { zh: '年收入', en: 'Annual income' },
  salary: { zh: '月收入', en: 'Monthly income' },
  assets: { zh: '净资产', en: 'Net assets' },
  turnover: { zh: '经营流水', en: 'Turnover' },
  'existing-debt': { zh: '他行负债', en: 'Debt elsewhere' },
};

const FACT_LABELS: Names = Object.fromEntries([...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS].map((f) => [f.key, { zh: f.zh, en: f.en }]));

/** A rule's name; for a code without one, its message with each {placeholder} shown as the input's label. */
export function ruleName(code: string, message: Message | undefined, lang: 'zh' | 'en'): string {
  const known = RULE_NAMES[code];
  if (known) return known[lang];
  if (!message) return code;
  return (lang === 'zh' ? message.zh : message.en).replace(/\{(\w+)(?:\|\w+)?\}/g, (_, f: string) => (lang === 'zh' ? `〔${FACT_LABELS[f]?.zh ?? f}〕` : `[${FACT_LABELS[f]?.en ?? f}]`));
}
