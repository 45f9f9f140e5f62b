import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maskAccountNo } from '../../../domain/customers/account';
import { fenToChineseUppercase } from '../../../domain/money/chinese-amount';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import type { AccountView } from '../../../main/core/customers/accounts';
import { api, ApiCallError } from '../../api/client';
import { Dialog } from '../Dialog';
import { errorText, fieldErrorText } from '../labels';
import { formatBpAsPercent, formatYuan } from './credit-format';
import { showDateTime } from '../../format/time';

interface Props {
  app: ApplicationView;
  onDone(app: ApplicationView): void;
  onCancel(): void;
}

type Errors = Partial<Record<'accountNo' | 'checker.staffNo' | 'checker.password' | 'form', string>>;

/**
 * 放款确认: everything money depends on in one summary — amount (also in 大写), the customer's own account, product,
 * rate, term, the evidence (decision, contract, face and e-signature) — then a second person (授权人) proves who
 * they are, and a deliberate confirmation: a tick plus the button, never a shortcut.
 */
export function DisburseDialog({ app, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [accountNo, setAccountNo] = useState('');
  const [checkerNo, setCheckerNo] = useState('');
  const [checkerPassword, setCheckerPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const c = app.contract!;

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
    const missing: Errors = {};
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

  const when = (iso: string) => showDateTime(iso);
  const fieldClass = (k: keyof Errors) => (errors[k] ? 'field has-error' : 'field');
  const approval = app.investigation
    ? t('disburse.evidence.investigated', { who: `${app.investigation.byName}（${app.investigation.by}）` })
    : t(`credit.outcome.${app.decision?.outcome ?? 'approve'}`);

  return (
    <Dialog title={t('disburse.title')} onRequestClose={() => !busy && onCancel()} wide testId="disburse-dialog">
      <form onSubmit={submit} noValidate className="disburse-form">
        <dl className="disburse-summary" data-testid="disburse-summary">
          <div className="disburse-amount"><dt>{t('disburse.amount')}</dt>
            <dd data-testid="disburse-amount"><strong className="mono">¥{formatYuan(c.principalFen)}</strong> <span className="muted">{t('credit.ui.yuan')}</span>
              <span className="disburse-uppercase" data-testid="disburse-amount-words">{fenToChineseUppercase(c.principalFen)}</span></dd></div>
          <div><dt>{t('disburse.customer')}</dt><dd data-testid="disburse-customer">{app.customerName}</dd></div>
          <div><dt>{t('disburse.product')}</dt><dd>{t(`credit.product.${app.productCode}`)}</dd></div>
          <div><dt>{t('credit.ui.rate')}</dt><dd className="mono">{formatBpAsPercent(c.rateBp)}（LPR {formatBpAsPercent(c.lprBp)} + {c.spreadBp}BP）</dd></div>
          <div><dt>{t('credit.ui.termAndMethod')}</dt><dd>{t('credit.ui.months', { n: String(c.termMonths) })} · {t(`credit.method.${c.method}`)} · {c.startDate} — {c.maturityDate}</dd></div>
          <div><dt>{t('disburse.contract')}</dt><dd className="mono">{c.no}</dd></div>
        </dl>
        <section className="disburse-evidence" aria-label={t('disburse.evidence.title')}>
          <h3>{t('disburse.evidence.title')}</h3>
          <ul data-testid="disburse-evidence">
            <li>✓ {t('disburse.evidence.decision', { outcome: approval, version: String(app.decision?.ruleSetVersion ?? '—') })}</li>
            <li>✓ {t('disburse.evidence.documents', { n: String(app.collectedData.length) })}</li>
            {app.faceSign && <li>✓ {t('disburse.evidence.faceSign', { who: `${app.faceSign.byName}（${app.faceSign.by}）`, at: when(app.faceSign.at) })}</li>}
            {app.eSign && <li>✓ {t('disburse.evidence.eSign', { signer: app.eSign.signer, digest: app.eSign.contractDigest.slice(7, 19), at: when(app.eSign.at) })}</li>}
            {app.eSign?.video && (
              <li data-testid="disburse-video-evidence">
                ✓ {t('disburse.evidence.videoSign', {
                  signature: app.eSign.video.signatureDigest.slice(7, 19),
                  recording: app.eSign.video.recordingDigest ? `${app.eSign.video.recordingDigest.slice(7, 19)}…` : '—',
                })}
              </li>
            )}
          </ul>
        </section>

        <label className={fieldClass('accountNo')}>
          <span className="field-label">{t('disburse.account')}<span className="required">*</span></span>
          {accounts && accounts.length === 0 ? (
            <span className="notice notice-error" data-testid="disburse-no-account">{t('disburse.noAccount', { name: app.customerName })}</span>
          ) : (
            <select value={accountNo} onChange={(e) => setAccountNo(e.target.value)} data-testid="disburse-account" data-autofocus>
              <option value="">{accounts ? t('disburse.pickAccount') : t('desk.loading')}</option>
              {(accounts ?? []).map((a) => (
                <option key={a.accountNo} value={a.accountNo}>{maskAccountNo(a.accountNo)} · {t(`account.kind.${a.kind}`)}</option>
              ))}
            </select>
          )}
          <span className="field-messages">{errors.accountNo && <span className="field-error">{errors.accountNo}</span>}</span>
        </label>

        <fieldset className="disburse-checker">
          <legend>{t('disburse.checkerTitle')}</legend>
          <p className="muted">{t('disburse.checkerExplain')}</p>
          <div className="disburse-checker-fields">
            <label className={fieldClass('checker.staffNo')}>
              <span className="field-label">{t('disburse.checkerNo')}</span>
              <input value={checkerNo} onChange={(e) => setCheckerNo(e.target.value)} maxLength={16} autoComplete="off" spellCheck={false} data-testid="checker-staff-no" />
              <span className="field-messages">{errors['checker.staffNo'] && <span className="field-error">{errors['checker.staffNo']}</span>}</span>
            </label>
            <label className={fieldClass('checker.password')}>
              <span className="field-label">{t('disburse.checkerPassword')}</span>
              <input type="password" value={checkerPassword} onChange={(e) => setCheckerPassword(e.target.value)} autoComplete="off" data-testid="checker-password" />
              <span className="field-messages">{errors['checker.password'] && <span className="field-error">{errors['checker.password']}</span>}</span>
            </label>
          </div>
        </fieldset>

        <label className="check disburse-tick">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="disburse-confirm-check" />
          {t('disburse.tick', { amount: formatYuan(c.principalFen), name: app.customerName })}
        </label>
        <p className="form-error" role="alert" data-testid="disburse-error">{errors.form}</p>
        <div className="editor-actions">
          <button type="submit" className="button button-primary" disabled={busy || !confirmed || !accounts?.length} data-testid="disburse-confirm">
            {busy ? t('disburse.busy') : t('disburse.confirm')}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy} data-testid="disburse-cancel">{t('disburse.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
