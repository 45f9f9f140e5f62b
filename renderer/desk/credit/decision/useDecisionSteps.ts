import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView, ReplayView } from '../../../../main/core/credit/credit.contract';
import type { SessionView } from '../../../../main/core/session/session.contract';
import { api, ApiCallError } from '../../../api/client';
import { errorText, fieldErrorText } from '../../labels';
import { useShortcuts } from '../../shortcuts';

export interface NextStep {
  label: string;
  action: () => void;
}

/**
 * What the decision page does: the next step of the flow for the caller (contract, face-sign, e-sign, disburse — one
 * key, Ctrl+Enter), the face-sign note, the contract's text, the replay of the decision, and one error line.
 */
export function useDecisionSteps({ app, session, onChange, covered }: { app: ApplicationView; session: SessionView; onChange(a: ApplicationView): void; covered: boolean }) {
  const { t } = useTranslation();
  const [replay, setReplay] = useState<ReplayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [disbursing, setDisbursing] = useState(false);
  const [contractHtml, setContractHtml] = useState<string | null>(null);
  const canWrite = session.permissions.includes('loan.write');
  const canApprove = session.permissions.includes('loan.approve');

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

  function replayDecision() {
    void api.call('loans.replay', { id: app.id }).then(setReplay, (e: unknown) => setError(errorText(e, t)));
  }

  // After a recorded face-to-face the customer signs on the branch tablet; no staff click signs for her.
  const signsOnTablet = canWrite && app.state === 'face-signed' && app.faceSign?.mode === 'recorded';
  const next: NextStep | null = !canWrite || signsOnTablet
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

  return {
    canWrite, canApprove, error, showError, busy, note, setNote, disbursing, setDisbursing, contractHtml, showContract,
    replay, replayDecision, signsOnTablet, next,
  };
}

export type DecisionSteps = ReturnType<typeof useDecisionSteps>;
