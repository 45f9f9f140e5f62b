import { useTranslation } from 'react-i18next';
import type { DryRunResult as Result } from '../../../../domain/credit/rules';

export type DryRun = Result & { currentVersion: number };

/** What the edited rules would have changed on this branch's past applications, by outcome transition. */
export function DryRunResult({ dry }: { dry: DryRun }) {
  const { t } = useTranslation();
  return (
    <div data-testid="dry-run-result">
      <p>{t('credit.ui.dryRunSummary', { total: String(dry.total), changed: String(dry.changed), outcome: String(dry.outcomeChanged), limit: String(dry.limitChanged), rate: String(dry.rateChanged), v: String(dry.currentVersion) })}</p>
      {Object.keys(dry.byTransition).length > 0 ? (
        <table className="grid compact"><thead><tr><th>{t('credit.ui.transition')}</th><th className="num">{t('credit.ui.count')}</th></tr></thead>
          <tbody>{Object.entries(dry.byTransition).map(([k, n]) => {
            const [from, to] = k.split('→');
            return <tr key={k}><td>{t(`credit.outcome.${from}`)} → {t(`credit.outcome.${to}`)}</td><td className="num">{n}</td></tr>;
          })}</tbody></table>
      ) : (
        <p className="muted">{t('credit.ui.noTransitions')}</p>
      )}
      {dry.errors.length > 0 && <p className="notice notice-warning">{t('credit.ui.dryRunErrors', { n: String(dry.errors.length) })}</p>}
    </div>
  );
}
