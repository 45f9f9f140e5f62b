import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../main/core/credit/credit.contract';
import type { SessionView } from '../../../main/core/session/session.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import { ApplicationEditor } from './ApplicationEditor';
import { DecisionView } from './DecisionView';

/** One application: the data-collection form while it is a draft, the decision and the next step afterwards. */
export function ApplicationPage({ id, session, navigate, covered }: { id: string; session: SessionView; navigate(p: string[]): void; covered: boolean }) {
  const { t } = useTranslation();
  const [app, setApp] = useState<ApplicationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.call('loans.get', { id }).then(
      (a) => {
        setApp(a);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [id, t]);
  useEffect(load, [load]);
  // Another desk (or a sync) may move the application on; follow it unless we hold a newer copy.
  useApiEvent('loan.changed', (e) => {
    if (e.id === id) load();
  });

  if (error) return <div className="credit-page"><p className="notice notice-error" role="alert">{error}</p></div>;
  if (!app || app.id !== id) return <div className="credit-page"><p className="muted" role="status">{t('desk.loading')}</p></div>;
  const canWrite = session.permissions.includes('loan.write');
  if (app.state === 'draft' && canWrite) return <ApplicationEditor key={app.id} app={app} onChange={setApp} covered={covered} />;
  return <DecisionView app={app} session={session} onChange={setApp} navigate={navigate} covered={covered} />;
}
