import { useTranslation } from 'react-i18next';
import { formatYuan } from '../credit-format';
import { fieldMessage, invalidProps, selectAll } from './field-marks';
import type { ApplicationDraft } from './useApplicationDraft';

/** The amount asked for (with the product's range), the term and the repayment method. */
export function EditorTerms({ draft }: { draft: ApplicationDraft }) {
  const { t } = useTranslation();
  const { product, amount, setAmount, term, setTerm, method, setMethod, fieldErrors, edited } = draft;
  return (
    <div className="editor-terms">
      <label className={fieldErrors.amount ? 'field has-error' : 'field'} htmlFor="app-amount">
        <span className="field-label">{t('credit.ui.requested')}（{t('credit.ui.yuan')}）</span>
        <input id="app-amount" value={amount} onChange={(e) => { setAmount(e.target.value); edited('amount'); }} onFocus={selectAll} inputMode="decimal" autoFocus autoComplete="off" {...invalidProps(fieldErrors, 'amount')} />
        {fieldMessage(fieldErrors, 'amount') ?? <span className="field-hint muted">{t('credit.ui.amountRange', { min: formatYuan(product.minLimitFen), max: formatYuan(product.maxLimitFen) })}</span>}
      </label>
      <label className={fieldErrors.term ? 'field has-error' : 'field'} htmlFor="app-term">
        <span className="field-label">{t('credit.ui.termMonths', { max: String(product.maxTermMonths) })}</span>
        <input id="app-term" value={term} onChange={(e) => { setTerm(e.target.value); edited('term'); }} onFocus={selectAll} inputMode="numeric" autoComplete="off" {...invalidProps(fieldErrors, 'term')} />
        {fieldMessage(fieldErrors, 'term')}
      </label>
      <label className="field" htmlFor="app-method">
        <span className="field-label">{t('credit.ui.method')}</span>
        <select id="app-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
          {product.repaymentMethods.map((m) => <option key={m} value={m}>{t(`credit.method.${m}`)}</option>)}
        </select>
      </label>
    </div>
  );
}
