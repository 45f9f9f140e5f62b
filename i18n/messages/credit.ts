import type { AreaMessages } from '.';
import { METRIC_LABELS } from '../../domain/credit/metrics';
import { OWNERSHIP_METHOD_NAMES } from '../../domain/credit/ownership';
import { CUSTOMER_GROUP_NAMES, DATA_ITEM_NAMES, PRODUCTS } from '../../domain/credit/products';
import { CLASSIFICATION_NAMES } from '../../domain/credit/rules/fields';
import { REPAYMENT_METHOD_NAMES } from '../../domain/credit/schedule';

/**
 * 精微快贷 names, generated from the domain's own tables so a product or data item is named in one place only.
 * Decision reasons are not here: they travel with the published rule set in both languages.
 */
type Named = Record<string, { zh: string; en: string }>;
const entries = (prefix: string, table: Named, lang: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}.${k}`, v[lang]]));

const products: Named = Object.fromEntries(Object.values(PRODUCTS).map((p) => [p.code, { zh: p.nameZh, en: p.nameEn }]));
const fixed = {
  zh: {
    'credit.outcome.approve': '自动审批通过',
    'credit.outcome.refer': '转人工调查',
    'credit.outcome.reject': '拒绝',
    'credit.warning.none': '无预警',
    'credit.warning.low': '低',
    'credit.warning.medium': '中',
    'credit.warning.high': '高',
    'credit.missingData': '申请资料不全，无法提交，缺少：{{items}}',
  },
  en: {
    'credit.outcome.approve': 'Approved automatically',
    'credit.outcome.refer': 'Referred for manual investigation',
    'credit.outcome.reject': 'Rejected',
    'credit.warning.none': 'No warning',
    'credit.warning.low': 'Low',
    'credit.warning.medium': 'Medium',
    'credit.warning.high': 'High',
    'credit.missingData': 'Application incomplete, cannot submit; missing: {{items}}',
  },
};

const build = (lang: 'zh' | 'en') => ({
  ...entries('credit.product', products, lang),
  ...entries('credit.group', CUSTOMER_GROUP_NAMES, lang),
  ...entries('credit.data', DATA_ITEM_NAMES, lang),
  ...entries('credit.method', REPAYMENT_METHOD_NAMES, lang),
  ...entries('credit.classification', CLASSIFICATION_NAMES, lang),
  ...entries('credit.ownershipMethod', OWNERSHIP_METHOD_NAMES, lang),
  ...entries('credit', METRIC_LABELS, lang),
  ...fixed[lang],
});

export const credit: AreaMessages = { 'zh-CN': build('zh'), en: build('en') };
