import { useTranslation } from 'react-i18next';
import { addDays, branchToday } from '../../../format/time';

/** The day the dashboard is as of: any date, today, or yesterday (the T+1 view). */
export function DashboardDateBar({ date, onDate }: { date: string; onDate(date: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <label className="field">
        <span>{t('valueDash.asOf')}</span>
        <input type="date" data-testid="value-dash-date" value={date} onChange={(e) => e.target.value && onDate(e.target.value)} />
      </label>
      <button type="button" onClick={() => onDate(branchToday())}>{t('valueDash.today')}</button>{' '}
      <button type="button" data-testid="value-dash-yesterday" onClick={() => onDate(addDays(branchToday(), -1))}>{t('valueDash.yesterday')}</button>
    </div>
  );
}
