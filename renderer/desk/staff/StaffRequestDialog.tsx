import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAcceptablePassword } from '../../../domain/staff/password-policy';
import { ROLES, type Role } from '../../../domain/staff/roles';
import type { StaffListView } from '../../../main/core/staff/staff.contract';
import { api } from '../../api/client';
import { Dialog } from '../Dialog';
import { useCallErrors } from './use-call-errors';

export type RequestKind = 'create' | 'roles' | 'reset-password' | 'disable' | 'enable';
type Member = StaffListView['staff'][number];

/**
 * A request to head office about one staff member. The requester types their own password again: it is sealed to
 * head office as proof that this person asked. Create and reset carry a first or temporary password, which the
 * person must change at their next login.
 */
export function StaffRequestDialog({ kind, member, onDone, onCancel }: { kind: RequestKind; member: Member | null; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [staffNo, setStaffNo] = useState(member?.staffNo ?? '');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(member?.roles ?? []);
  const [newPassword, setNewPassword] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, set, from } = useCallErrors();
  const withRoles = kind === 'create' || kind === 'roles';
  const withNewPassword = kind === 'create' || kind === 'reset-password';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9]{3,16}$/.test(staffNo.trim())) local.staffNo = t('staffUi.staffNoRule');
    if (kind === 'create' && !name.trim()) local.name = t('validation.required', { field: t('staffUi.name') });
    if (withRoles && roles.length === 0) local.roles = t('staff.rule.noRoles');
    if (withNewPassword && !isAcceptablePassword(newPassword)) local.newPassword = t('password.weak');
    if (!password) local.password = t('validation.required', { field: t('staffUi.ownPassword') });
    set(local);
    if (Object.keys(local).length || busy) return;
    setBusy(true);
    const base = { staffNo: staffNo.trim(), password };
    try {
      if (kind === 'create') await api.call('staff.request', { kind, ...base, name: name.trim(), roles, newPassword });
      else if (kind === 'roles') await api.call('staff.request', { kind, ...base, roles });
      else if (kind === 'reset-password') await api.call('staff.request', { kind, ...base, newPassword });
      else await api.call('staff.request', { kind, ...base });
      onDone();
    } catch (err) {
      from(err);
      setPassword('');
      setBusy(false);
    }
  }

  const cls = (k: string) => (errors[k] ? 'field has-error' : 'field');
  const msg = (k: string) => <span className="field-messages">{errors[k] && <span className="field-error">{errors[k]}</span>}</span>;

  return (
    <Dialog title={t(`staff.kind.${kind}`)} onRequestClose={() => !busy && onCancel()} testId="staff-request-dialog">
      <form className="staff-form" onSubmit={submit} noValidate>
        <p className="muted">{t(`staffUi.explain.${kind}`)}</p>
        <label className={cls('staffNo')}>
          <span className="field-label">{t('staffUi.staffNo')}</span>
          <input value={staffNo} onChange={(e) => setStaffNo(e.target.value.toUpperCase())} readOnly={kind !== 'create'} maxLength={16} spellCheck={false} data-autofocus={kind === 'create' ? true : undefined} data-testid="req-staff-no" />
          {msg('staffNo')}
        </label>
        {kind === 'create' && (
          <label className={cls('name')}>
            <span className="field-label">{t('staffUi.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} data-testid="req-name" />
            {msg('name')}
          </label>
        )}
        {member && kind !== 'create' && <p data-testid="req-member">{member.name} · {member.roles.map((r) => t(`role.${r}`)).join('、')}</p>}
        {withRoles && (
          <fieldset className={errors.roles ? 'field has-error staff-roles' : 'field staff-roles'} data-testid="req-roles">
            <legend className="field-label">{t('staffUi.roles')}</legend>
            {ROLES.map((r) => (
              <label key={r} className="check">
                <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} data-autofocus={kind === 'roles' && r === ROLES[0] ? true : undefined} value={r} />
                {t(`role.${r}`)}
              </label>
            ))}
            {msg('roles')}
          </fieldset>
        )}
        {withNewPassword && (
          <label className={cls('newPassword')}>
            <span className="field-label">{t(kind === 'create' ? 'staffUi.firstPassword' : 'staffUi.tempPassword')}</span>
            <input type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" data-autofocus={kind === 'reset-password' ? true : undefined} data-testid="req-new-password" />
            <span className="field-hint">{t('staffUi.forcedHint')}</span>
            {msg('newPassword')}
          </label>
        )}
        <label className={cls('password')}>
          <span className="field-label">{t('staffUi.ownPassword')}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-autofocus={kind === 'disable' || kind === 'enable' ? true : undefined} data-testid="req-own-password" />
          {msg('password')}
        </label>
        <p className="form-error" role="alert">{errors.form}</p>
        <div className="editor-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="req-submit">{t('staffUi.sendRequest')}</button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>{t('disburse.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
