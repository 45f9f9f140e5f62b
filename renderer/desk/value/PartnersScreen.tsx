import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { partnerQrText } from '../../../domain/value/partners';
import type { PartnerBoardView, PartnerLineView } from '../../../main/core/value/partners.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { formatYuan } from '../credit/credit-format';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';
import { PartnerPager, usePartnerPages } from './PartnerPager';
import './partners.css';

const NO_LINES: PartnerLineView[] = [];

/**
 * 合伙人 (精微易享): the branch's partners ranked by head office's signed monthly commission statement, with each
 * partner's referral QR to print again. Month chosen from the statements head office published; a statement arriving
 * by live sync shows at once.
 */
export function PartnersScreen() {
  const { t } = useTranslation();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [board, setBoard] = useState<PartnerBoardView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [qr, setQr] = useState<{ line: PartnerLineView; svg: string } | null>(null);

  const [arrived, setArrived] = useState(0);

  useEffect(() => {
    api.call('value.partners', month ? { month } : {}).then(setBoard, (e: unknown) => setError(errorText(e, t)));
  }, [month, arrived, t]);
  // Read again when head office's statement arrives by live sync, and when the event stream (re)opens (events
  // sent while it was down are lost).
  useApiEvent('value.partnerStatement', () => setArrived((n) => n + 1));
  useEffect(() => {
    const off = api.onStreamOpen(() => setArrived((n) => n + 1));
    return () => void off();
  }, []);

  const { visible, pager } = usePartnerPages(board?.lines ?? NO_LINES, (l) => `${l.name} ${l.code}`);

  async function showQr(line: PartnerLineView) {
    setQr({ line, svg: await QRCode.toString(partnerQrText(line.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) });
  }

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (board === undefined) return <ScreenLoading />;
  return (
    <section className="screen" aria-labelledby="partners-title">
      <h2 id="partners-title">{t('value.partners.title')}</h2>
      {board === null ? (
        <p data-testid="partners-empty">{t('value.partners.empty')}</p>
      ) : (
        <>
          <label className="field">
            <span>{t('value.partners.month')}</span>
            <select data-testid="partners-month" value={board.month} onChange={(e) => setMonth(e.target.value)}>
              {board.months.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </label>
          <p data-testid="partners-summary">
            {t('value.partners.summary', { partners: board.partners, effective: board.effectivePartners, total: formatYuan(board.totalFen), version: board.rulesVersion })}
          </p>
          <PartnerPager pager={pager} testId="partners-pager" />
          <table className="grid results" data-testid="partners-table">
            <thead>
              <tr>
                {['rank', 'partner', 'kind', 'applications', 'loans', 'commission', 'qr'].map((c) => <th key={c} scope="col">{t(`value.partners.col.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {visible.map((l) => (
                <tr key={l.code} data-testid={`partner-${l.code}`}>
                  <td>{l.rank}</td>
                  <td>{l.name}（{l.code}）{l.effective ? t('value.partners.effective') : ''}</td>
                  <td>{t(`value.partners.kind.${l.kind}`)}</td>
                  <td>{t('value.partners.applications', { n: l.applications, submitted: l.submitted })}</td>
                  <td>{t('value.partners.loans', { n: l.loans, principal: formatYuan(l.loanPrincipalFen) })}</td>
                  <td>{formatYuan(l.commissionFen)}</td>
                  <td><button type="button" onClick={() => void showQr(l)}>{t('value.partners.showQr')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {qr && (
            <figure data-testid="partner-qr">
              <img alt={t('value.partners.qrAlt', { code: qr.line.code })} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`} width={180} height={180} />
              <figcaption>{t('value.partners.qrCaption', { name: qr.line.name, code: qr.line.code })}</figcaption>
            </figure>
          )}
        </>
      )}
    </section>
  );
}
