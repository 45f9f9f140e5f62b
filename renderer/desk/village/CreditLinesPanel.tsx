import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../domain/credit/money-format';
import type { CreditLineRow, CreditLinesView } from '../../../main/core/village/credit-lines.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';

const lastDrawdownAt = (l: CreditLineRow) => l.drawdowns.reduce((last, d) => (d.requestedAt > last ? d.requestedAt : last), '');

/**
 * 授信 → 签约 → 用信: the village's credit lines as head office signed them, who signed and drew (after sync), and the
 * village marketing QR code that opens head office's self-service page, to print and post in the village.
 */
export function CreditLinesPanel({ village }: { village: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<CreditLinesView | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.call('village.creditLines', { village }).then((v) => live && setView(v), () => live && setView(null));
    void load();
    // Lines, signings and drawdowns arrive from head office with the sync: look again now and then.
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [village]);
  if (!view || (view.lines.length === 0 && !view.selfService)) return null;
  const signed = view.lines.filter((l) => l.signedAt).length;
  const drawn = view.lines.filter((l) => l.drawnFen > 0).length;
  return (
    <section className="village-section credit-lines" data-testid="credit-lines">
      <h3>{t('village.lines.title')}</h3>
      {view.lines.length === 0 ? (
        <p className="muted">{t('village.lines.none')}</p>
      ) : (
        <>
          <p data-testid="credit-lines-summary">
            {t('village.lines.summary', {
              lines: view.lines.length, limit: formatYuan(view.lines.reduce((s, l) => s + l.limitFen, 0)), signed, drawn,
              drawnAmount: formatYuan(view.lines.reduce((s, l) => s + l.drawnFen, 0)),
            })}
          </p>
          <table className="village-table">
            <thead><tr><th>{t('village.lines.household')}</th><th>{t('village.lines.limit')}</th><th>{t('village.lines.terms')}</th><th>{t('village.lines.signing')}</th><th>{t('village.lines.drawn')}</th></tr></thead>
            <tbody>
              {view.lines.map((l) => (
                <tr key={l.householdId} data-testid="credit-line-row">
                  <td>{l.group} {l.headName}</td>
                  <td className="num">{formatYuan(l.limitFen)}</td>
                  <td>{t('village.lines.termsText', { rate: (l.rateBp / 100).toFixed(2), months: l.termMonths, expires: l.expiresOn })}</td>
                  <td>{l.signedAt ? t(`village.lines.signedVia.${l.signedVia ?? 'branch'}`, { at: showDateTime(l.signedAt) }) : t('village.lines.unsigned')}</td>
                  <td className="num">
                    {l.drawnFen > 0
                      ? t('village.lines.drawnText', { amount: formatYuan(l.drawnFen), count: l.drawdowns.length, at: showDateTime(lastDrawdownAt(l)) })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {view.untrusted > 0 && <p className="notice notice-error" role="alert">{t('village.lines.untrusted', { count: view.untrusted })}</p>}
      {view.selfService && (
        <div className="village-qr" data-testid="village-qr">
          <img alt={t('village.lines.qrAlt', { village: view.village })} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(view.selfService.qrSvg)}`} width={180} height={180} />
          <p>{t('village.lines.qrHint')}<br /><code data-testid="village-qr-url">{view.selfService.url}</code></p>
          <button type="button" className="button no-print" onClick={() => window.print()}>{t('village.lines.printQr')}</button>
        </div>
      )}
    </section>
  );
}
