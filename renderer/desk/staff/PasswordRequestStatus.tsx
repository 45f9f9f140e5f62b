import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRequestView } from '../../../main/core/staff/staff.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';

/** Where the staff member's password change stands at head office; refreshed when head office's answer arrives. */
export function PasswordRequestStatus({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const [request, setRequest] = useState<StaffRequestView | null>(null);
  const load = useCallback(() => {
    api.call('staff.myRequests', {}).then((list) => setRequest(list.find((r) => r.id === requestId) ?? null), () => {});
  }, [requestId]);
  useEffect(load, [load]);
  useApiEvent('staff.changed', load);
  useEffect(() => {
    const timer = setInterval(load, 5_000);
    return () => clearInterval(timer);
  }, [load]);

  const state = request?.state ?? 'awaiting-head-office';
  return (
    <div className={state === 'refused' ? 'notice notice-error' : 'notice notice-info'} role="status" data-testid="password-request-state" data-state={state}>
      {state === 'refused'
        ? t('staffUi.passwordRefused', { reason: request?.decision?.reason ?? '' })
        : state === 'done'
          ? t('staffUi.passwordDone')
          : t('staffUi.passwordSent')}
    </div>
  );
}
