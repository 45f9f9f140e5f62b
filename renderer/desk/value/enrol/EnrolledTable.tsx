import { useTranslation } from 'react-i18next';
import type { EnrolledPartnerView } from '../../../../main/core/value/partners.contract';
import { formatYuan } from '../../credit/credit-format';

/** The partners of this page: code, name, kind, phone, who enrolled them, referrals, commission, and 详情. */
export function EnrolledTable({ partners, onShow }: { partners: EnrolledPartnerView[]; onShow(p: EnrolledPartnerView): void }) {
  const { t } = useTranslation();
  return (
    <table className="grid results" data-testid="partner-enrolled-table">
      <thead>
        <tr>{['code', 'name', 'kind', 'phone', 'enrolled', 'referrals', 'commission'].map((c) => <th key={c} scope="col">{t(`value.enrol.col.${c}`)}</th>)}<th /></tr>
      </thead>
      <tbody>
        {partners.map((p) => (
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
            <td><button type="button" onClick={() => onShow(p)} data-testid="enrolled-show">{t('value.enrol.details')}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
