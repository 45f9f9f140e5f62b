import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaceSignRecord, LoanView } from '../../../main/core/credit/credit.contract';
import type { SessionView } from '../../../main/core/session/session.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import { formatBpAsPercent, formatYuan } from './credit-format';
import { ScheduleTable } from './DecisionView';
import { FaceSignEvidence } from './RecordingPlayer';
import { TabletSignatureEvidence } from './TabletSigning';
import { showDateTime } from '../../format/time';

const RENEWAL_CLASS = { eligible: 'outcome-approve', refer: 'outcome-refer', ineligible: 'outcome-reject' } as const;

/** A disbursed loan: its plan, and at maturity the renewal model's verdict and the renewal application. */
export function LoanPage({ id, session, navigate }: { id: string; session: SessionView; navigate(p: string[]): void }) {
  const { t, i18n } = useTranslation();
  const [loan, setLoan] = useState<LoanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [faceSign, setFaceSign] = useState<FaceSignRecord | null>(null);
  const [signedBy, setSignedBy] = useState<'phone' | 'tablet' | 'desk'>('desk');
  const fail = useCallback((e: unknown) => setError(errorText(e, t)), [t]);
  useEffect(() => {
    api.call('loans.getLoan', { id }).then(setLoan, fail);
  }, [id, fail]);
  // The signing evidence lives on the application; the loan page plays it too.
  const applicationId = loan?.applicationId;
  useEffect(() => {
    if (applicationId) api.call('loans.get', { id: applicationId }).then((a) => {
      setFaceSign(a.faceSign);
      setSignedBy(a.eSign?.video ? 'phone' : a.eSign?.tablet ? 'tablet' : 'desk');
    }, () => setFaceSign(null));
  }, [applicationId]);
  if (error && !loan) return <div className="credit-page"><p className="notice notice-error" role="alert">{error}</p></div>;
  if (!loan) return <div className="credit-page"><p className="muted">{t('desk.loading')}</p></div>;
  const canWrite = session.permissions.includes('loan.write');
  const check = loan.lastRenewalCheck;
  const en = i18n.language === 'en';

  return (
    <div className="credit-page" data-testid="loan-page">
      <div className="credit-toolbar">
        <h1 className="pane-title">{loan.customerName} · {t(`credit.product.${loan.productCode}`)}</h1>
        <span className="state-tag">{t(`credit.state.${loan.status}`)}</span>
        <a href={`#/loans/${encodeURIComponent(loan.applicationId)}`}>{t('credit.ui.openApplication')}</a>
      </div>
      <dl className="dl">
        <div className="dl-row"><dt>{t('credit.ui.contract')}</dt><dd className="mono">{loan.contractNo}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.principal')}</dt><dd className="mono">{formatYuan(loan.principalFen)}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.balance')}</dt><dd className="mono">{formatYuan(loan.balanceFen)}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.rate')}</dt><dd className="mono">{formatBpAsPercent(loan.rateBp)}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.startDate')}</dt><dd>{loan.startDate}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.maturity')}</dt><dd>{loan.maturityDate}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.method')}</dt><dd>{t(`credit.method.${loan.method}`)}</dd></div>
        <div className="dl-row"><dt>{t('credit.ui.renewals')}</dt><dd>{loan.renewalsSoFar}</dd></div>
      </dl>
      {loan.status === 'active' && canWrite && (
        <section className="panel">
          <h2>{t('credit.ui.renewalTitle')}</h2>
          <div className="editor-actions">
            <button type="button" className="button" onClick={() => api.call('loans.checkRenewal', { id: loan.id, rev: loan.rev }).then(setLoan, fail)}>{t('credit.ui.checkRenewal')}</button>
            <button type="button" className="button button-primary" disabled={check?.outcome === 'ineligible'} onClick={() => api.call('loans.startRenewal', { id: loan.id }).then((a) => navigate([a.id]), fail)}>{t('credit.ui.startRenewal')}</button>
          </div>
          {check && (
            <div data-testid="renewal-result">
              <p><span className={`outcome ${RENEWAL_CLASS[check.outcome]}`}>{t(`credit.ui.renewal.${check.outcome}`)}</span> <span className="muted">v{check.ruleSetVersion} · {showDateTime(check.at)}</span></p>
              <p className="muted" data-testid="renewal-source">{check.coreAccount ? t('credit.ui.renewal.coreAccount', { account: check.coreAccount }) : t('credit.ui.renewal.branchFigures')}</p>
              <ul className="reasons">{check.reasons.map((r, i) => <li key={i} className={`reason reason-${r.effect}`}>{en ? r.messageEn : r.messageZh}</li>)}</ul>
            </div>
          )}
          {error && <p className="notice notice-error" role="alert">{error}</p>}
        </section>
      )}
      {faceSign?.recording && <FaceSignEvidence applicationId={loan.applicationId} recording={faceSign.recording} faceSource={signedBy === 'phone' ? 'phone' : 'desk'} />}
      {signedBy === 'tablet' && <TabletSignatureEvidence applicationId={loan.applicationId} />}
      {loan.instalments.length > 0 && <section className="panel"><h2>{t('credit.ui.schedule')}</h2><ScheduleTable instalments={loan.instalments} /></section>}
    </div>
  );
}
