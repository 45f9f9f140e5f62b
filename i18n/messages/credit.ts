import type { AreaMessages } from '.';
import { METRIC_LABELS } from '../../domain/credit/metrics';
import { OWNERSHIP_METHOD_NAMES } from '../../domain/credit/ownership';
import { CUSTOMER_GROUP_NAMES, DATA_ITEM_NAMES, PRODUCTS } from '../../domain/credit/products';
import { CLASSIFICATION_NAMES } from '../../domain/credit/rules/fields';
import { WARNING_LEVEL_NAMES } from '../../domain/credit/rules/schema';
import { BANK_FACTS, FACTS_BY_ITEM } from '../../domain/credit/collection';
import { REPAYMENT_METHOD_NAMES } from '../../domain/credit/schedule';
import { creditUi } from './credit-ui';

/**
 * 精微快贷 names, generated from the domain's own tables so a product or data item is named in one place only.
 * Decision reasons are not here: they travel with the published rule set in both languages.
 */
type Named = Record<string, { zh: string; en: string }>;
const entries = (prefix: string, table: Named, lang: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}.${k}`, v[lang]]));

// Credit facts are labelled like every other field, so a refusal names them as the application screen does.
const facts: Named = Object.fromEntries([...Object.values(FACTS_BY_ITEM).flat(), ...BANK_FACTS].map((f) => [f.key, { zh: f.zh, en: f.en }]));
const products: Named = Object.fromEntries(Object.values(PRODUCTS).map((p) => [p.code, { zh: p.nameZh, en: p.nameEn }]));
const fixed = {
  zh: {
    'credit.outcome.approve': '自动审批通过',
    'credit.outcome.refer': '转人工调查',
    'credit.outcome.reject': '拒绝',
    'credit.missingData': '申请资料不全，无法提交，缺少：{{items}}',
    "credit.application": "贷款申请",
    "credit.loan": "贷款",
    "credit.state.draft": "草稿",
    "credit.state.referred": "待人工调查",
    "credit.state.approved": "已审批通过",
    "credit.state.rejected": "已拒绝",
    "credit.state.contracted": "已生成合同",
    "credit.state.face-signed": "已面签",
    "credit.state.e-signed": "已电子签约",
    "credit.state.disbursed": "已放款",
    "credit.state.active": "正常",
    "credit.state.renewed": "已续贷",
    "credit.state.closed": "已结清",
    "credit.step.created": "创建申请",
    "credit.step.submitted": "提交",
    "credit.step.decided": "模型决策",
    "credit.step.investigated": "人工调查",
    "credit.step.contracted": "生成合同",
    "credit.step.face-signed": "面签",
    "credit.step.e-signed": "电子签约",
    "credit.step.disbursed": "放款",
    "credit.wrongState": "申请当前状态为「{{state}}」，此操作要求状态为「{{expected}}」",
    "credit.missingItem": "缺少{{item}}",
    "credit.amountOverMax": "申请金额不能超过{{product}}最高额度 {{max}} 元，请调低金额",
    "credit.methodNotOffered": "{{product}}不支持还款方式「{{method}}」",
    "credit.investigationLimit": "核定额度须在{{min}}元至{{max}}元之间",
    "credit.noContract": "尚未生成合同",
    "credit.contractChanged": "合同内容已变更，请重新展示合同后签署",
    "credit.videoReceiptInvalid": "视频面签签署回执无效：不是总行签发的本笔贷款回执",
    "credit.recording": "面签录像",
    "credit.recordingEmpty": "面签录像是空的，请重新录像",
    "credit.recordingTooLarge": "面签录像超过 {mb} MB，请缩短录像后重试",
    "credit.recordingNotVideo": "面签录像不是 WebM 视频文件",
    "credit.recordingDigestMismatch": "面签录像的校验值不符：文件在传送中损坏或被替换，请重新录像",
    "credit.recordingAltered": "面签录像与留存的校验值不符，可能已被改动，不能作为证据播放",
    "credit.notDecided": "该申请尚未经过模型决策",
    "credit.ruleVersionMissing": "本机缺少第{{version}}版规则，请先同步参考数据库",
    "credit.noLpr": "参考数据库中没有{{date}}当日适用的LPR报价",
    "credit.flowsEmpty": "流水文件无法导入：{{reason}}",
    "credit.loanNotActive": "贷款不在存续状态",
    "credit.renewalIneligible": "续贷检查结果为不符合续贷条件，不能发起续贷",
    "credit.ownership.notEnterprise": "股权穿透仅适用于企业客户",
    "credit.ownership.failed": "股权穿透计算失败：{{reason}}",
    "rules.productMismatch": "规则集所属产品与所选产品不一致",
    "rules.noDraft": "该产品没有待发布的规则草稿",
    "rules.draftChanged": "规则草稿在审阅后又被修改，请重新试算并审阅后再发布",
  },
  en: {
    'credit.outcome.approve': 'Approved automatically',
    'credit.outcome.refer': 'Referred for manual investigation',
    'credit.outcome.reject': 'Rejected',
    'credit.missingData': 'Application incomplete, cannot submit; missing: {{items}}',
    "credit.application": "Loan application",
    "credit.loan": "Loan",
    "credit.state.draft": "Draft",
    "credit.state.referred": "Awaiting investigation",
    "credit.state.approved": "Approved",
    "credit.state.rejected": "Rejected",
    "credit.state.contracted": "Contract generated",
    "credit.state.face-signed": "Signed face to face",
    "credit.state.e-signed": "E-signed",
    "credit.state.disbursed": "Disbursed",
    "credit.state.active": "Active",
    "credit.state.renewed": "Renewed",
    "credit.state.closed": "Closed",
    "credit.step.created": "Created",
    "credit.step.submitted": "Submitted",
    "credit.step.decided": "Decided by models",
    "credit.step.investigated": "Investigated",
    "credit.step.contracted": "Contract",
    "credit.step.face-signed": "Face-to-face signing",
    "credit.step.e-signed": "E-signature",
    "credit.step.disbursed": "Disbursed",
    "credit.wrongState": "The application is “{{state}}”; this step needs “{{expected}}”",
    "credit.missingItem": "Missing: {{item}}",
    "credit.methodNotOffered": "{{product}} does not offer “{{method}}”",
    "credit.investigationLimit": "The approved limit must be between {{min}} and {{max}} yuan",
    "credit.amountOverMax": "The amount may not exceed the {{product}} maximum of {{max}} yuan; lower it",
    "credit.noContract": "No contract generated yet",
    "credit.contractChanged": "The contract changed; show it again before signing",
    "credit.videoReceiptInvalid": "Video-signing receipt invalid: not head office's receipt for this loan",
    "credit.recording": "Signing recording",
    "credit.recordingEmpty": "The signing recording is empty: record again",
    "credit.recordingTooLarge": "The signing recording is over {mb} MB: record a shorter one",
    "credit.recordingNotVideo": "The signing recording is not a WebM video",
    "credit.recordingDigestMismatch": "The signing recording does not match its digest: damaged or replaced on the way, record again",
    "credit.recordingAltered": "The signing recording no longer matches its kept digest and may have been altered: not played as evidence",
    "credit.notDecided": "This application has not been decided",
    "credit.ruleVersionMissing": "Rule version {{version}} is not on this device; sync reference data first",
    "credit.noLpr": "No LPR fixing applies on {{date}}",
    "credit.flowsEmpty": "Cannot import the flows file: {{reasonEn}}",
    "credit.loanNotActive": "The loan is not active",
    "credit.renewalIneligible": "The renewal check found the loan ineligible",
    "credit.ownership.notEnterprise": "Ownership look-through applies to enterprises only",
    "credit.ownership.failed": "Ownership look-through failed: {{reason}}",
    "rules.productMismatch": "The rule set belongs to another product",
    "rules.noDraft": "No draft rule set awaits publication",
    "rules.draftChanged": "The draft changed after review; dry-run and review it again before publishing",
  },
};

const build = (lang: 'zh' | 'en') => ({
  ...entries('field', facts, lang),
  ...entries('credit.product', products, lang),
  ...entries('credit.group', CUSTOMER_GROUP_NAMES, lang),
  ...entries('credit.data', DATA_ITEM_NAMES, lang),
  ...entries('credit.method', REPAYMENT_METHOD_NAMES, lang),
  ...entries('credit.classification', CLASSIFICATION_NAMES, lang),
  ...entries('credit.warning', WARNING_LEVEL_NAMES, lang),
  ...entries('credit.ownershipMethod', OWNERSHIP_METHOD_NAMES, lang),
  ...entries('credit', METRIC_LABELS, lang),
  ...fixed[lang],
  ...creditUi[lang],
});

export const credit: AreaMessages = { 'zh-CN': build('zh'), en: build('en') };
