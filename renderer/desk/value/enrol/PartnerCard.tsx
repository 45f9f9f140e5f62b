import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolledPartnerView } from '../../../../main/core/value/partners.contract';
import { formatYuan } from '../../credit/credit-format';

/** The partner's referral card: the QR a customer manager scans into an application, the code under it, printable. */
export function PartnerCard({ partner, printing }: { partner: EnrolledPartnerView; printing: boolean }) {
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
export function Referrals({ partner, onClose }: { partner: EnrolledPartnerView; onClose(): void }) {
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
