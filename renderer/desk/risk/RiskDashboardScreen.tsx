import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskDashboard } from '../../../domain/post-loan/risk-dashboard';
import { api } from '../../api/client';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';
import { RiskCharts } from './dashboard/RiskCharts';
import { RiskKpis, RiskMigration, RiskMonths } from './dashboard/RiskPanels';
import '../credit/credit.css';

/**
 * 贷后风险看板 (branch): overdue rate, NPL ratio month by month, the five-category migration matrix between two
 * month ends, and open risk events by age — all computed on open from head office's published loan states.
 */
export function RiskDashboardScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  const [data, setData] = useState<RiskDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('risk.dashboard', {}).then(setData, (e: unknown) => setError(errorText(e, t)));
  }, [t]);

  return (
    <div className="credit-page dashboard" data-testid="risk-dashboard">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('risk.dash.title')}</h1>
        {data && <span className="muted">{t('risk.dash.note', { date: data.date })}</span>}
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {!data && !error && <ScreenLoading />}
      {data && (
        <>
          <RiskKpis data={data} />
          <div className="charts">
            <RiskCharts data={data} />
            <RiskMonths data={data} />
            <RiskMigration data={data} />
          </div>
        </>
      )}
    </div>
  );
}
