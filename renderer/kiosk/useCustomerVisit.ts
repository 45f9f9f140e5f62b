import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PriorityKind } from '../../domain/queue/config';
import { normalizeResidentId, validateResidentId } from '../../domain/identity/resident-id';
import { residentIdIssue } from '../../domain/customers/customer';
import type { IssuedTicket, QueueServiceView } from '../../main/core/queue/queue.contract';
import { api } from '../api/client';
import { describe } from './describe-error';

/**
 * One customer at the kiosk: the priority and ID card they may give, the ticket they take (with the kiosk's key, when
 * installed with one), the message when it is refused. One ticket at a time.
 */
export function useCustomerVisit(kioskKey: string | null) {
  const { t } = useTranslation();
  const [priority, setPriority] = useState<PriorityKind | null>(null);
  const [idNumber, setIdNumber] = useState('');
  const [ticket, setTicket] = useState<IssuedTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function take(service: QueueServiceView) {
    if (busy) return;
    setBusy(true);
    setError(null);
    const id = normalizeResidentId(idNumber);
    // Cleared whatever the answer: a card that was refused must not make every later tap fail too.
    setIdNumber('');
    setPriority(null);
    const check = id ? validateResidentId(id) : null;
    if (check && !check.ok) {
      const [key, params] = residentIdIssue(check);
      setError(t('queue.ui.idRefused', { reason: t(key, { ...params, field: t('queue.ui.idCardField') }) }));
      setBusy(false);
      return;
    }
    try {
      const issued = await api.call('queue.issue', {
        service: service.code,
        priority,
        ...(id ? { idNumber: id } : {}),
        ...(kioskKey ? { kioskKey: kioskKey } : {}),
      });
      setTicket(issued);
    } catch (e) {
      setError(describe(e, t));
    } finally {
      setBusy(false);
    }
  }

  return { priority, setPriority, idNumber, setIdNumber, ticket, setTicket, error, setError, busy, take };
}

export type CustomerVisit = ReturnType<typeof useCustomerVisit>;
