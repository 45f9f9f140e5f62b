import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import type { SessionView } from '../../../main/core/session/session.contract';
import { ContractPanel, DecisionToolbar, DisbursedNote, InvestigationSummary, StepsList } from './decision/ApplicationRecord';
import { DecisionPanel } from './decision/DecisionPanel';
import { NextStepPanel, TabletStepPanel } from './decision/NextStepPanels';
import { SchedulePanel, useSchedulePreview } from './decision/ScheduleTable';
import { useDecisionSteps } from './decision/useDecisionSteps';
import { DisburseDialog } from './DisburseDialog';
import { InvestigationForm } from './InvestigationForm';
import { FaceSignEvidence } from './RecordingPlayer';
import { TabletSignatureEvidence } from './TabletSigning';
import { VideoInvestigationPanel } from './VideoInvestigationPanel';

export { ScheduleTable } from './decision/ScheduleTable';

/** Decision with its reasons, limit, rate and schedule; the steps so far with who, when and how long; and the next step. */
export function DecisionView({ app, session, onChange, navigate, covered }: { app: ApplicationView; session: SessionView; onChange(a: ApplicationView): void; navigate(p: string[]): void; covered: boolean }) {
  const { t } = useTranslation();
  const d = app.decision;
  const preview = useSchedulePreview(app);
  const steps = useDecisionSteps({ app, session, onChange, covered });
  const { canWrite, canApprove, error, next, signsOnTablet, disbursing, setDisbursing } = steps;

  return (
    <div className="credit-page" data-testid="decision-view">
      <DecisionToolbar app={app} />
      {d && <DecisionPanel app={app} d={d} replay={steps.replay} onReplay={steps.replayDecision} />}
      {app.investigation && <InvestigationSummary investigation={app.investigation} />}
      <VideoInvestigationPanel app={app} canWrite={canWrite} />
      {app.state === 'referred' && (canApprove ? <InvestigationForm app={app} onDone={onChange} /> : <p className="notice notice-info">{t('credit.ui.awaitingInvestigation')}</p>)}

      {next && <NextStepPanel app={app} next={next} steps={steps} onChange={onChange} />}
      {signsOnTablet && <TabletStepPanel app={app} error={error} onChange={onChange} onError={steps.showError} />}
      {!next && !signsOnTablet && error && <p className="notice notice-error" role="alert">{error}</p>}
      {app.faceSign?.recording && <FaceSignEvidence applicationId={app.id} recording={app.faceSign.recording} faceSource={app.eSign?.video ? 'phone' : 'desk'} />}
      {app.eSign?.tablet && <TabletSignatureEvidence applicationId={app.id} />}
      {app.disbursement && <DisbursedNote disbursement={app.disbursement} navigate={navigate} />}

      {disbursing && app.state === 'e-signed' && (
        <DisburseDialog app={app} onCancel={() => setDisbursing(false)} onDone={(a) => { setDisbursing(false); onChange(a); }} />
      )}

      {app.contract && <ContractPanel contract={app.contract} html={steps.contractHtml} onShow={() => void steps.showContract()} />}
      <SchedulePanel app={app} instalments={preview} />
      <StepsList steps={app.steps} />
    </div>
  );
}
