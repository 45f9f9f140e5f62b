import QRCode from 'qrcode';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_KINDS, PARTNER_PHONE, type PartnerKind } from '../../../domain/value/partners';
import type { EnrolledPartnerView } from '../../../main/core/value/partners.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { formatYuan } from '../credit/credit-format';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import './partners.css';

type Issue = 'partnerName' | 'partnerKind' | 'partnerPhone';

/** The partner's referral card: the QR a customer manager scans into an application, the code under it, printable. */
function PartnerCard({ partner }: { partner: EnrolledPartnerView }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(partner.qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => live && setSvg(s));
    return () => void (live = false);
  }, [partner.qrText]);
  return (
    <figure className="partner-card" data-testid="partner-card" data-code={partner.code}>
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
  const first = useRef<HTMLInputElement>(null);

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

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const found = check();
    setIssues(found);
    const firstIssue = (Object.keys(found) as Issue[])[0];
    if (firstIssue) {
      document.getElementById(`enrol-${firstIssue}`)?.focus();
      return;
    }
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
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (k: Issue) => issues[k] && <span className="field-error" role="alert" id={`enrol-${k}-error`}>{issues[k]}</span>;
  const described = (k: Issue) => (issues[k] ? { 'aria-invalid': true, 'aria-describedby': `enrol-${k}-error` } : {});

  if (loadError) return <p className="form-error" role="alert">{loadError}</p>;
  if (!list) return <ScreenLoading />;
  return (
    <section className="screen partner-enrol" aria-labelledby="partner-enrol-title">
      <h2 id="partner-enrol-title">{t('value.enrol.title')}</h2>
      <p className="muted">{t('value.enrol.intro')}</p>
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="partner-enrol-form-title" data-testid="partner-enrol-form" noValidate>
        <h3 id="partner-enrol-form-title">{t('value.enrol.formTitle')}</h3>
        <label className="field">
          <span>{t('field.partnerName')}</span>
          <input id="enrol-partnerName" ref={first} autoFocus maxLength={60} value={name} onChange={(e) => setName(e.target.value)} {...described('partnerName')} />
          {fieldError('partnerName')}
        </label>
        <label className="field">
          <span>{t('field.partnerKind')}</span>
          <select id="enrol-partnerKind" value={kind} onChange={(e) => setKind(e.target.value as PartnerKind | '')} {...described('partnerKind')}>
            <option value="">{t('value.enrol.choose')}</option>
            {PARTNER_KINDS.map((k) => <option key={k} value={k}>{t(`value.partners.kind.${k}`)}</option>)}
          </select>
          {fieldError('partnerKind')}
        </label>
        <label className="field">
          <span>{t('field.partnerPhone')}</span>
          <input id="enrol-partnerPhone" inputMode="numeric" maxLength={11} value={phone} onChange={(e) => setPhone(e.target.value)} {...described('partnerPhone')} />
          {fieldError('partnerPhone')}
        </label>
        <label className="field">
          <span>{t('field.partnerPlace')}</span>
          <input id="enrol-partnerPlace" maxLength={60} value={place} onChange={(e) => setPlace(e.target.value)} />
        </label>
        {error && <p className="form-error" role="alert" data-testid="partner-enrol-error">{error}</p>}
        <button type="submit" disabled={busy} data-testid="partner-enrol-submit">{busy ? t('value.enrol.busy') : t('value.enrol.submit')}</button>
      </form>
      {enrolled && (
        <>
          <p role="status" data-testid="partner-enrol-done">{t('value.enrol.done', { name: enrolled.name, code: enrolled.code })}</p>
          <PartnerCard partner={enrolled} />
          <button type="button" className="no-print" onClick={() => window.print()} data-testid="partner-print">{t('value.enrol.print')}</button>
        </>
      )}
      <h3>{t('value.enrol.listTitle', { n: list.partners.length })}</h3>
      <p className="muted" data-testid="partner-statement-month">{list.statementMonth ? t('value.enrol.statement', { month: list.statementMonth }) : t('value.enrol.noStatement')}</p>
      {list.partners.length === 0 ? (
        <p>{t('value.enrol.none')}</p>
      ) : (
        <table className="grid results" data-testid="partner-enrolled-table">
          <thead>
            <tr>{['code', 'name', 'kind', 'phone', 'enrolled', 'referrals', 'commission'].map((c) => <th key={c} scope="col">{t(`value.enrol.col.${c}`)}</th>)}<th /></tr>
          </thead>
          <tbody>
            {list.partners.map((p) => (
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
      )}
      {shown && (
        <>
          <PartnerCard partner={shown} />
          <Referrals partner={shown} onClose={() => setShown(null)} />
        </>
      )}
    </section>
  );
}
