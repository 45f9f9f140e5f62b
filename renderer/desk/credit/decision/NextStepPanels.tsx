import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import { FaceSignRecorder } from '../FaceSignRecorder';
import { TabletSigningPanel } from '../TabletSigning';
import { VideoSigningPanel } from '../VideoSigningPanel';
import type { DecisionSteps, NextStep } from './useDecisionSteps';

/** The next step's panel: for a contract, the face-sign note and the ways to sign; its button (Ctrl+Enter); the error. */
export function NextStepPanel({ app, next, steps, onChange }: { app: ApplicationView; next: NextStep; steps: DecisionSteps; onChange(a: ApplicationView): void }) {
  const { t } = useTranslation();
  const { note, setNote, showError, error, busy } = steps;
  return (
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
  );
}

/** After a recorded face-to-face: the customer signs on the branch tablet, not a staff click. */
export function TabletStepPanel({ app, error, onChange, onError }: { app: ApplicationView; error: string | null; onChange(a: ApplicationView): void; onError(e: unknown): void }) {
  const { t } = useTranslation();
  return (
    <section className="panel next-step" data-testid="next-step">
      <h2>{t('credit.ui.nextStep')}</h2>
      <TabletSigningPanel app={app} onSigned={onChange} onError={onError} />
      {error && <p className="notice notice-error" role="alert">{error}</p>}
    </section>
  );
}
