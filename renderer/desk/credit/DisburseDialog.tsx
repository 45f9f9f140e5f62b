import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import { Dialog } from '../Dialog';
import { formatYuan } from './credit-format';
import { DisburseAccount, DisburseChecker } from './disburse/DisburseFields';
import { DisburseEvidence, DisburseSummary } from './disburse/DisburseSummary';
import { useDisburseForm } from './disburse/useDisburseForm';

interface Props {
  app: ApplicationView;
  onDone(app: ApplicationView): void;
  onCancel(): void;
}

/**
 * 放款确认: everything money depends on in one summary — amount (also in 大写), the customer's own account, product,
 * rate, term, the evidence (decision, contract, face and e-signature) — then a second person (授权人) proves who
 * they are, and a deliberate confirmation: a tick plus the button, never a shortcut.
 */
export function DisburseDialog({ app, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const f = useDisburseForm(app, onDone);
  const { busy, errors } = f;

  return (
    <Dialog title={t('disburse.title')} onRequestClose={() => !busy && onCancel()} wide testId="disburse-dialog">
      <form onSubmit={f.submit} noValidate className="disburse-form">
        <DisburseSummary app={app} />
        <DisburseEvidence app={app} />
        <DisburseAccount customerName={app.customerName} accounts={f.accounts} accountNo={f.accountNo} onAccount={f.setAccountNo} errors={errors} />
        <DisburseChecker checkerNo={f.checkerNo} onCheckerNo={f.setCheckerNo} checkerPassword={f.checkerPassword} onCheckerPassword={f.setCheckerPassword} errors={errors} />

        <label className="check disburse-tick">
          <input type="checkbox" checked={f.confirmed} onChange={(e) => f.setConfirmed(e.target.checked)} data-testid="disburse-confirm-check" />
          {t('disburse.tick', { amount: formatYuan(app.contract!.principalFen), name: app.customerName })}
        </label>
        <p className="form-error" role="alert" data-testid="disburse-error">{errors.form}</p>
        <div className="editor-actions">
          <button type="submit" className="button button-primary" disabled={busy || !f.confirmed || !f.accounts?.length} data-testid="disburse-confirm">
            {busy ? t('disburse.busy') : t('disburse.confirm')}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy} data-testid="disburse-cancel">{t('disburse.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
