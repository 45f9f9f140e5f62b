import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRequestView } from '../../../main/core/staff/staff.contract';
import { api } from '../../api/client';
import { Dialog } from '../Dialog';
import { useCallErrors } from './use-call-errors';

/** The second person: reads the request, then approves with their own password, or declines with a reason. */
export function ApproveDialog({ request, onDone, onCancel }: { request: StaffRequestView; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'approve' | 'decline'>('approve');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, set, from } = useCallErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (mode === 'approve' && !password) return set({ password: t('validation.required', { field: t('staffUi.ownPassword') }) });
    if (mode === 'decline' && !reason.trim()) return set({ reason: t('validation.required', { field: t('staffUi.declineReason') }) });
    setBusy(true);
    try {
      if (mode === 'approve') await api.call('staff.approve', { id: request.id, rev: request.rev, password });
      else await api.call('staff.decline', { id: request.id, rev: request.rev, reason: reason.trim() });
      onDone();
    } catch (err) {
      from(err);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('staffUi.approveTitle')} onRequestClose={() => !busy && onCancel()} testId="approve-dialog">
      <form className="staff-form" onSubmit={submit} noValidate>
        <dl className="staff-request-summary" data-testid="approve-summary">
          <div><dt>{t('staffUi.kind')}</dt><dd>{t(`staff.kind.${request.kind}`)}</dd></div>
          <div><dt>{t('staffUi.staffNo')}</dt><dd>{request.staffName}（{request.staffNo}）</dd></div>
          {request.roles && <div><dt>{t('staffUi.roles')}</dt><dd>{request.roles.map((r) => t(`role.${r}`)).join('、')}</dd></div>}
          <div><dt>{t('staffUi.requestedBy')}</dt><dd>{request.requestedByName}（{request.requestedBy}）</dd></div>
        </dl>
        <div className="staff-mode" role="radiogroup" aria-label={t('staffUi.approveTitle')}>
          <label className="check"><input type="radio" checked={mode === 'approve'} onChange={() => setMode('approve')} data-testid="approve-mode" />{t('staffUi.approve')}</label>
          <label className="check"><input type="radio" checked={mode === 'decline'} onChange={() => setMode('decline')} data-testid="decline-mode" />{t('staffUi.decline')}</label>
        </div>
        {mode === 'approve' ? (
          <label className={errors.password ? 'field has-error' : 'field'}>
            <span className="field-label">{t('staffUi.ownPassword')}</span>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-autofocus data-testid="approve-password" />
            <span className="field-messages">{errors.password && <span className="field-error">{errors.password}</span>}</span>
          </label>
        ) : (
          <label className={errors.reason ? 'field has-error' : 'field'}>
            <span className="field-label">{t('staffUi.declineReason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="decline-reason" />
            <span className="field-messages">{errors.reason && <span className="field-error">{errors.reason}</span>}</span>
          </label>
        )}
        <p className="form-error" role="alert">{errors.form ?? errors.staffNo ?? errors.roles}</p>
        <div className="editor-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="approve-submit">{t(mode === 'approve' ? 'staffUi.approve' : 'staffUi.decline')}</button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>{t('disburse.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
