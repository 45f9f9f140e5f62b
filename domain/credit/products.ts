/**
 * The seven 共富 products of 精微快贷 and the data each must collect (数据采集需求) before its models may run.
 * These are the built-in defaults; head office may override limits and terms through the published rule set.
 */
import type { RepaymentMethod } from './schedule';

export const PRODUCT_CODES = ['farmer', 'harvest', 'merchant', 'gold-collar', 'salary', 'inclusive', 'enterprise'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];

export const DATA_ITEMS = [
  'id-card',
  'income-proof',
  'business-licence',
  'stall-lease',
  'social-insurance',
  'housing-fund',
  'credit-report',
  'village-review',
  'merchant-flows',
  'ownership',
  'employment-proof',
  'household-register',
  'planting-plan',
  'financial-statements',
] as const;
export type DataItem = (typeof DATA_ITEMS)[number];

export const DATA_ITEM_NAMES: Record<DataItem, { zh: string; en: string }> = {
  'id-card': { zh: '居民身份证', en: 'Resident ID card' },
  'income-proof': { zh: '收入证明', en: 'Proof of income' },
  'business-licence': { zh: '营业执照', en: 'Business licence' },
  'stall-lease': { zh: '摊位租赁合同', en: 'Stall lease' },
  'social-insurance': { zh: '社保缴纳记录', en: 'Social-insurance record' },
  'housing-fund': { zh: '住房公积金缴存记录', en: 'Housing-fund record' },
  'credit-report': { zh: '人行征信报告', en: 'Credit-bureau report' },
  'village-review': { zh: '村组评议结果', en: 'Village-group review' },
  'merchant-flows': { zh: '经营流水（精微结算）', en: 'Merchant transaction flows' },
  ownership: { zh: '股权结构（穿透至自然人）', en: 'Ownership structure down to natural persons' },
  'employment-proof': { zh: '在职证明', en: 'Proof of employment' },
  'household-register': { zh: '户口簿', en: 'Household register' },
  'planting-plan': { zh: '种植/养殖计划', en: 'Planting or breeding plan' },
  'financial-statements': { zh: '财务报表', en: 'Financial statements' },
};

export type CustomerGroup = 'farming-household' | 'merchant' | 'stable-employee' | 'salaried' | 'resident' | 'small-enterprise';

export const CUSTOMER_GROUP_NAMES: Record<CustomerGroup, { zh: string; en: string }> = {
  'farming-household': { zh: '农户', en: 'Farming households' },
  merchant: { zh: '个体工商户及商户', en: 'Stall owners and shopkeepers' },
  'stable-employee': { zh: '公职及优质单位员工', en: 'Civil servants and employees of stable institutions' },
  salaried: { zh: '工薪族', en: 'Salaried residents' },
  resident: { zh: '本地居民', en: 'Local residents' },
  'small-enterprise': { zh: '小微企业', en: 'Small and micro enterprises' },
};

export interface Product {
  code: ProductCode;
  nameZh: string;
  nameEn: string;
  group: CustomerGroup;
  /** Longest term offered, months. */
  maxTermMonths: number;
  /** Highest limit granted by default, fen. */
  maxLimitFen: number;
  /** Smallest limit worth booking; computed limits below it are declined. */
  minLimitFen: number;
  repaymentMethods: readonly RepaymentMethod[];
  /** Must be present before submission. */
  requiredData: readonly DataItem[];
  /** Improves the limit or the rate when present; never blocks. */
  optionalData: readonly DataItem[];
}

const WAN = 1_000_000; // 1万 yuan in fen

export const PRODUCTS: Readonly<Record<ProductCode, Product>> = {
  farmer: {
    code: 'farmer',
    nameZh: '富农贷',
    nameEn: 'Farmer loan',
    group: 'farming-household',
    maxTermMonths: 36,
    maxLimitFen: 30 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['interest-only', 'equal-installment', 'equal-principal', 'revolving'],
    requiredData: ['id-card', 'household-register', 'credit-report', 'village-review'],
    optionalData: ['income-proof', 'social-insurance'],
  },
  harvest: {
    code: 'harvest',
    nameZh: '富农丰收贷',
    nameEn: 'Harvest loan',
    group: 'farming-household',
    // Sowing to harvest: one season, at most a year.
    maxTermMonths: 12,
    maxLimitFen: 20 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['interest-only', 'revolving'],
    requiredData: ['id-card', 'household-register', 'credit-report', 'village-review', 'planting-plan'],
    optionalData: ['income-proof'],
  },
  merchant: {
    code: 'merchant',
    nameZh: '富商贷',
    nameEn: 'Merchant loan',
    group: 'merchant',
    maxTermMonths: 36,
    maxLimitFen: 100 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['revolving', 'interest-only', 'equal-installment'],
    requiredData: ['id-card', 'business-licence', 'stall-lease', 'credit-report', 'merchant-flows'],
    optionalData: ['social-insurance'],
  },
  'gold-collar': {
    code: 'gold-collar',
    nameZh: '富民金领贷',
    nameEn: 'Gold-collar loan',
    group: 'stable-employee',
    maxTermMonths: 60,
    maxLimitFen: 50 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['equal-installment', 'equal-principal', 'interest-only', 'revolving'],
    requiredData: ['id-card', 'credit-report', 'housing-fund', 'social-insurance'],
    optionalData: ['employment-proof', 'income-proof'],
  },
  salary: {
    code: 'salary',
    nameZh: '富民工薪贷',
    nameEn: 'Salary loan',
    group: 'salaried',
    maxTermMonths: 36,
    maxLimitFen: 30 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['equal-installment', 'equal-principal', 'revolving'],
    requiredData: ['id-card', 'credit-report', 'income-proof', 'social-insurance'],
    optionalData: ['housing-fund', 'employment-proof'],
  },
  inclusive: {
    code: 'inclusive',
    nameZh: '富民普惠贷',
    nameEn: 'Inclusive loan',
    group: 'resident',
    maxTermMonths: 36,
    maxLimitFen: 20 * WAN,
    minLimitFen: WAN,
    repaymentMethods: ['equal-installment', 'equal-principal', 'interest-only'],
    requiredData: ['id-card', 'credit-report', 'income-proof'],
    optionalData: ['social-insurance', 'housing-fund'],
  },
  enterprise: {
    code: 'enterprise',
    nameZh: '富企贷',
    nameEn: 'Enterprise loan',
    group: 'small-enterprise',
    maxTermMonths: 36,
    maxLimitFen: 300 * WAN,
    minLimitFen: 5 * WAN,
    repaymentMethods: ['interest-only', 'equal-installment', 'revolving'],
    requiredData: ['id-card', 'business-licence', 'credit-report', 'ownership', 'financial-statements'],
    optionalData: ['merchant-flows'],
  },
};

export function getProduct(code: ProductCode): Product {
  return PRODUCTS[code];
}

export interface MissingItem {
  item: DataItem;
  nameZh: string;
  nameEn: string;
}

/**
 * The required data items not yet collected, in the product's checklist order. Submission is blocked while
 * this is non-empty; the list is what the UI shows the teller.
 */
export function missingData(product: Product | ProductCode, collected: Iterable<DataItem>): MissingItem[] {
  const p = typeof product === 'string' ? PRODUCTS[product] : product;
  const have = new Set(collected);
  return p.requiredData
    .filter((item) => !have.has(item))
    .map((item) => ({ item, nameZh: DATA_ITEM_NAMES[item].zh, nameEn: DATA_ITEM_NAMES[item].en }));
}

/** One Chinese sentence naming what blocks submission, or null when nothing does. */
export function missingDataMessageZh(product: Product | ProductCode, collected: Iterable<DataItem>): string | null {
  const p = typeof product === 'string' ? PRODUCTS[product] : product;
  const missing = missingData(p, collected);
  if (missing.length === 0) return null;
  return `${p.nameZh}申请资料不全，无法提交，缺少：${missing.map((m) => m.nameZh).join('、')}`;
}
