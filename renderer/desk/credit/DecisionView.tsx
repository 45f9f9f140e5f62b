import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildSchedule, type Instalment } from '../../../domain/credit/schedule';
import type { ApplicationView, ReplayView } from '../../../main/core/credit/credit.contract';
import type { SessionView } from '../../../main/core/session/session.contract';
import { api, ApiCallError } from '../../api/client';
import { useShortcuts } from '../shortcuts';
import { errorText, fieldErrorText } from '../labels';
import { formatBpAsPercent, formatElapsed, formatYuan } from './credit-format';
import { InvestigationForm } from './InvestigationForm';
import { branchToday, showDateTime } from '../../format/time';
import { DisburseDialog } from './DisburseDialog';
import { FaceSignRecorder } from './FaceSignRecorder';
import { VideoSigningPanel } from './VideoSigningPanel';
import { TabletSigningPanel, TabletSignatureEvidence } from './TabletSigning';
import { VideoInvestigationPanel } from './VideoInvestigationPanel';
import { FaceSignEvidence } from './RecordingPlayer';
import { FactSources } from './FactSources';
import { maskAccountNo } from '../../../domain/customers/account';

const OUTCOME_CLASS = { approve: 'outcome-approve', refer: 'outcome-refer', reject: 'outcome-reject' } as const;

export function ScheduleTable({ instalments }: { instalments: Instalment[] }) {
  const { t } = useTranslation();
  return (
    <table className="grid schedule" data-testid="schedule">
      <thead>
        <tr>
          <th className="num">{t('credit.ui.period')}</th><th>{t('credit.ui.dueDate')}</th><th className="num">{t('credit.ui.payment')}</th>
          <th className="num">{t('credit.ui.principal')}</th><th className="num">{t('credit.ui.interest')}</th><th className="num">{t('credit.ui.remaining')}</th>
        </tr>
      </thead>
      <tbody>
        {instalments.map((i) => (
          <tr key={i.n}>
            <td className="num">{i.n}</td><td>{i.dueDate}</td><td className="num mono">{formatYuan(i.paymentFen)}</td>
            <td className="num mono">{formatYuan(i.principalFen)}</td><td className="num mono">{formatYuan(i.interestFen)}</td><td className="num mono">{formatYuan(i.remainingFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Decision with its reasons, limit, rate and schedule; the steps so far with who, when and how long; and the next step. */
export function DecisionView({ app, session, onChange, navigate, covered }: { app: ApplicationView; session: SessionView; onChange(a: ApplicationView): void; navigate(p: string[]): void; covered: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const d = app.decision;
  const [replay, setReplay] = useState<ReplayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [disbursing, setDisbursing] = useState(false);
  const [contractHtml, setContractHtml] = useState<string | null>(null);
  const canWrite = session.permissions.includes('loan.write');
  const canApprove = session.permissions.includes('loan.approve');

  const limitFen = app.investigation ? app.investigation.limitFen : (d?.limitFen ?? 0);
  const preview = useMemo(() => {
    if (app.contract) return app.contract.instalments;
    if (!d || limitFen <= 0 || d.rateBp <= 0 || app.repaymentMethod === 'revolving') return [];
    return buildSchedule({ method: app.repaymentMethod, principalFen: limitFen, annualRateBp: d.rateBp, months: app.termMonths, startDate: branchToday() }).instalments;
  }, [app, d, limitFen]);

  function showError(e: unknown) {
    setError(e instanceof ApiCallError && e.body.fields?.length ? e.body.fields.map((f) => fieldErrorText(f, t)).join('；') : errorText(e, t));
  }

  async function run(step: () => Promise<ApplicationView>) {
    setBusy(true);
    setError(null);
    try {
      const next = await step();
      onChange(next);
      if (next.state === 'contracted') void showContract(next.id);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  async function showContract(id = app.id) {
    setContractHtml((await api.call('loans.contractHtml', { id })).html);
  }

  // After a recorded face-to-face the customer signs on the branch tablet; no staff click signs for her.
  const signsOnTablet = canWrite && app.state === 'face-signed' && app.faceSign?.mode === 'recorded';
  const next: { label: string; action: () => void } | null = !canWrite || signsOnTablet
    ? null
    : app.state === 'approved'
      ? { label: t('credit.ui.generateContract'), action: () => void run(() => api.call('loans.generateContract', { id: app.id, rev: app.rev })) }
      : app.state === 'contracted'
        ? { label: t('credit.ui.recordFaceSign'), action: () => void run(() => api.call('loans.faceSign', { id: app.id, rev: app.rev, note })) }
        : app.state === 'face-signed'
          ? { label: t('credit.ui.recordESign'), action: () => void run(() => api.call('loans.eSign', { id: app.id, rev: app.rev, contractDigest: app.contract!.digest })) }
          : app.state === 'e-signed'
            ? { label: t('disburse.open'), action: () => setDisbursing(true) }
            : null;
  useShortcuts({ nextStep: () => next && !busy && next.action() }, !covered && !!next && !disbursing);

  return (
    <div className="credit-page" data-testid="decision-view">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.applicationTitle', { name: app.customerName, product: t(`credit.product.${app.productCode}`) })}</h1>
        <span className={`state-tag state-${app.state}`} data-testid="application-state">{t(`credit.state.${app.state}`)}</span>
        <span className="muted">{t('credit.ui.elapsedTotal', { time: formatElapsed(app.totalElapsedMs, i18n.language) })}</span>
      </div>

      {d && (
        <section className="panel decision">
          <div className="decision-head">
            <span className={`outcome ${OUTCOME_CLASS[d.outcome]}`} data-testid="decision-outcome">{t(`credit.outcome.${d.outcome}`)}</span>
            <dl className="decision-figures">
              <div><dt>{t('credit.ui.limit')}</dt><dd className="mono" data-testid="decision-limit">{formatYuan(d.limitFen)} {t('credit.ui.yuan')}</dd></div>
              <div><dt>{t('credit.ui.rate')}</dt><dd className="mono" data-testid="decision-rate">{d.rateBp ? t('credit.ui.rateFormula', { rate: formatBpAsPercent(d.rateBp), lpr: formatBpAsPercent(d.lprBp), bp: String(d.spreadBp) }) : '—'}</dd></div>
              <div><dt>{t('credit.ui.termAndMethod')}</dt><dd>{t('credit.ui.months', { n: String(app.termMonths) })} · {t(`credit.method.${app.repaymentMethod}`)}</dd></div>
              <div><dt>{t('credit.ui.score')}</dt><dd className="mono">{d.score}</dd></div>
              <div><dt>{t('credit.ui.ruleVersion')}</dt><dd className="mono" title={d.ruleSetDigest}>v{d.ruleSetVersion} · LPR {d.lprFixingDate}</dd></div>
            </dl>
          </div>
          <h3>{t('credit.ui.reasons')}</h3>
          <ol className="reasons" data-testid="decision-reasons">
            {d.reasons.map((r, i) => (
              <li key={i} className={`reason reason-${r.effect}`}>
                <span className="reason-model">{t(`credit.ui.model.${r.model}`)}</span>
                {en ? r.messageEn : r.messageZh}
              </li>
            ))}
          </ol>
          <FactSources sources={app.factSources ?? []} />
          <div className="replay">
            <button type="button" className="button button-small" onClick={() => api.call('loans.replay', { id: app.id }).then(setReplay, (e: unknown) => setError(errorText(e, t)))}>
              {t('credit.ui.replay')}
            </button>
            {replay && (
              <span className={replay.identical ? 'replay-ok' : 'replay-bad'} data-testid="replay-result">
                {replay.identical ? t('credit.ui.replayIdentical', { v: String(replay.ruleSetVersion) }) : t('credit.ui.replayChanged', { v: String(replay.ruleSetVersion), outcome: t(`credit.outcome.${replay.replayed.outcome}`) })}
                {!replay.inputsIntact && ` ${t('credit.ui.replayInputs')}`}
                {!replay.ruleSetMatches && ` ${t('credit.ui.replayRules')}`}
              </span>
            )}
          </div>
        </section>
      )}

      {app.investigation && (
        <section className="panel">
          <h2>{t('credit.ui.investigation')}</h2>
          <p>{app.investigation.findings}</p>
          <p className="muted">{t('credit.ui.investigatedBy', { who: `${app.investigation.byName}（${app.investigation.by}）`, at: showDateTime(app.investigation.at), outcome: t(app.investigation.outcome === 'approve' ? 'credit.ui.approve' : 'credit.ui.reject'), limit: formatYuan(app.investigation.limitFen) })}</p>
        </section>
      )}
      <VideoInvestigationPanel app={app} canWrite={canWrite} />
      {app.state === 'referred' && (canApprove ? <InvestigationForm app={app} onDone={onChange} /> : <p className="notice notice-info">{t('credit.ui.awaitingInvestigation')}</p>)}

      {next && (
        <section className="panel next-step" data-testid="next-step">
          <h2>{t('credit.ui.nextStep')}</h2>
          {app.state === 'contracted' && (
            <>
              <p className="notice notice-info" data-testid="face-sign-note">{t('credit.ui.faceSignChoice')}</p>
              <label className="field" htmlFor="face-note"><span className="field-label">{t('credit.ui.faceSignNote')}</span>
                <input id="face-note" value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
              </label>
              <FaceSignRecorder app={app} note={note} onSigned={onChange} onError={showError} />
              <VideoSigningPanel app={app} onSigned={onChange} onError={showError} />
            </>
          )}
          {app.state === 'face-signed' && app.contract && <p className="muted">{t('credit.ui.eSignExplain', { no: app.contract.no, digest: app.contract.digest.slice(7, 23) })}</p>}
          {error && <p className="notice notice-error" role="alert">{error}</p>}
          <div className="editor-actions">
            <button type="button" className="button button-primary" onClick={next.action} disabled={busy} autoFocus data-testid="next-step-button">
              {next.label} <kbd className="kbd-on-primary">Ctrl+Enter</kbd>
            </button>
          </div>
        </section>
      )}
      {signsOnTablet && (
        <section className="panel next-step" data-testid="next-step">
          <h2>{t('credit.ui.nextStep')}</h2>
          <TabletSigningPanel app={app} onSigned={onChange} onError={showError} />
          {error && <p className="notice notice-error" role="alert">{error}</p>}
        </section>
      )}
      {!next && !signsOnTablet && error && <p className="notice notice-error" role="alert">{error}</p>}
      {app.faceSign?.recording && <FaceSignEvidence applicationId={app.id} recording={app.faceSign.recording} faceSource={app.eSign?.video ? 'phone' : 'desk'} />}
      {app.eSign?.tablet && <TabletSignatureEvidence applicationId={app.id} />}
      {app.disbursement && (
        <p className="notice notice-info" data-testid="disbursed-note">
          {t('disburse.done', { amount: formatYuan(app.disbursement.amountFen), account: maskAccountNo(app.disbursement.accountNo), checker: `${app.disbursement.checkedByName}（${app.disbursement.checkedBy}）` })}{' '}
          <button type="button" className="link-button" onClick={() => navigate(['loan', app.disbursement!.loanId])}>{t('credit.ui.openLoan')}</button>
        </p>
      )}

      {disbursing && app.state === 'e-signed' && (
        <DisburseDialog app={app} onCancel={() => setDisbursing(false)} onDone={(a) => { setDisbursing(false); onChange(a); }} />
      )}

      {app.contract && (
        <section className="panel">
          <div className="credit-actions-bar">
            <h2>{t('credit.ui.contract')} {app.contract.no}</h2>
            <button type="button" className="button button-small" onClick={() => void showContract()}>{t('credit.ui.showContract')}</button>
            {contractHtml && <button type="button" className="button button-small" onClick={() => (document.getElementById('contract-frame') as HTMLIFrameElement | null)?.contentWindow?.print()}>{t('credit.ui.print')}</button>}
          </div>
          {contractHtml && <iframe id="contract-frame" title={t('credit.ui.contract')} className="contract-frame" srcDoc={contractHtml} sandbox="allow-modals allow-same-origin" />}
        </section>
      )}

      {preview.length > 0 && (
        <section className="panel">
          <h2>{app.contract ? t('credit.ui.schedule') : t('credit.ui.schedulePreview')}</h2>
          <ScheduleTable instalments={preview} />
        </section>
      )}

      <section className="panel">
        <h2>{t('credit.ui.steps')}</h2>
        <ol className="steps" data-testid="steps">
          {app.steps.map((s, i) => (
            <li key={i}>
              <strong>{t(`credit.step.${s.step}`)}</strong>
              <span>{s.byName}（{s.by}）</span>
              <span className="muted">{showDateTime(s.at, true)}</span>
              {i > 0 && <span className="elapsed">+{formatElapsed(s.elapsedMs, i18n.language)}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
