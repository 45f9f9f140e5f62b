import { useTranslation } from 'react-i18next';

interface Props {
  confirmDiscard: boolean;
  saving: boolean;
  /** Fields with an error, shown once save was pressed. */
  errorCount: number;
  submitted: boolean;
  onCancel(): void;
  onSave(): void;
}

/** The dialog's foot: what is happening (unsaved changes, saving, errors left) and Cancel / Save with their keys. */
export function FormFooter({ confirmDiscard, saving, errorCount, submitted, onCancel, onSave }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="footer-status" role="status" aria-live="polite">
        {confirmDiscard ? (
          <span className="warning-text">{t('desk.form.confirmDiscard')}</span>
        ) : saving ? (
          <span className="saving"><span className="spinner" aria-hidden="true" />{t('desk.form.saving')}</span>
        ) : submitted && errorCount > 0 ? (
          <span className="error-text">{t('desk.form.errorCount', { count: errorCount })}</span>
        ) : null}
      </div>
      <button type="button" className="button" onClick={onCancel} disabled={saving}>
        {t('desk.form.cancel')} <kbd>Esc</kbd>
      </button>
      <button type="button" className="button button-primary" onClick={onSave} disabled={saving} data-testid="save-customer">
        {saving ? t('desk.form.saving') : t('desk.form.save')} <kbd className="kbd-on-primary">Ctrl+S</kbd>
      </button>
    </>
  );
}
