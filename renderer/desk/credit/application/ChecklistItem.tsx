import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FACTS_BY_ITEM } from '../../../../domain/credit/collection';
import type { DataItem } from '../../../../domain/credit/products';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { keyLabel } from '../../shortcuts';
import { FactInput } from './FactInput';
import type { ApplicationDraft } from './useApplicationDraft';

interface Props {
  item: DataItem;
  app: ApplicationView;
  draft: ApplicationDraft;
  busy: boolean;
  onImportFlows(file: File): void;
}

/**
 * One item of the product's checklist: collected or not (a required one missing is marked), its figures (always shown
 * for a required item), and what the item brings: 征信无逾期 in one key, the flows file, the ownership page.
 */
export function ChecklistItem({ item, app, draft, busy, onImportFlows }: Props) {
  const { t } = useTranslation();
  const { product, collected, toggle, fillCleanBureau } = draft;
  const fileRef = useRef<HTMLInputElement>(null);
  const required = product.requiredData.includes(item);
  const on = collected.has(item);
  const facts = FACTS_BY_ITEM[item];
  return (
    <div className={on ? 'check-item done' : required ? 'check-item missing' : 'check-item'} data-testid={`item-${item}`}>
      <label className="check-head">
        <input type="checkbox" checked={on} onChange={() => toggle(item)} aria-label={t(`credit.data.${item}`)} />
        <span className="check-mark" aria-hidden="true">{on ? '✓' : required ? '✕' : '○'}</span>
        <strong>{t(`credit.data.${item}`)}</strong>
        <span className={required ? 'tag tag-required' : 'tag'}>{t(required ? 'credit.ui.required' : 'credit.ui.optional')}</span>
        <span className="muted">{on ? t('credit.ui.collected') : t('credit.ui.notCollected')}</span>
        {item === 'credit-report' && (
          <button type="button" className="button button-small check-quick" onClick={fillCleanBureau} data-testid="bureau-clean">
            {t('credit.ui.bureauClean')} <kbd>{keyLabel('bureauClean')}</kbd>
          </button>
        )}
      </label>
      {(on || required) && facts.length > 0 && <div className="facts">{facts.map((f) => <FactInput key={f.key} item={item} field={f} app={app} draft={draft} />)}</div>}
      {item === 'merchant-flows' && (
        <div className="facts">
          <input ref={fileRef} type="file" accept=".csv,.txt,.xlsx" className="sr-only" onChange={(e) => e.target.files?.[0] && onImportFlows(e.target.files[0])} data-testid="flows-file" />
          <button type="button" className="button button-small" onClick={() => fileRef.current?.click()} disabled={busy}>{t('credit.ui.importFlows')}</button>
          {app.flows && <span className="muted">{t('credit.ui.flowsSummary', { file: app.flows.fileName, rows: String(app.flows.rows), months: String(app.flows.analysis.months.length), errors: String(app.flows.errors.length) })}</span>}
        </div>
      )}
      {item === 'ownership' && on && (
        <div className="facts">
          <a href={`#/loans/ownership/${encodeURIComponent(app.customerId)}`}>{t('credit.ui.ownership')}</a>
          {app.ownership && <span className="muted">{t('credit.ui.ownershipSummary', { owners: app.ownership.beneficialOwners.join('、') || '—', controller: app.ownership.actualController ?? '—' })}</span>}
        </div>
      )}
    </div>
  );
}
