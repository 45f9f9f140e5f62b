import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MarketingItem, QueueBoard } from '../../main/core/queue/queue.contract';
import { api } from '../api/client';
import { useApiEvent } from '../api/use-api-event';
import { describe } from './describe-error';

/**
 * What the kiosk shows every customer: the services with their queues and the marketing slides (read again whenever
 * the event stream reopens, then kept current by events), and the clock. `onError` (a state setter: the same function
 * every render, or the board would be read again each time) shows why the board is missing.
 */
export function useKioskBoard(onError: (text: string) => void) {
  const { t } = useTranslation();
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [marketing, setMarketing] = useState<MarketingItem[]>([]);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(() => {
    api.call('queue.board', {}).then(setBoard, (e: unknown) => onError(describe(e, t)));
    api.call('queue.marketing', {}).then(setMarketing, () => undefined);
  }, [t, onError]);

  useEffect(() => {
    load();
    const clock = setInterval(() => setNow(new Date()), 15_000);
    const off = api.onStreamOpen(load);
    return () => {
      clearInterval(clock);
      off();
    };
  }, [load]);
  useApiEvent('queue.updated', setBoard);
  useApiEvent('queue.marketing', setMarketing);

  return { board, marketing, now };
}
