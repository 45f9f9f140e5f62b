import { useCallback, useEffect, useState } from 'react';
import type { QueueBoard } from '../../main/core/queue/queue.contract';
import { api } from '../api/client';
import { useApiEvent } from '../api/use-api-event';

/** The queue board the hall shows, kept current by the host's events, and whether the host is out of reach. */
export function useHallBoard(): { board: QueueBoard | null; offline: boolean } {
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [offline, setOffline] = useState(false);

  const load = useCallback(() => {
    api.call('queue.board', {}).then(
      (b) => {
        setBoard(b);
        setOffline(false);
      },
      () => setOffline(true),
    );
  }, []);

  useEffect(() => {
    load();
    // After the network comes back the next event brings the whole board; this only shortens the gap.
    window.addEventListener('online', load);
    // Calls made while the event stream was down (a host restart) are not replayed: re-read on every reconnect.
    const off = api.onStreamOpen(load);
    return () => {
      window.removeEventListener('online', load);
      off();
    };
  }, [load]);

  useApiEvent('queue.updated', (b) => {
    setBoard(b);
    setOffline(false);
  });
  return { board, offline };
}
