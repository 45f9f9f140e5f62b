import { useTranslation } from 'react-i18next';
import type { DocumentKind } from '../../../../domain/ocr/types';
import { ImageSlot, type SlotImage } from '../ImageSlot';
import { SLOTS, type Slot } from '../ocr-model';
import type { OcrStatus } from './useOcrPanel';

/** The kind switch and the close button above everything else. */
export function OcrPanelHead({ kind, busy, saving, onKind, onClose }: {
  kind: DocumentKind; busy: boolean; saving: boolean; onKind(k: DocumentKind): void; onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <header className="ocr-head">
      <h3>{t('ocr.ui.title')}</h3>
      <div className="ocr-kinds" role="radiogroup" aria-label={t('ocr.ui.kind')}>
        {(['id-card', 'licence'] as const).map((k) => (
          <label key={k} className={kind === k ? 'segmented active' : 'segmented'}>
            <input type="radio" name="ocr-kind" value={k} checked={kind === k} disabled={busy} onChange={() => onKind(k)} />
            {t(`documents.kind.${k}`)}
          </label>
        ))}
      </div>
      <button type="button" className="button button-small" onClick={onClose} disabled={saving}>{t('ocr.ui.close')}</button>
    </header>
  );
}

/** Before a result: one slot per side, the recognise button with its progress, and why the last run failed. */
export function OcrCapture({ kind, images, status, busy, forDraft, onImage, onRemove, onRecognise }: {
  kind: DocumentKind;
  images: Partial<Record<Slot, SlotImage>>;
  status: OcrStatus;
  busy: boolean;
  /** In the new-customer form, where the teller may also type the fields by hand. */
  forDraft: boolean;
  onImage(slot: Slot, blob: Blob, label: string): void;
  onRemove(slot: Slot): void;
  onRecognise(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="ocr-slots">
        {SLOTS[kind].map((slot) => (
          <ImageSlot key={slot} slot={slot} image={images[slot]} disabled={busy}
            onImage={(blob, label) => onImage(slot, blob, label)}
            onRemove={() => onRemove(slot)} />
        ))}
      </div>
      <div className="ocr-run">
        <button type="button" className="button button-primary" onClick={onRecognise} disabled={busy} data-testid="ocr-recognise">
          {status.phase === 'recognising' ? t('ocr.ui.recognising') : t('ocr.ui.recognise')}
        </button>
        {status.phase === 'recognising' && (
          <div className="ocr-progress" role="status" aria-live="polite" data-testid="ocr-progress">
            <span className="spinner" aria-hidden="true" />
            <span>{status.stage ? t(`ocr.ui.stage.${status.stage}`) : t('ocr.ui.recognising')}</span>
            <progress max={1} value={status.progress} />
          </div>
        )}
        {status.phase !== 'recognising' && forDraft && <span className="muted ocr-hint">{t('ocr.ui.manualHint')}</span>}
      </div>
      {status.phase === 'failed' && <p className="notice notice-error" role="alert" data-testid="ocr-error">{status.message}</p>}
    </>
  );
}
