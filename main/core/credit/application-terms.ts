import { formatYuan } from '../../../domain/credit/money-format';
import { PRODUCTS } from '../../../domain/credit/products';
import { partnerCodeBranch } from '../../../domain/value/partners';
import { translate } from '../../../i18n/translate';
import { apiError } from '../api/dispatch';
import type { CreditDeps } from './application-context';
import type { ApplicationDoc } from './credit.docs';

/** The repayment method is one the product offers, and the amount within its maximum. */
export function assertTerms(doc: ApplicationDoc): void {
  const p = PRODUCTS[doc.productCode];
  if (!p.repaymentMethods.includes(doc.repaymentMethod))
    throw apiError('VALIDATION', 'credit.methodNotOffered', { product: p.nameZh, method: translate(`credit.method.${doc.repaymentMethod}`) });
  assertAmount(doc);
}

/** A partner code of another branch is refused here and again by head office's server (validation/policy.ts). */
export function assertOwnPartner(deps: CreditDeps, code: string): void {
  const branch = partnerCodeBranch(code);
  if (branch === deps.branch) return;
  const params = { code, branch: branch ?? '', own: deps.branch };
  throw apiError('VALIDATION', 'credit.partnerOtherBranch', params, {
    fields: [{ path: 'partnerCode', key: 'credit.partnerOtherBranch', params, message: translate('credit.partnerOtherBranch', params) }],
  });
}

/** An amount above the product's maximum is refused on the field, not saved and quietly capped later. */
export function assertAmount(doc: ApplicationDoc): void {
  const p = PRODUCTS[doc.productCode];
  if (doc.requestedAmountFen <= p.maxLimitFen) return;
  const params = { product: p.nameZh, max: formatYuan(p.maxLimitFen) };
  throw apiError('VALIDATION', 'credit.amountOverMax', params, {
    fields: [{ path: 'patch.requestedAmountFen', key: 'credit.amountOverMax', params, message: translate('credit.amountOverMax', params) }],
  });
}
