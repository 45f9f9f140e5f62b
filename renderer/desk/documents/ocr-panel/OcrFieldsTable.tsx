import { useTranslation } from 'react-i18next';
import { fieldsOf, type DocumentValues } from '../../../../domain/documents/document-fields';
import type { Recognition } from '../../../../main/core/documents/documents.contract';
import type { SlotImage } from '../ImageSlot';
import { CORRECTION_HOW, correctionDelta, type Slot } from '../ocr-model';
import type { Review } from './useOcrPanel';

/** The pictures that were read, beside the fields, with the time the reading took. */
export function OcrResultImages({ slots, images, wallMs }: { slots: Slot[]; images: Partial<Record<Slot, SlotImage>>; wallMs: number }) {
  const { t } = useTranslation();
  return (
    <div className="ocr-images">
      {slots.map((slot) => (
        <figure key={slot}>
          <img src={images[slot]!.url} alt={t(`ocr.ui.slot.${slot}`)} />
          <figcaption className="muted">{t(`ocr.ui.slot.${slot}`)}</figcaption>
        </figure>
      ))}
      <p className="muted">{t('ocr.ui.timing', { seconds: (wallMs / 1000).toFixed(1) })}</p>
    </div>
  );
}

const isCode = (name: string) => name === 'idNumber' || name === 'uscc';

/**
 * The fields as read (or as being corrected), each with its confidence, an "uncertain" mark, and what the checks
 * repaired; corrected cells are marked edited.
 */
export function OcrFieldsTable({ result, review, read, values, onValue }: {
  result: Recognition; review: Review; read: DocumentValues; values: DocumentValues; onValue(name: string, value: string): void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <table className="grid ocr-fields" data-testid="ocr-fields">
      <caption>
        {t('ocr.ui.fields')}
        <span className="ocr-caption-note muted">{t('ocr.ui.confidenceNote')}</span>
        {Object.values(result.fields).some((f) => f.uncertain) && <span className="ocr-legend">{t('ocr.ui.uncertainLegend')}</span>}
      </caption>
      <tbody>
        {fieldsOf(result.kind).map((name) => {
          const f = result.fields[name];
          const label = t(`documents.field.${name}`);
          const edited = review === 'correct' && (values[name] ?? '') !== (read[name] ?? '');
          return (
            <tr key={name} className={[f?.uncertain ? 'uncertain' : '', edited ? 'edited' : ''].join(' ')} data-field={name}>
              <th scope="row">{label}</th>
              <td>
                <div className="ocr-cell">
                  {review === 'correct' ? (
                    <input aria-label={label} className={isCode(name) ? 'mono' : undefined} value={values[name] ?? ''}
                      onChange={(e) => onValue(name, e.target.value)} autoComplete="off" spellCheck={false} />
                  ) : (
                    <span className={['ocr-value', isCode(name) ? 'mono' : ''].join(' ')}>
                      {read[name] || <span className="muted">{t('ocr.ui.notRead')}</span>}
                    </span>
                  )}
                  <span className="ocr-flags">
                    {f?.uncertain && <span className="tag tag-uncertain">{t('ocr.ui.uncertain')}</span>}
                    {f && f.value && <span className="muted" title={t('ocr.ui.confidence', { value: f.confidence })}>{f.confidence}</span>}
                  </span>
                </div>
                {f?.corrected && (
                  <p className="ocr-correction" title={en ? f.corrected.messageEn : f.corrected.messageZh}>
                    {t('ocr.ui.corrected', { how: t(CORRECTION_HOW[f.corrected.reason]), delta: correctionDelta(f.corrected.from, f.value) })}
                  </p>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
