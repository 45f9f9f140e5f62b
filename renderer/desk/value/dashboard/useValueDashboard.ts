import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ValueDashboardView } from '../../../../main/core/value/value-dashboard.contract';
import { api } from '../../../api/client';
import { branchToday } from '../../../format/time';
import { errorText } from '../../labels';

/** The day the dashboard is as of (today to start with) and `value.dashboard` for it; a late answer for an older day is dropped. */
export function useValueDashboard() {
  const { t } = useTranslation();
  const [date, setDate] = useState(branchToday());
  const [d, setD] = useState<ValueDashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.call('value.dashboard', { date }).then(
      (v) => {
        if (!live) return;
        setD(v);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e, t)),
    );
    return () => {
      live = false;
    };
  }, [date, t]);

  return { date, setDate, d, error };
}
