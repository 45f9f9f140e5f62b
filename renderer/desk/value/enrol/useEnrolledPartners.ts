import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolledPartnerView } from '../../../../main/core/value/partners.contract';
import { api } from '../../../api/client';
import { useApiEvent } from '../../../api/use-api-event';
import { errorText } from '../../labels';

/**
 * The partners enrolled at this branch with head office's newest statement month, read again after an enrolment,
 * when a statement arrives by live sync, and when the event stream (re)opens.
 */
export function useEnrolledPartners() {
  const { t } = useTranslation();
  const [list, setList] = useState<{ partners: EnrolledPartnerView[]; statementMonth: string | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api.call('value.enrolledPartners', {}).then(setList, (e: unknown) => setLoadError(errorText(e, t)));
  }, [reload, t]);
  // Head office's statement arriving by live sync brings the commission column; read again then, and when the event
  // stream (re)opens (events sent while it was down are lost).
  useApiEvent('value.partnerStatement', () => setReload((n) => n + 1));
  useEffect(() => {
    const off = api.onStreamOpen(() => setReload((n) => n + 1));
    return () => void off();
  }, []);

  return { list, loadError, readAgain: () => setReload((n) => n + 1) };
}
