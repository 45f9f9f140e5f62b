import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../../main/core/credit/credit.contract';
import type { AccountView } from '../../../../main/core/customers/accounts';
import { api, ApiCallError } from '../../../api/client';
import { errorText, fieldErrorText } from '../../labels';

export type DisburseErrors = Partial<Record<'accountNo' | 'checker.staffNo' | 'checker.password' | 'form', string>>;

/**
 * The disbursement form: the customer's active accounts (the only one preselected), the second person's staff
 * number and password, the tick; submit checks all are there, pays out, and on a refusal shows it on its field and
 * clears the password.
 */
export function useDisburseForm(app: ApplicationView, onDone: (app: ApplicationView) => void) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [accountNo, setAccountNo] = useState('');
  const [checkerNo, setCheckerNo] = useState('');
  const [checkerPassword, setCheckerPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<DisburseErrors>({});

  useEffect(() => {
    let live = true;
    api.call('customers.accounts', { id: app.customerId }).then(
      (list) => {
        if (!live) return;
        const usable = list.filter((a) => a.status === 'active');
        setAccounts(usable);
        if (usable.length === 1) setAccountNo(usable[0]!.accountNo);
      },
      (e: unknown) => live && setErrors({ form: errorText(e, t) }),
    );
    return () => {
      live = false;
    };
  }, [app.customerId, t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const missing: DisburseErrors = {};
    if (!accountNo) missing.accountNo = t('disburse.pickAccount');
    if (!checkerNo.trim()) missing['checker.staffNo'] = t('validation.required', { field: t('disburse.checkerNo') });
    if (!checkerPassword) missing['checker.password'] = t('validation.required', { field: t('disburse.checkerPassword') });
    if (!confirmed) missing.form = t('disburse.tickFirst');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      onDone(await api.call('loans.disburse', { id: app.id, rev: app.rev, accountNo, checker: { staffNo: checkerNo.trim(), password: checkerPassword } }));
    } catch (err) {
      if (err instanceof ApiCallError && err.body.fields?.length) {
        setErrors(Object.fromEntries(err.body.fields.map((f) => [f.path, fieldErrorText(f, t)])));
      } else setErrors({ form: errorText(err, t) });
      setCheckerPassword('');
      setBusy(false);
    }
  }

  return {
    accounts, accountNo, setAccountNo, checkerNo, setCheckerNo, checkerPassword, setCheckerPassword, confirmed, setConfirmed, busy, errors, submit,
  };
}
