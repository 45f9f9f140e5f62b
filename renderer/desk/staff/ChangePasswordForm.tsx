import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAcceptablePassword } from '../../../domain/staff/password-policy';
import { api } from '../../api/client';
import { useCallErrors } from './use-call-errors';

/**
 * The staff member's own new password, sent sealed to head office (devices cannot sign staff records). It takes
 * effect when head office's signed record reaches this device; until then the old password still works.
 */
export function ChangePasswordForm({ onSubmitted }: { onSubmitted(requestId: string): void }) {
  const { t } = useTranslation();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, set, from } = useCallErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!oldPassword) local.oldPassword = t('validation.required', { field: t('staffUi.oldPassword') });
    if (!isAcceptablePassword(newPassword)) local.newPassword = t('password.weak');
    else if (newPassword === oldPassword) local.newPassword = t('staffUi.samePassword');
    if (again !== newPassword) local.again = t('staffUi.passwordsDiffer');
    set(local);
    if (Object.keys(local).length || busy) return;
    setBusy(true);
    try {
      const { requestId } = await api.call('staff.changePassword', { oldPassword, newPassword });
      onSubmitted(requestId);
    } catch (err) {
      from(err);
      setBusy(false);
    }
  }

  const field = (name: 'oldPassword' | 'newPassword' | 'again', label: string, value: string, onChange: (v: string) => void, autoFocus = false) => (
    <label className={errors[name] || (name === 'oldPassword' && errors.password) ? 'field has-error' : 'field'}>
      <span className="field-label">{label}</span>
      <input type="password" value={value} onChange={(e) => onChange(e.target.value)} autoComplete={name === 'oldPassword' ? 'current-password' : 'new-password'} autoFocus={autoFocus} data-testid={`pw-${name}`} />
      <span className="field-messages">{(errors[name] ?? (name === 'oldPassword' ? errors.password : undefined)) && <span className="field-error">{errors[name] ?? errors.password}</span>}</span>
    </label>
  );

  return (
    <form className="staff-form" onSubmit={submit} noValidate data-testid="change-password-form">
      {field('oldPassword', t('staffUi.oldPassword'), oldPassword, setOld, true)}
      {field('newPassword', t('staffUi.newPassword'), newPassword, setNew)}
      {field('again', t('staffUi.newPasswordAgain'), again, setAgain)}
      <p className="field-hint">{t('password.weak')}</p>
      <p className="form-error" role="alert">{errors.form}</p>
      <button type="submit" className="button button-primary" disabled={busy} data-testid="pw-submit">{t('staffUi.sendPassword')}</button>
    </form>
  );
}
