import { useTranslation } from 'react-i18next';

interface Props {
  idNumber: string;
  error: string | null;
  onChange(idNumber: string): void;
  /** 清除: the typed number and the message go. */
  onClear(): void;
}

/** The ID card number a customer may give (read by the card reader or typed), with its clear button. */
export function IdCardEntry({ idNumber, error, onChange, onClear }: Props) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-idcard">
      <label htmlFor="kiosk-id">{t('queue.ui.idCard')}</label>
      <input id="kiosk-id" value={idNumber} onChange={(e) => onChange(e.target.value)} maxLength={24} inputMode="numeric" autoComplete="off"
        placeholder={t('queue.ui.idCardHint')} data-testid="kiosk-id" />
      <button type="button" className="kiosk-chip" onClick={onClear} disabled={!idNumber && !error} data-testid="kiosk-id-clear">
        {t('queue.ui.idClear')}
      </button>
    </div>
  );
}
