import { useTranslation } from 'react-i18next';
import type { RecordDifference } from '../../../../domain/ocr/compare-record';
import type { DocumentCheck, DocumentKind } from '../../../../domain/ocr/types';
import type { CustomerRecord } from '../../../../main/core/customers/customers.contract';
import { recordFieldFor } from '../ocr-model';
import type { Review } from './useOcrPanel';

/** Each check on the values shown, passed or failed. */
export function OcrChecks({ checks }: { checks: DocumentCheck[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <section className="ocr-checks" aria-label={t('ocr.ui.checks')}>
      <h4>{t('ocr.ui.checks')}</h4>
      <ul data-testid="ocr-checks">
        {checks.map((c) => (
          <li key={c.code} className={c.ok ? 'check-ok' : 'check-fail'}>
            <span className="check-mark" aria-hidden="true">{c.ok ? '✓' : '✕'}</span>
            <span className="sr-only">{c.ok ? t('ocr.ui.checkOk') : t('ocr.ui.checkFail')}</span>
            {en ? c.messageEn : c.messageZh}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * How the document differs from the customer on file (each with "update the record" unless rejecting) or from the
 * form's draft.
 */
export function OcrDifferences({ kind, customer, review, differences, updates, onToggle }: {
  kind: DocumentKind;
  customer?: CustomerRecord;
  review: Review;
  differences: RecordDifference[];
  updates: Set<string>;
  onToggle(field: string, on: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <section className="ocr-differences" aria-label={t(customer ? 'ocr.ui.differences' : 'ocr.ui.differencesDraft')}>
      <h4>{t(customer ? 'ocr.ui.differences' : 'ocr.ui.differencesDraft')}</h4>
      {differences.length === 0 ? (
        <p className="check-ok" data-testid="ocr-no-differences">✓ {t(customer ? 'ocr.ui.noDifferences' : 'ocr.ui.noDifferencesDraft')}</p>
      ) : (
        <ul data-testid="ocr-differences">
          {differences.map((d) => {
            const target = customer && review !== 'reject' ? recordFieldFor(kind, customer.kind, d.field) : null;
            return (
              <li key={d.field} data-field={d.field}>
                <span className="difference-text">{en ? d.messageEn : d.messageZh}</span>
                {target && (
                  <label className="update-record">
                    <input type="checkbox" checked={updates.has(d.field)} onChange={(e) => onToggle(d.field, e.target.checked)} />
                    {t('ocr.ui.updateRecord')}（{t(`documents.field.${d.field}`)}）
                  </label>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
