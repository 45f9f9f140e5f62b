/**
 * Version-1 rule sets for the seven products: a starting point that makes business sense for a county rural
 * bank serving 侯马市 (division code 141081). Head office edits and republishes these weekly; branches only
 * ever run a published copy.
 */
import { PRODUCT_CODES, PRODUCTS, type ProductCode } from '../products';
import type { Condition, Message, RequirementRule, RuleSet, TriggerRule } from './schema';

const WAN = 1_000_000; // 1万 yuan in fen
const msg = (zh: string, en: string): Message => ({ zh, en });
const not = (c: Condition): Condition => ({ not: c });

/** Divisions the bank lends in; an application from elsewhere is out of the bank's licensed area. */
export const SERVED_REGION_PREFIXES = ['141081'];

function admissionRules(p: ProductCode): RequirementRule[] {
  const product = PRODUCTS[p];
  const rules: RequirementRule[] = [
    {
      code: 'age-range',
      require: { field: 'age', op: 'between', min: 18, max: 65 },
      effect: 'reject',
      message: msg('申请人年龄{age}岁，不在18至65岁准入范围内', 'Applicant age {age} is outside 18–65'),
    },
    {
      code: 'served-region',
      require: { field: 'regionCode', op: 'prefix', values: SERVED_REGION_PREFIXES },
      effect: 'reject',
      message: msg('所在地区{regionCode}不在本行服务区域', 'Region {regionCode} is outside the bank’s service area'),
    },
    {
      code: 'blacklist',
      require: not({ field: 'blacklisted', op: 'eq', value: true }),
      effect: 'reject',
      message: msg('申请人在本行黑名单中', 'Applicant is on the bank’s blacklist'),
    },
    {
      code: 'blacklist-unchecked',
      require: { field: 'blacklisted', op: 'present' },
      effect: 'refer',
      message: msg('未完成黑名单核查，转人工调查', 'Blacklist not checked; referred for manual investigation'),
    },
    {
      code: 'bureau-bad-debt',
      require: not({ field: 'bureauBadDebt', op: 'eq', value: true }),
      effect: 'reject',
      message: msg('征信报告存在呆账、代偿或止付记录', 'Credit report shows bad debt, guarantor payment or freeze'),
    },
    {
      code: 'bureau-current-overdue',
      require: not({ field: 'bureauCurrentOverdueFen', op: 'gt', value: 0 }),
      effect: 'reject',
      message: msg('征信报告显示当前逾期{bureauCurrentOverdueFen|yuan}', 'Credit report shows {bureauCurrentOverdueFen|yuan} currently overdue'),
    },
    {
      code: 'bureau-serious-overdue',
      require: not({ field: 'bureauMaxOverdueDays24m', op: 'gt', value: 90 }),
      effect: 'reject',
      message: msg('近24个月最长逾期{bureauMaxOverdueDays24m}天，超过90天', 'Longest overdue in 24 months is {bureauMaxOverdueDays24m} days (> 90)'),
    },
    {
      code: 'bureau-report-read',
      require: { field: 'bureauOverdueTimes24m', op: 'present' },
      effect: 'refer',
      message: msg('征信报告未解析，转人工调查', 'Credit report not parsed; referred for manual investigation'),
    },
    {
      code: 'term-within-product',
      require: { field: 'termMonths', op: 'lte', value: product.maxTermMonths },
      effect: 'reject',
      message: msg(`申请期限{termMonths}个月，超过${product.nameZh}最长${product.maxTermMonths}个月`, `Term {termMonths} months exceeds the ${product.maxTermMonths}-month maximum`),
    },
    {
      code: 'method-allowed',
      require: { field: 'repaymentMethod', op: 'in', values: [...product.repaymentMethods] },
      effect: 'reject',
      message: msg(`${product.nameZh}不支持所选还款方式{repaymentMethod}`, `Repayment method {repaymentMethod} is not offered for this product`),
    },
  ];
  switch (p) {
    case 'farmer':
    case 'harvest':
      rules.push({
        code: 'village-review-done',
        require: { field: 'villageReviewScore', op: 'present' },
        effect: 'refer',
        message: msg('尚无村组评议结果，转人工调查', 'No village-group review yet; referred'),
      });
      break;
    case 'gold-collar':
      rules.push({
        code: 'stable-employer',
        require: { field: 'employerGrade', op: 'in', values: ['civil-servant', 'public-institution', 'state-owned', 'listed'] },
        effect: 'reject',
        message: msg('富民金领贷仅面向公职人员及优质单位员工，工作单位类别为{employerGrade}', 'Gold-collar loans are for civil servants and stable employers; employer grade is {employerGrade}'),
      });
      rules.push({
        code: 'social-insurance-12m',
        require: { field: 'socialInsuranceMonths', op: 'gte', value: 12 },
        effect: 'refer',
        message: msg('社保连续缴纳{socialInsuranceMonths}个月，不足12个月', 'Social insurance paid for {socialInsuranceMonths} months (< 12)'),
      });
      break;
    case 'salary':
      rules.push({
        code: 'social-insurance-6m',
        require: { field: 'socialInsuranceMonths', op: 'gte', value: 6 },
        effect: 'refer',
        message: msg('社保连续缴纳{socialInsuranceMonths}个月，不足6个月', 'Social insurance paid for {socialInsuranceMonths} months (< 6)'),
      });
      break;
    case 'merchant':
      rules.push({
        code: 'flows-6m',
        require: { field: 'flowMonths', op: 'gte', value: 6 },
        effect: 'refer',
        message: msg('经营流水仅{flowMonths}个月，不足6个月', 'Only {flowMonths} months of transaction flows (< 6)'),
      });
      rules.push({
        code: 'in-business-1y',
        require: { field: 'yearsInBusiness', op: 'gte', value: 1 },
        effect: 'refer',
        message: msg('经营年限{yearsInBusiness}年，不足1年', 'In business {yearsInBusiness} years (< 1)'),
      });
      break;
    case 'enterprise':
      rules.push({
        code: 'beneficial-owner-blacklist',
        require: not({ field: 'enterpriseBeneficialOwnerBlacklisted', op: 'eq', value: true }),
        effect: 'reject',
        message: msg('企业受益所有人或实际控制人在黑名单中', 'A beneficial owner or actual controller is blacklisted'),
      });
      rules.push({
        code: 'in-business-2y',
        require: { field: 'yearsInBusiness', op: 'gte', value: 2 },
        effect: 'refer',
        message: msg('企业成立{yearsInBusiness}年，不足2年', 'Enterprise established {yearsInBusiness} years ago (< 2)'),
      });
      break;
    case 'inclusive':
      break;
  }
  return rules;
}

function riskRules(p: ProductCode): TriggerRule[] {
  const rules: TriggerRule[] = [
    {
      code: 'many-hard-queries',
      when: { field: 'bureauHardQueries6m', op: 'gte', value: 6 },
      effect: 'refer',
      message: msg('近6个月征信硬查询{bureauHardQueries6m}次，存在多头借贷风险', '{bureauHardQueries6m} hard enquiries in 6 months: possible multiple borrowing'),
    },
    {
      code: 'frequent-overdue',
      when: { field: 'bureauOverdueTimes24m', op: 'gte', value: 6 },
      effect: 'reject',
      message: msg('近24个月逾期{bureauOverdueTimes24m}次', '{bureauOverdueTimes24m} overdue episodes in 24 months'),
    },
    {
      code: 'high-debt-to-income',
      when: { field: 'debtToIncomeBp', op: 'gt', value: 7_000 },
      effect: 'refer',
      message: msg('负债收入比{debtToIncomeBp|pct}，超过70%', 'Debt-to-income {debtToIncomeBp|pct} is above 70%'),
    },
  ];
  if (p === 'farmer' || p === 'harvest')
    rules.push({
      code: 'village-not-recommended',
      when: { field: 'villageRecommended', op: 'eq', value: false },
      effect: 'refer',
      message: msg('村组评议未推荐，转人工调查', 'Village-group review did not recommend; referred'),
    });
  if (p === 'merchant')
    rules.push({
      code: 'unstable-turnover',
      when: { field: 'turnoverStabilityBp', op: 'lt', value: 4_000 },
      effect: 'refer',
      message: msg('经营流水稳定性{turnoverStabilityBp|pct}，低于40%', 'Turnover stability {turnoverStabilityBp|pct} is below 40%'),
    });
  if (p === 'enterprise') {
    rules.push({
      code: 'no-actual-controller',
      when: { field: 'enterpriseActualControllerIdentified', op: 'eq', value: false },
      effect: 'refer',
      message: msg('穿透后无法识别实际控制人', 'No actual controller identified after look-through'),
    });
    rules.push({
      code: 'ownership-cycle',
      when: { field: 'enterpriseOwnershipCycle', op: 'eq', value: true },
      effect: 'refer',
      message: msg('股权结构存在交叉持股（循环持股）', 'Ownership structure contains cross-holdings'),
    });
    rules.push({
      code: 'many-related-parties',
      when: { field: 'enterpriseRelatedPartyCount', op: 'gte', value: 5 },
      effect: 'refer',
      message: msg('关联企业{enterpriseRelatedPartyCount}家，需核查关联风险', '{enterpriseRelatedPartyCount} related companies; related-party risk to be checked'),
    });
  }
  return rules;
}

type Characteristic = RuleSet['models']['riskDecision']['scorecard']['characteristics'][number];

const COMMON_CHARACTERISTICS: Characteristic[] = [
  {
    code: 'age',
    field: 'age',
    bins: [
      { min: 18, max: 25, points: 10 },
      { min: 25, max: 35, points: 25 },
      { min: 35, max: 50, points: 30 },
      { min: 50, max: 60, points: 20 },
      { min: 60, points: 10 },
    ],
    otherwisePoints: 0,
  },
  {
    code: 'overdue-times',
    field: 'bureauOverdueTimes24m',
    bins: [
      { max: 1, points: 40 },
      { min: 1, max: 3, points: 15 },
      { min: 3, points: -20 },
    ],
    otherwisePoints: 0,
  },
  {
    code: 'hard-queries',
    field: 'bureauHardQueries6m',
    bins: [
      { max: 3, points: 20 },
      { min: 3, max: 6, points: 5 },
      { min: 6, points: -15 },
    ],
    otherwisePoints: 0,
  },
  {
    code: 'debt-to-income',
    field: 'debtToIncomeBp',
    bins: [
      { max: 3_000, points: 30 },
      { min: 3_000, max: 5_000, points: 15 },
      { min: 5_000, max: 7_000, points: 0 },
      { min: 7_000, points: -30 },
    ],
    otherwisePoints: 0,
  },
];

const employerBins = (top: number) => [
  { equals: 'civil-servant', points: top },
  { equals: 'public-institution', points: top - 10 },
  { equals: 'state-owned', points: top - 20 },
  { equals: 'listed', points: top - 30 },
  { equals: 'private', points: 10 },
];

function productCharacteristics(p: ProductCode): Characteristic[] {
  const deposit: Characteristic = {
    code: 'deposit',
    field: 'depositAvgDailyFen',
    bins: [
      { min: 5 * WAN, points: 30 },
      { min: WAN, max: 5 * WAN, points: 15 },
    ],
    otherwisePoints: 0,
  };
  switch (p) {
    case 'farmer':
    case 'harvest':
      return [
        {
          code: 'village-review',
          field: 'villageReviewScore',
          bins: [
            { min: 90, points: 60 },
            { min: 80, max: 90, points: 40 },
            { min: 60, max: 80, points: 10 },
            { max: 60, points: -40 },
          ],
          otherwisePoints: -20,
        },
        deposit,
      ];
    case 'merchant':
      return [
        {
          code: 'turnover-stability',
          field: 'turnoverStabilityBp',
          bins: [
            { min: 8_000, points: 40 },
            { min: 6_000, max: 8_000, points: 20 },
            { min: 4_000, max: 6_000, points: 0 },
            { max: 4_000, points: -30 },
          ],
          otherwisePoints: -20,
        },
        {
          code: 'years-in-business',
          field: 'yearsInBusiness',
          bins: [
            { min: 5, points: 30 },
            { min: 2, max: 5, points: 15 },
          ],
          otherwisePoints: 0,
        },
      ];
    case 'gold-collar':
      return [
        { code: 'employer', field: 'employerGrade', bins: employerBins(70), otherwisePoints: 0 },
        {
          code: 'social-insurance',
          field: 'socialInsuranceMonths',
          bins: [
            { min: 60, points: 20 },
            { min: 24, max: 60, points: 10 },
          ],
          otherwisePoints: 0,
        },
      ];
    case 'salary':
      return [
        { code: 'employer', field: 'employerGrade', bins: employerBins(50), otherwisePoints: 0 },
        {
          code: 'social-insurance',
          field: 'socialInsuranceMonths',
          bins: [
            { min: 36, points: 30 },
            { min: 12, max: 36, points: 15 },
          ],
          otherwisePoints: 0,
        },
      ];
    case 'inclusive':
      return [
        deposit,
        {
          code: 'customer-years',
          field: 'existingCustomerYears',
          bins: [
            { min: 3, points: 20 },
            { min: 1, max: 3, points: 10 },
          ],
          otherwisePoints: 0,
        },
      ];
    case 'enterprise':
      return [
        {
          code: 'years-in-business',
          field: 'yearsInBusiness',
          bins: [
            { min: 5, points: 40 },
            { min: 3, max: 5, points: 20 },
          ],
          otherwisePoints: 0,
        },
        {
          code: 'actual-controller',
          field: 'enterpriseActualControllerIdentified',
          bins: [
            { equals: true, points: 20 },
            { equals: false, points: -30 },
          ],
          otherwisePoints: -10,
        },
      ];
  }
}

type LimitBase = RuleSet['models']['limit']['bases'][number];

const LIMIT_BASES: Record<ProductCode, { bases: LimitBase[]; combine: 'max' | 'min' | 'sum'; debtDeductionBp: number }> = {
  farmer: {
    bases: [
      { code: 'income', field: 'annualIncomeFen', multiplierBp: 15_000 },
      { code: 'assets', field: 'netAssetsFen', multiplierBp: 2_000 },
    ],
    combine: 'sum',
    debtDeductionBp: 5_000,
  },
  harvest: {
    bases: [
      { code: 'income', field: 'annualIncomeFen', multiplierBp: 10_000 },
      { code: 'assets', field: 'netAssetsFen', multiplierBp: 1_000 },
    ],
    combine: 'sum',
    debtDeductionBp: 5_000,
  },
  merchant: {
    bases: [
      { code: 'turnover', field: 'annualTurnoverFen', multiplierBp: 2_500 },
      { code: 'assets', field: 'netAssetsFen', multiplierBp: 3_000 },
    ],
    combine: 'max',
    debtDeductionBp: 5_000,
  },
  'gold-collar': {
    bases: [
      { code: 'salary', field: 'monthlyIncomeFen', multiplierBp: 200_000 },
      { code: 'housing-fund', field: 'housingFundMonthlyFen', multiplierBp: 1_500_000 },
    ],
    combine: 'max',
    debtDeductionBp: 3_000,
  },
  salary: {
    bases: [
      { code: 'salary', field: 'monthlyIncomeFen', multiplierBp: 120_000 },
      { code: 'income', field: 'annualIncomeFen', multiplierBp: 10_000 },
    ],
    combine: 'max',
    debtDeductionBp: 5_000,
  },
  inclusive: {
    bases: [
      { code: 'income', field: 'annualIncomeFen', multiplierBp: 5_000 },
      { code: 'salary', field: 'monthlyIncomeFen', multiplierBp: 60_000 },
    ],
    combine: 'max',
    debtDeductionBp: 5_000,
  },
  enterprise: {
    bases: [
      { code: 'turnover', field: 'annualTurnoverFen', multiplierBp: 2_000 },
      { code: 'assets', field: 'netAssetsFen', multiplierBp: 5_000 },
    ],
    combine: 'max',
    debtDeductionBp: 10_000,
  },
};

/** Basis points over LPR before score, term and size adjustments: agriculture is priced as policy asks, enterprise and unsecured retail higher. */
const BASE_SPREAD_BP: Record<ProductCode, number> = {
  farmer: 150,
  harvest: 120,
  merchant: 250,
  'gold-collar': 60,
  salary: 150,
  inclusive: 250,
  enterprise: 200,
};
const AUTO_APPROVE_MAX: Record<ProductCode, number> = {
  farmer: 20 * WAN,
  harvest: 20 * WAN,
  merchant: 30 * WAN,
  'gold-collar': 30 * WAN,
  salary: 20 * WAN,
  inclusive: 10 * WAN,
  // Every enterprise loan is seen by a person.
  enterprise: 0,
};

const SCORE_ADJ = [0, 50, 120, 200];
const TERM_ADJ = [0, 30, 60, 80];
const LIMIT_ADJ = [30, 15, 0, -10];

/** 风险提示 read out in every 视频面签 (a product's published rule set may word its own). */
const RISK_NOTICE = [
  '本笔贷款只能用于合同约定的用途，不得用于购房、炒股、理财或其他禁止的用途。',
  '您须按合同按期足额还款；逾期将计收罚息，并如实报送金融信用信息基础数据库（征信）。',
  '银行工作人员不会向您索要短信验证码、密码或任何费用；本次面签全程录音录像。',
];
const KEY_TERMS: Message[] = [
  msg('合同编号 {contractNo}', 'Contract {contractNo}'),
  msg('借款金额 {principalFen|yuan}', 'Amount {principalFen|yuan}'),
  msg('年利率 {rateBp|pct}', 'Annual rate {rateBp|pct}'),
  msg('期限 {termMonths} 个月，{startDate} 至 {maturityDate}', 'Term {termMonths} months, {startDate} to {maturityDate}'),
  msg('还款方式 {repaymentMethod}', 'Repayment {repaymentMethod}'),
];
const item = (code: string, zh: string, en: string, hint?: [string, string]) => ({ code, label: msg(zh, en), ...(hint ? { hint: msg(...hint) } : {}) });
/** 视频防伪调查: what the customer is asked to show, by what the product lends against. */
const INVESTIGATION: Record<ProductCode, ReturnType<typeof item>[]> = {
  farmer: [
    item('house', '住房', 'The house', ['请从院门拍到屋内', 'From the gate into the house']),
    item('land', '承包地或大棚', 'Farmland or greenhouses'),
    item('livestock', '养殖圈舍及存栏', 'Livestock pens and animals', ['请环拍圈舍，能数清头数', 'Pan the pens so the animals can be counted']),
    item('machinery', '农机具', 'Farm machinery'),
  ],
  harvest: [
    item('fields', '种植地块或大棚', 'Fields or greenhouses', ['请拍地块全貌及作物长势', 'The whole plot and the crop']),
    item('inputs', '种子化肥等农资存货', 'Seed, fertiliser and other inputs in stock'),
    item('livestock', '养殖存栏', 'Livestock'),
    item('house', '住房', 'The house'),
  ],
  merchant: [
    item('premises', '经营场所门头', 'Shop front', ['请拍门头招牌和门牌号', 'The sign and the street number']),
    item('stock', '店内存货', 'Stock in the shop', ['请环拍货架', 'Pan the shelves']),
    item('licence', '营业执照原件', 'Business licence (original)'),
    item('payment-code', '收款码', 'Payment QR code'),
  ],
  'gold-collar': [
    item('house', '住房', 'The home'),
    item('workplace', '工作证或单位门口', 'Staff card or the employer\'s gate'),
  ],
  salary: [
    item('house', '住房', 'The home'),
    item('workplace', '工作证或单位门口', 'Staff card or the employer\'s gate'),
  ],
  inclusive: [
    item('house', '住房', 'The home'),
    item('premises', '经营或工作场所', 'Place of business or work'),
  ],
  enterprise: [
    item('premises', '厂区或办公场所', 'Factory or office', ['请从大门拍到车间', 'From the gate to the workshop']),
    item('equipment', '生产设备', 'Production equipment'),
    item('stock', '原材料及库存', 'Materials and stock'),
    item('licence', '营业执照原件', 'Business licence (original)'),
  ],
};

export function defaultRuleSet(p: ProductCode): RuleSet {
  const product = PRODUCTS[p];
  const lb = LIMIT_BASES[p];
  return {
    product: p,
    version: 1,
    publishedAt: '2025-06-02T00:00:00.000Z',
    notes: `${product.nameZh}默认规则（第1版）`,
    models: {
      admission: { rules: admissionRules(p) },
      limit: {
        bases: lb.bases,
        combine: lb.combine,
        deductions: [{ code: 'existing-debt', field: 'bureauOutstandingDebtFen', multiplierBp: lb.debtDeductionBp }],
        scoreFactors: [
          { minScore: 700, factorBp: 12_000 },
          { minScore: 640, factorBp: 10_000 },
          { minScore: 560, factorBp: 8_000 },
          { minScore: -1_000_000, factorBp: 5_000 },
        ],
        capFen: product.maxLimitFen,
        floorFen: product.minLimitFen,
        unitFen: 100_000,
      },
      pricing: {
        scoreBands: [
          { code: 'a', minScore: 700 },
          { code: 'b', minScore: 640 },
          { code: 'c', minScore: 560 },
          { code: 'd', minScore: -1_000_000 },
        ],
        termBands: [
          { code: 'to-12m', maxMonths: 12 },
          { code: 'to-36m', maxMonths: 36 },
          { code: 'to-60m', maxMonths: 60 },
          { code: 'over-60m', maxMonths: 360 },
        ],
        limitBands: [
          { code: 'to-10w', maxFen: 10 * WAN },
          { code: 'to-30w', maxFen: 30 * WAN },
          { code: 'to-100w', maxFen: 100 * WAN },
          { code: 'over-100w', maxFen: Number.MAX_SAFE_INTEGER },
        ],
        spreadBp: SCORE_ADJ.map((s) => TERM_ADJ.map((t) => LIMIT_ADJ.map((l) => BASE_SPREAD_BP[p] + s + t + l))),
        minRateBp: 280,
        maxRateBp: 1_500,
      },
      earlyWarning: {
        signals: [
          {
            code: 'overdue-short',
            when: { field: 'overdueDays', op: 'between', min: 1, max: 30 },
            level: 'low',
            message: msg('贷款逾期{overdueDays}天', 'Loan {overdueDays} days overdue'),
          },
          {
            code: 'overdue-medium',
            when: { field: 'overdueDays', op: 'between', min: 31, max: 90 },
            level: 'medium',
            message: msg('贷款逾期{overdueDays}天（31–90天）', 'Loan {overdueDays} days overdue (31–90)'),
          },
          {
            code: 'overdue-long',
            when: { field: 'overdueDays', op: 'gt', value: 90 },
            level: 'high',
            message: msg('贷款逾期{overdueDays}天，超过90天', 'Loan {overdueDays} days overdue (> 90)'),
          },
          {
            code: 'bureau-new-default',
            when: { field: 'bureauNewDefaults', op: 'gt', value: 0 },
            level: 'high',
            message: msg('征信新增{bureauNewDefaults}笔他行违约', '{bureauNewDefaults} new defaults at other lenders'),
          },
          {
            code: 'classification-worsened',
            when: { field: 'classificationWorsened', op: 'eq', value: true },
            level: 'high',
            message: msg('五级分类下调为{classification}', 'Classification worsened to {classification}'),
          },
          {
            code: 'deposit-drop',
            when: { field: 'depositDropBp', op: 'gte', value: 5_000 },
            level: 'medium',
            message: msg('存款余额较三个月前下降{depositDropBp|pct}', 'Deposits fell {depositDropBp|pct} in three months'),
          },
          {
            code: 'turnover-drop',
            when: { field: 'turnoverDropBp', op: 'gte', value: 4_000 },
            level: 'medium',
            message: msg('近三个月经营流水下降{turnoverDropBp|pct}', 'Turnover fell {turnoverDropBp|pct} over three months'),
          },
          {
            code: 'lawsuit',
            when: { field: 'lawsuits', op: 'gt', value: 0 },
            level: 'high',
            message: msg('涉诉{lawsuits}起', '{lawsuits} lawsuits'),
          },
          {
            code: 'guarantor-default',
            when: { field: 'guarantorDefault', op: 'eq', value: true },
            level: 'medium',
            message: msg('担保人出现违约', 'A guarantor has defaulted'),
          },
          {
            code: 'new-queries',
            when: { field: 'bureauNewQueries30d', op: 'gte', value: 4 },
            level: 'low',
            message: msg('近30天征信新增查询{bureauNewQueries30d}次', '{bureauNewQueries30d} new bureau enquiries in 30 days'),
          },
        ],
      },
      renewal: {
        maxWarningLevel: 'low',
        rules: [
          {
            code: 'renewal-classification',
            require: { field: 'classificationRank', op: 'eq', value: 0 },
            effect: 'reject',
            message: msg('贷款五级分类为{classification}，须为正常类', 'Loan is classified {classification}; must be normal'),
          },
          {
            code: 'renewal-overdue-history',
            require: { field: 'historyMaxOverdueDays', op: 'lte', value: 30 },
            effect: 'reject',
            message: msg('借款期内最长逾期{historyMaxOverdueDays}天，超过30天', 'Longest overdue during the loan was {historyMaxOverdueDays} days (> 30)'),
          },
          {
            code: 'renewal-overdue-times',
            require: { field: 'historyOverdueTimes', op: 'lte', value: 2 },
            effect: 'refer',
            message: msg('借款期内逾期{historyOverdueTimes}次', '{historyOverdueTimes} overdue episodes during the loan'),
          },
          {
            code: 'renewal-window',
            require: { field: 'daysToMaturity', op: 'between', min: 0, max: 30 },
            effect: 'refer',
            message: msg('距到期日{daysToMaturity}天，续贷应在到期前30天内办理', '{daysToMaturity} days to maturity; renewals are handled in the last 30 days'),
          },
          {
            code: 'renewal-count',
            require: { field: 'renewalsSoFar', op: 'lt', value: 3 },
            effect: 'refer',
            message: msg('已续贷{renewalsSoFar}次', 'Already renewed {renewalsSoFar} times'),
          },
        ],
      },
      riskDecision: {
        scorecard: { baseScore: 500, characteristics: [...COMMON_CHARACTERISTICS, ...productCharacteristics(p)] },
        approveMinScore: 640,
        referMinScore: 560,
        rules: riskRules(p),
        autoApproveMaxFen: AUTO_APPROVE_MAX[p],
      },
    },
    video: { riskNotice: RISK_NOTICE, keyTerms: KEY_TERMS, investigation: INVESTIGATION[p] },
  };
}

export const DEFAULT_RULE_SETS: Readonly<Record<ProductCode, RuleSet>> = Object.fromEntries(
  PRODUCT_CODES.map((p) => [p, defaultRuleSet(p)]),
) as Record<ProductCode, RuleSet>;
