import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffListView, StaffRequestView } from '../../../../main/core/staff/staff.contract';
import { api } from '../../../api/client';
import { useApiEvent } from '../../../api/use-api-event';
import { errorText } from '../../labels';

/** The branch's signed staff and the requests to head office, loaded again whenever a staff document changes. */
export function useStaffLists() {
  const { t } = useTranslation();
  const [list, setList] = useState<StaffListView | null>(null);
  const [requests, setRequests] = useState<StaffRequestView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([api.call('staff.list', {}), api.call('staff.requests', { open: false })]).then(
      ([l, r]) => {
        setList(l);
        setRequests(r);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [t]);
  useEffect(load, [load]);
  useApiEvent('staff.changed', load);

  return { list, requests, error, load };
}
