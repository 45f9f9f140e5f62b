import { useTranslation } from 'react-i18next';
import type { Verdict } from '../../../../domain/documents/document-fields';
import type { Review } from './useOcrPanel';

/**
 * The teller's verdict: the reason when rejecting, why saving failed or is blocked, and the buttons of each review
 * step (接受 / 更正 / 拒绝 / 重新识别; 保存更正; 确认拒绝), with the saving mark.
 */
export function OcrVerdictBar({ review, reason, saveError, blocked, saving, onReason, onDecide, onCorrect, onReview, onRescan }: {
  review: Review;
  reason: string;
  saveError: string | null;
  blocked: boolean;
  saving: boolean;
  onReason(reason: string): void;
  onDecide(verdict: Verdict): void;
  onCorrect(): void;
  onReview(review: Review): void;
  onRescan(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {review === 'reject' && (
        <div className="field ocr-reason">
          <label className="field-label" htmlFor="ocr-reject-reason">{t('ocr.ui.rejectReason')}<span className="required" aria-hidden="true">*</span></label>
          <input id="ocr-reject-reason" value={reason} maxLength={200} placeholder={t('ocr.ui.rejectPlaceholder')} onChange={(e) => onReason(e.target.value)} autoFocus />
        </div>
      )}

      {saveError && <p className="notice notice-error" role="alert" data-testid="ocr-save-error">{saveError}</p>}
      {blocked && review !== 'reject' && <p className="notice notice-warning" data-testid="ocr-blocked">{t('ocr.ui.blocked')}</p>}

      <div className="ocr-actions">
        {review === 'view' && (
          <>
            <button type="button" className="button button-primary" disabled={blocked || saving} onClick={() => onDecide('accepted')}>{t('ocr.ui.accept')}</button>
            <button type="button" className="button" disabled={saving} onClick={onCorrect}>{t('ocr.ui.correct')}</button>
            <button type="button" className="button button-danger" disabled={saving} onClick={() => onReview('reject')}>{t('ocr.ui.reject')}</button>
            <button type="button" className="button ocr-rescan" disabled={saving} onClick={onRescan}>{t('ocr.ui.rescan')}</button>
          </>
        )}
        {review === 'correct' && (
          <>
            <button type="button" className="button button-primary" disabled={blocked || saving}
              onClick={() => onDecide('corrected')}>{t('ocr.ui.saveCorrection')}</button>
            <button type="button" className="button" disabled={saving} onClick={() => onReview('view')}>{t('ocr.ui.cancelCorrection')}</button>
          </>
        )}
        {review === 'reject' && (
          <>
            <button type="button" className="button button-danger" disabled={!reason.trim() || saving} onClick={() => onDecide('rejected')}>{t('ocr.ui.rejectConfirm')}</button>
            <button type="button" className="button" disabled={saving} onClick={() => onReview('view')}>{t('ocr.ui.cancelCorrection')}</button>
          </>
        )}
        {saving && <span className="saving"><span className="spinner" aria-hidden="true" />{t('ocr.ui.saving')}</span>}
      </div>
    </>
  );
}
