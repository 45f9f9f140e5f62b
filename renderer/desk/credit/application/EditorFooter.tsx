import { useTranslation } from 'react-i18next';
import { keyLabel } from '../../shortcuts';
import type { ApplicationDraft } from './useApplicationDraft';

interface Props {
  draft: ApplicationDraft;
  busy: boolean;
  onSave(): void;
  onSubmit(): void;
}

/** What is still missing, the error line, and the outcome line beside 保存草稿 and 提交. */
export function EditorFooter({ draft, busy, onSave, onSubmit }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { missing, status } = draft;
  return (
    <>
      {missing.length > 0 && (
        <div className="notice notice-warning" data-testid="missing-list">
          {t('credit.ui.missingNow', { items: missing.map((m) => (en ? m.nameEn : m.nameZh)).join('、') })}
        </div>
      )}
      {status?.kind === 'error' && <div className="notice notice-error" role="alert" data-testid="editor-error">{status.text}</div>}
      <div className="editor-actions">
        <span className="footer-status" role="status" data-testid="editor-status">{busy ? t('credit.ui.working') : status?.kind === 'notice' ? status.text : null}</span>
        <button type="button" className="button" onClick={onSave} disabled={busy}>{t('credit.ui.saveDraft')} <kbd>{keyLabel('save')}</kbd></button>
        <button type="button" className="button button-primary" onClick={onSubmit} disabled={busy} data-testid="submit-application">
          {t('credit.ui.submit')} <kbd className="kbd-on-primary">{keyLabel('nextStep')}</kbd>
        </button>
      </div>
    </>
  );
}
