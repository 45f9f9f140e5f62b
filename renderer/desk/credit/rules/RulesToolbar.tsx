import { useTranslation } from 'react-i18next';
import { PRODUCT_CODES, type ProductCode } from '../../../../domain/credit/products';
import type { ApiResult } from '../../../../main/core/api/contract';
import { showDate, showDateTime } from '../../../format/time';

/** The screen's title, the product whose rules are shown, its current version and any draft waiting. */
export function RulesToolbar({ product, onProduct, detail }: { product: ProductCode; onProduct(p: ProductCode): void; detail: ApiResult<'rules.get'> | null }) {
  const { t } = useTranslation();
  return (
    <div className="credit-toolbar">
      <h1 className="pane-title">{t('credit.ui.rules')}</h1>
      <select value={product} onChange={(e) => onProduct(e.target.value as ProductCode)} aria-label={t('credit.ui.product')} data-testid="rules-product">
        {PRODUCT_CODES.map((p) => <option key={p} value={p}>{t(`credit.product.${p}`)}</option>)}
      </select>
      {detail && <span className="muted">{t('credit.ui.ruleCurrent', { v: String(detail.current.version), at: showDate(detail.current.publishedAt), who: detail.current.publishedByName })}</span>}
      {detail?.draft && <span className="tag tag-required">{t('credit.ui.ruleDraft', { who: detail.draft.savedByName, at: showDateTime(detail.draft.savedAt) })}</span>}
    </div>
  );
}
