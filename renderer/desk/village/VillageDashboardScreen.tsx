import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLargeAmount, formatRatio, formatWan } from '../../../domain/credit/metrics';
import type { DashboardFigures } from '../../../domain/village/dashboard';
import type { VillageDashboardView } from '../../../main/core/village/credit-lines.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import './village.css';

const usage = (f: DashboardFigures) => ({
  households: formatRatio(f.drawn, f.signed, 2),
  amount: formatRatio(f.drawnFen, f.signedFen, 2),
  avgSigned: f.signed === 0 ? '—' : formatWan(Math.round(f.signedFen / f.signed)),
});

/**
 * 整村授信看板: for the branch and per village, households filed → reviewed → approved → granted (授信) → signed (签约)
 * → drawn (用信), with 户数用信率, 金额用信率, 户均签约额度 and the 信用村 status —computed by the core from head office's
 * signed lines and drawdowns each time the screen opens or is refreshed.
 */
export function VillageDashboardScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const [view, setView] = useState<VillageDashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api.call('village.dashboard', {}).then((v) => live && (setView(v), setError(null)), (e: unknown) => live && setError(errorText(e, t)));
    return () => {
      live = false;
    };
  }, [tick, t]);

  const b = view?.branch;
  const pair = (n: number, fen: number) => t('village.dashboard.pair', { n: n.toLocaleString('en-US'), amount: formatLargeAmount(fen) });
  return (
    <div className="village-screen" data-testid="village-dashboard">
      <header className="village-dashboard-head">
        <h2>{t('village.dashboard.title')}</h2>
        <button type="button" className="button" onClick={() => setTick((x) => x + 1)} data-testid="village-dashboard-refresh">{t('village.dashboard.refresh')}</button>
      </header>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {b && view && (
        <>
          <section className="village-section" data-testid="village-dashboard-branch">
            <dl className="village-figures">
              <div><dt>{t('village.dashboard.filed')}</dt><dd data-testid="vd-filed">{b.households.toLocaleString('en-US')}</dd></div>
              <div><dt>{t('village.dashboard.reviewed')}</dt><dd data-testid="vd-reviewed">{b.reviewed.toLocaleString('en-US')}</dd></div>
              <div><dt>{t('village.dashboard.approved')}</dt><dd data-testid="vd-approved">{pair(b.approved, b.approvedFen)}</dd></div>
              <div><dt>{t('village.dashboard.granted')}</dt><dd data-testid="vd-granted">{pair(b.granted, b.grantedFen)}</dd></div>
              <div><dt>{t('village.dashboard.signed')}</dt><dd data-testid="vd-signed">{pair(b.signed, b.signedFen)}</dd></div>
              <div><dt>{t('village.dashboard.drawn')}</dt><dd data-testid="vd-drawn">{pair(b.drawn, b.drawnFen)}</dd></div>
              <div><dt>{t('village.dashboard.avgSigned')}</dt><dd data-testid="vd-avg-signed">{usage(b).avgSigned}</dd></div>
              <div><dt>{t('village.dashboard.householdUsage')}</dt><dd data-testid="vd-household-usage">{usage(b).households}</dd></div>
              <div><dt>{t('village.dashboard.amountUsage')}</dt><dd data-testid="vd-amount-usage">{usage(b).amount}</dd></div>
            </dl>
            <p className="muted">{t('village.dashboard.basis', { asOf: view.asOf })}{view.untrusted > 0 && ` ${t('village.dashboard.untrusted', { n: view.untrusted })}`}</p>
          </section>
          <section className="village-section">
            <table className="village-table" data-testid="village-dashboard-villages">
              <thead>
                <tr>
                  <th>{t('village.dashboard.village')}</th><th>{t('village.dashboard.filed')}</th><th>{t('village.dashboard.reviewed')}</th><th>{t('village.dashboard.approved')}</th>
                  <th>{t('village.dashboard.granted')}</th><th>{t('village.dashboard.signed')}</th><th>{t('village.dashboard.drawn')}</th>
                  <th>{t('village.dashboard.householdUsage')}</th><th>{t('village.dashboard.amountUsage')}</th><th>{t('village.dashboard.avgSigned')}</th><th>{t('village.creditVillage.title')}</th>
                </tr>
              </thead>
              <tbody>
                {view.villages.map((v) => (
                  <tr key={v.village} data-village={v.village}>
                    <td>{v.village}</td>
                    <td className="num">{v.households.toLocaleString('en-US')}</td>
                    <td className="num">{v.reviewed.toLocaleString('en-US')}</td>
                    <td className="num">{pair(v.approved, v.approvedFen)}</td>
                    <td className="num">{pair(v.granted, v.grantedFen)}</td>
                    <td className="num">{pair(v.signed, v.signedFen)}</td>
                    <td className="num">{pair(v.drawn, v.drawnFen)}</td>
                    <td className="num">{usage(v).households}</td>
                    <td className="num">{usage(v).amount}</td>
                    <td className="num">{usage(v).avgSigned}</td>
                    <td className={v.creditVillage.met ? 'credit-village-met' : 'credit-village-flag'} title={v.creditVillage.checks.map((c) => c.textZh).join('\n')}>
                      {v.creditVillage.met ? t('village.dashboard.creditVillageMet') : t('village.dashboard.creditVillageNotMet')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
