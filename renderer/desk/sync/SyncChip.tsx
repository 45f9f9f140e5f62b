import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventMap } from '../../../main/core/api/contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { showDateTime } from '../../format/time';

type Status = EventMap['sync.status'] & { configured: boolean };

/** Top-bar chip: online/offline, changes waiting to go up, and when this device last caught up with head office. */
export function SyncChip() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    let live = true;
    api.call('sync.status', {}).then(
      (s) => live && setStatus({ state: s.state, pending: s.pending, lastSyncAt: s.lastSyncAt, configured: s.configured }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  useApiEvent('sync.status', (s) => setStatus({ ...s, configured: true }));
  if (!status) return null;
  if (!status.configured) return <span className="sync-pill" data-testid="sync-chip">{t('sync.chip.local')}</span>;
  const title = t('sync.chip.last', { time: showDateTime(status.lastSyncAt) });
  return (
    <span className={`sync-pill sync-${status.state}`} data-testid="sync-chip" title={title}>
      <span className="sync-dot" aria-hidden="true" />
      {t(`sync.chip.${status.state}`)}
      {status.pending > 0 && <span> · {t('sync.chip.pending', { count: status.pending })}</span>}
      <span className="sync-last"> · {title}</span>
    </span>
  );
}
