import { useTranslation } from 'react-i18next';
import { maskAccountNo } from '../../../../domain/customers/account';
import type { AccountView } from '../../../../main/core/customers/accounts';
import type { DisburseErrors } from './useDisburseForm';

const fieldClass = (errors: DisburseErrors, k: keyof DisburseErrors) => (errors[k] ? 'field has-error' : 'field');

interface AccountProps {
  customerName: string;
  /** Null while loading; empty when the customer has no active account (then nothing can be paid out). */
  accounts: AccountView[] | null;
  accountNo: string;
  onAccount(accountNo: string): void;
  errors: DisburseErrors;
}

/** The customer's own account the loan is paid into. */
export function DisburseAccount({ customerName, accounts, accountNo, onAccount, errors }: AccountProps) {
  const { t } = useTranslation();
  return (
    <label className={fieldClass(errors, 'accountNo')}>
      <span className="field-label">{t('disburse.account')}<span className="required">*</span></span>
      {accounts && accounts.length === 0 ? (
        <span className="notice notice-error" data-testid="disburse-no-account">{t('disburse.noAccount', { name: customerName })}</span>
      ) : (
        <select value={accountNo} onChange={(e) => onAccount(e.target.value)} data-testid="disburse-account" data-autofocus>
          <option value="">{accounts ? t('disburse.pickAccount') : t('desk.loading')}</option>
          {(accounts ?? []).map((a) => (
            <option key={a.accountNo} value={a.accountNo}>{maskAccountNo(a.accountNo)} · {t(`account.kind.${a.kind}`)}</option>
          ))}
        </select>
      )}
      <span className="field-messages">{errors.accountNo && <span className="field-error">{errors.accountNo}</span>}</span>
    </label>
  );
}

interface CheckerProps {
  checkerNo: string;
  onCheckerNo(value: string): void;
  checkerPassword: string;
  onCheckerPassword(value: string): void;
  errors: DisburseErrors;
}

/** The second person (授权人), who took no part in the loan, proves who they are. */
export function DisburseChecker({ checkerNo, onCheckerNo, checkerPassword, onCheckerPassword, errors }: CheckerProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="disburse-checker">
      <legend>{t('disburse.checkerTitle')}</legend>
      <p className="muted">{t('disburse.checkerExplain')}</p>
      <div className="disburse-checker-fields">
        <label className={fieldClass(errors, 'checker.staffNo')}>
          <span className="field-label">{t('disburse.checkerNo')}</span>
          <input value={checkerNo} onChange={(e) => onCheckerNo(e.target.value)} maxLength={16} autoComplete="off" spellCheck={false} data-testid="checker-staff-no" />
          <span className="field-messages">{errors['checker.staffNo'] && <span className="field-error">{errors['checker.staffNo']}</span>}</span>
        </label>
        <label className={fieldClass(errors, 'checker.password')}>
          <span className="field-label">{t('disburse.checkerPassword')}</span>
          <input type="password" value={checkerPassword} onChange={(e) => onCheckerPassword(e.target.value)} autoComplete="off" data-testid="checker-password" />
          <span className="field-messages">{errors['checker.password'] && <span className="field-error">{errors['checker.password']}</span>}</span>
        </label>
      </div>
    </fieldset>
  );
}
