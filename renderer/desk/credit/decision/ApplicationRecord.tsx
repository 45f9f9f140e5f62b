import { useTranslation } from 'react-i18next';
import { maskAccountNo } from '../../../../domain/customers/account';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { showDateTime } from '../../../format/time';
import { formatElapsed, formatYuan } from '../credit-format';

/** The page's head: the application, its state and the time taken so far. */
export function DecisionToolbar({ app }: { app: ApplicationView }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="credit-toolbar">
      <h1 className="pane-title">{t('credit.ui.applicationTitle', { name: app.customerName, product: t(`credit.product.${app.productCode}`) })}</h1>
      <span className={`state-tag state-${app.state}`} data-testid="application-state">{t(`credit.state.${app.state}`)}</span>
      <span className="muted">{t('credit.ui.elapsedTotal', { time: formatElapsed(app.totalElapsedMs, i18n.language) })}</span>
    </div>
  );
}

/** What the investigator found, who, when, and the outcome and limit they gave. */
export function InvestigationSummary({ investigation }: { investigation: NonNullable<ApplicationView['investigation']> }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.investigation')}</h2>
      <p>{investigation.findings}</p>
      <p className="muted">{t('credit.ui.investigatedBy', { who: `${investigation.byName}（${investigation.by}）`, at: showDateTime(investigation.at), outcome: t(investigation.outcome === 'approve' ? 'credit.ui.approve' : 'credit.ui.reject'), limit: formatYuan(investigation.limitFen) })}</p>
    </section>
  );
}

/** The loan paid out: amount, masked account and checker, and the way to the loan. */
export function DisbursedNote({ disbursement, navigate }: { disbursement: NonNullable<ApplicationView['disbursement']>; navigate(p: string[]): void }) {
  const { t } = useTranslation();
  return (
    <p className="notice notice-info" data-testid="disbursed-note">
      {t('disburse.done', { amount: formatYuan(disbursement.amountFen), account: maskAccountNo(disbursement.accountNo), checker: `${disbursement.checkedByName}（${disbursement.checkedBy}）` })}{' '}
      <button type="button" className="link-button" onClick={() => navigate(['loan', disbursement.loanId])}>{t('credit.ui.openLoan')}</button>
    </p>
  );
}

/** The contract's number, its text on request, and printing it. */
export function ContractPanel({ contract, html, onShow }: { contract: NonNullable<ApplicationView['contract']>; html: string | null; onShow(): void }) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <div className="credit-actions-bar">
        <h2>{t('credit.ui.contract')} {contract.no}</h2>
        <button type="button" className="button button-small" onClick={onShow}>{t('credit.ui.showContract')}</button>
        {html && <button type="button" className="button button-small" onClick={() => (document.getElementById('contract-frame') as HTMLIFrameElement | null)?.contentWindow?.print()}>{t('credit.ui.print')}</button>}
      </div>
      {html && <iframe id="contract-frame" title={t('credit.ui.contract')} className="contract-frame" srcDoc={html} sandbox="allow-modals allow-same-origin" />}
    </section>
  );
}

/** Every step so far: who, when, and how long after the one before. */
export function StepsList({ steps }: { steps: ApplicationView['steps'] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('credit.ui.steps')}</h2>
      <ol className="steps" data-testid="steps">
        {steps.map((s, i) => (
          <li key={i}>
            <strong>{t(`credit.step.${s.step}`)}</strong>
            <span>{s.byName}（{s.by}）</span>
            <span className="muted">{showDateTime(s.at, true)}</span>
            {i > 0 && <span className="elapsed">+{formatElapsed(s.elapsedMs, i18n.language)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
