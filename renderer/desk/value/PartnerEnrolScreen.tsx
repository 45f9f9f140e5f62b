import QRCode from 'qrcode';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { PARTNER_KINDS, PARTNER_PHONE, type PartnerKind } from '../../../domain/value/partners';
import type { EnrolledPartnerView } from '../../../main/core/value/partners.contract';
import { api, ApiCallError } from '../../api/client';
import { moveToNextFieldOrSubmit } from '../form-keys';
import { useApiEvent } from '../../api/use-api-event';
import { formatYuan } from '../credit/credit-format';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import { PartnerPager, usePartnerPages } from './PartnerPager';
import './partners.css';

const NO_PARTNERS: EnrolledPartnerView[] = [];

type Issue = 'partnerName' | 'partnerKind' | 'partnerPhone' | 'partnerPlace';
const ISSUES: Issue[] = ['partnerName', 'partnerKind', 'partnerPhone', 'partnerPlace'];

/** The partner's referral card: the QR a customer manager scans into an application, the code under it, printable. */
function PartnerCard({ partner, printing }: { partner: EnrolledPartnerView; printing: boolean }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(partner.qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => live && setSvg(s));
    return () => void (live = false);
  }, [partner.qrText]);
  return (
    <figure className={printing ? 'partner-card print-target' : 'partner-card'} data-testid="partner-card" data-code={partner.code}>
      {svg && <img alt={t('value.partners.qrAlt', { code: partner.code })} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} width={160} height={160} />}
      <figcaption>
        <strong>{t('value.enrol.card')}</strong>
        <div>{t('value.enrol.cardText', { name: partner.name, kind: t(`value.partners.kind.${partner.kind}`) })}</div>
        <div className="partner-card-code" data-testid="partner-card-code">{partner.code}</div>
        <div className="muted">{t('value.enrol.cardHint')}</div>
      </figcaption>
    </figure>
  );
}

/** One partner's applications, as this branch's store holds them. */
function Referrals({ partner, onClose }: { partner: EnrolledPartnerView; onClose(): void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [partner.code]);
  return (
    <section className="card no-print" aria-labelledby="partner-referrals-title" data-testid="partner-referrals">
      <h3 id="partner-referrals-title">{t('value.enrol.detailTitle', { name: partner.name, code: partner.code })}</h3>
      {partner.referrals.length === 0 ? (
        <p>{t('value.enrol.noReferrals')}</p>
      ) : (
        <table className="grid results">
          <thead>
            <tr>{['customer', 'date', 'amount', 'state'].map((c) => <th key={c} scope="col">{t(`value.enrol.ref.${c}`)}</th>)}</tr>
          </thead>
          <tbody>
            {partner.referrals.map((r) => (
              <tr key={r.applicationId} data-testid={`referral-${r.applicationId}`}>
                <td>{r.customerName}</td><td>{r.createdOn}</td><td>{formatYuan(r.amountFen)}</td><td>{t(`credit.state.${r.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" ref={close} onClick={onClose} data-testid="partner-referrals-close">{t('value.enrol.close')}</button>
    </section>
  );
}

/** A field as the other desk forms lay it out: label (with * when required), the control, its messages under it. */
function EnrolField({ id, label, required, issue, wide, children }: { id: Issue; label: string; required?: boolean; issue?: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={['field', wide ? 'field-wide' : '', issue ? 'has-error' : ''].join(' ')}>
      <label className="field-label" htmlFor={`enrol-${id}`}>
        {label}
        {required && <span className="required" aria-hidden="true">*</span>}
      </label>
      {children}
      <div className="field-messages" id={`enrol-${id}-error`}>
        {issue && <p className="field-error" role="alert" data-testid={`issue-${id}`}>{issue}</p>}
      </div>
    </div>
  );
}

/**
 * 合伙人登记 (精微易享): the branch head or a customer manager enrols a merchant, village official or market manager
 * as a partner — checked here as typed and again by the core, written with its audit entry in one go — and prints the
 * referral card at once. Below, every partner enrolled at this branch with the applications their code brought and
 * their commission from head office's newest signed statement.
 */
export function PartnerEnrolScreen() {
  const { t } = useTranslation();
  const [list, setList] = useState<{ partners: EnrolledPartnerView[]; statementMonth: string | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind | ''>('');
  const [phone, setPhone] = useState('');
  const [place, setPlace] = useState('');
  const [issues, setIssues] = useState<Partial<Record<Issue, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<EnrolledPartnerView | null>(null);
  const [shown, setShown] = useState<EnrolledPartnerView | null>(null);
  const [reload, setReload] = useState(0);
  // The card being printed: the print sheet shows that card alone (partners.css), whichever of the two is on screen.
  const [printCode, setPrintCode] = useState<string | null>(null);
  const print = (code: string) => {
    flushSync(() => setPrintCode(code));
    window.print();
    setPrintCode(null);
  };
  const first = useRef<HTMLInputElement>(null);
  const { visible, pager } = usePartnerPages(list?.partners ?? NO_PARTNERS, (p) => `${p.name} ${p.place} ${p.code} ${p.phone}`);

  useEffect(() => {
    api.call('value.enrolledPartners', {}).then(setList, (e: unknown) => setLoadError(errorText(e, t)));
  }, [reload, t]);
  // Head office's statement arriving by live sync brings the commission column; read again then, and when the event
  // stream (re)opens (events sent while it was down are lost).
  useApiEvent('value.partnerStatement', () => setReload((n) => n + 1));
  useEffect(() => {
    const off = api.onStreamOpen(() => setReload((n) => n + 1));
    return () => void off();
  }, []);

  function check(): Partial<Record<Issue, string>> {
    const found: Partial<Record<Issue, string>> = {};
    if (!name.trim()) found.partnerName = t('value.enrol.nameRequired');
    if (!kind) found.partnerKind = t('value.enrol.kindRequired');
    if (!PARTNER_PHONE.test(phone.trim())) found.partnerPhone = t('value.enrol.phoneInvalid');
    return found;
  }

  const focusIssue = (found: Partial<Record<Issue, string>>) => {
    const firstIssue = ISSUES.find((k) => found[k]);
    if (firstIssue) document.getElementById(`enrol-${firstIssue}`)?.focus();
    return !!firstIssue;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const found = check();
    setIssues(found);
    if (focusIssue(found)) return;
    setBusy(true);
    try {
      const p = await api.call('value.enrolPartner', { partnerName: name.trim(), partnerKind: kind as PartnerKind, partnerPhone: phone.trim(), partnerPlace: place.trim() });
      setEnrolled(p);
      setName('');
      setKind('');
      setPhone('');
      setPlace('');
      setReload((n) => n + 1);
      first.current?.focus();
    } catch (err) {
      // The core's refusals of a field (a mobile number already enrolled, a name too long) go beside that field.
      const fields = err instanceof ApiCallError ? (err.body.fields ?? []).filter((f) => (ISSUES as string[]).includes(f.path)) : [];
      if (fields.length) {
        const found = Object.fromEntries(fields.map((f) => [f.path, f.message])) as Partial<Record<Issue, string>>;
        setIssues(found);
        focusIssue(found);
      } else {
        setError(errorText(err, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const described = (k: Issue) => (issues[k] ? { 'aria-invalid': true, 'aria-describedby': `enrol-${k}-error` } : {});
  // A field's message goes once the field is corrected, not only at the next submit.
  const edit = (k: Issue, set: (v: string) => void) => (v: string) => {
    set(v);
    if (issues[k]) setIssues(({ [k]: _gone, ...rest }) => rest);
  };

  if (loadError) return <p className="form-error" role="alert">{loadError}</p>;
  if (!list) return <ScreenLoading />;
  return (
    <section className="screen partner-enrol" aria-labelledby="partner-enrol-title">
      <h2 id="partner-enrol-title">{t('value.enrol.title')}</h2>
      <p className="muted">{t('value.enrol.intro')}</p>
      <form className="card customer-form" onSubmit={(e) => void submit(e)} onKeyDown={moveToNextFieldOrSubmit} aria-labelledby="partner-enrol-form-title" aria-busy={busy} data-testid="partner-enrol-form" noValidate>
        <h3 id="partner-enrol-form-title">{t('value.enrol.formTitle')}</h3>
        <p className="muted">{t('value.enrol.keys')}</p>
        <div className="form-grid">
          <EnrolField id="partnerName" label={t('field.partnerName')} required issue={issues.partnerName}>
            <input id="enrol-partnerName" ref={first} autoFocus maxLength={60} value={name} onChange={(e) => edit('partnerName', setName)(e.target.value)} {...described('partnerName')} />
          </EnrolField>
          <EnrolField id="partnerKind" label={t('field.partnerKind')} required issue={issues.partnerKind}>
            <select id="enrol-partnerKind" value={kind} onChange={(e) => edit('partnerKind', (v) => setKind(v as PartnerKind | ''))(e.target.value)} {...described('partnerKind')}>
              <option value="">{t('value.enrol.choose')}</option>
              {PARTNER_KINDS.map((k) => <option key={k} value={k}>{t(`value.partners.kind.${k}`)}</option>)}
            </select>
          </EnrolField>
          <EnrolField id="partnerPhone" label={t('field.partnerPhone')} required issue={issues.partnerPhone}>
            <input id="enrol-partnerPhone" className="mono" inputMode="numeric" maxLength={11} value={phone} onChange={(e) => edit('partnerPhone', setPhone)(e.target.value)} {...described('partnerPhone')} />
          </EnrolField>
          <EnrolField id="partnerPlace" label={t('field.partnerPlace')} issue={issues.partnerPlace}>
            <input id="enrol-partnerPlace" maxLength={60} value={place} onChange={(e) => edit('partnerPlace', setPlace)(e.target.value)} {...described('partnerPlace')} />
          </EnrolField>
        </div>
        {error && <p className="form-error" role="alert" data-testid="partner-enrol-error">{error}</p>}
        <div className="partner-enrol-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="partner-enrol-submit">{busy ? t('value.enrol.busy') : t('value.enrol.submit')}</button>
        </div>
      </form>
      {enrolled && (
        <>
          <p role="status" data-testid="partner-enrol-done">{t('value.enrol.done', { name: enrolled.name, code: enrolled.code })}</p>
          <PartnerCard partner={enrolled} printing={printCode === enrolled.code} />
          <button type="button" className="button no-print" onClick={() => print(enrolled.code)} data-testid="partner-print">{t('value.enrol.print')}</button>
        </>
      )}
      <h3>{t('value.enrol.listTitle', { n: list.partners.length })}</h3>
      <p className="muted" data-testid="partner-statement-month">{list.statementMonth ? t('value.enrol.statement', { month: list.statementMonth }) : t('value.enrol.noStatement')}</p>
      {list.partners.length === 0 ? (
        <p>{t('value.enrol.none')}</p>
      ) : (
        <>
        <PartnerPager pager={pager} testId="enrolled-pager" />
        <table className="grid results" data-testid="partner-enrolled-table">
          <thead>
            <tr>{['code', 'name', 'kind', 'phone', 'enrolled', 'referrals', 'commission'].map((c) => <th key={c} scope="col">{t(`value.enrol.col.${c}`)}</th>)}<th /></tr>
          </thead>
          <tbody>
            {visible.map((p) => (
              <tr key={p.code} data-testid={`enrolled-${p.code}`}>
                <td>{p.code}</td>
                <td>{p.name}{p.place ? `（${p.place}）` : ''}{p.commission?.effective ? ` · ${t('value.enrol.effective')}` : ''}</td>
                <td>{t(`value.partners.kind.${p.kind}`)}</td>
                <td>{p.phone}</td>
                <td>{t('value.enrol.enrolledBy', { date: p.enrolledOn, by: p.enrolledByName })}</td>
                <td data-testid="enrolled-referrals">{t('value.enrol.referralCount', { n: p.referrals.length })}</td>
                <td data-testid="enrolled-commission">
                  {p.commission ? t('value.enrol.commission', { amount: formatYuan(p.commission.commissionFen), month: p.commission.month, loans: p.commission.loans }) : t('value.enrol.commissionNone')}
                </td>
                <td><button type="button" onClick={() => setShown(p)} data-testid="enrolled-show">{t('value.enrol.details')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        </>
      )}
      {shown && (
        <>
          <PartnerCard partner={shown} printing={printCode === shown.code} />
          <button type="button" className="button no-print" onClick={() => print(shown.code)} data-testid="partner-print-shown">{t('value.enrol.print')}</button>
          <Referrals partner={shown} onClose={() => setShown(null)} />
        </>
      )}
    </section>
  );
}
