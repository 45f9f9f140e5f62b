import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueStatsView } from '../../../../main/core/queue/queue.contract';
import { api } from '../../../api/client';
import { branchToday } from '../../../format/time';
import { errorText } from '../../labels';

/** The days chosen (the branch's today at first), their statistics, and the CSV export of them. */
export function useQueueStats() {
  const { t, i18n } = useTranslation();
  // The queue's business day is the branch's (its configured UTC offset), which this PC's clock may not share.
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    const start = (day: string) => {
      setFrom((f) => f ?? day);
      setTo((d) => d ?? day);
    };
    api.call('queue.board', {}).then((b) => start(b.day), () => start(branchToday()));
  }, []);
  const [stats, setStats] = useState<QueueStatsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    if (!from || !to) return;
    api.call('queue.stats', { from, to }).then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [from, to, t]);
  useEffect(() => load(), [load]);

  async function exportCsv() {
    if (!from || !to) return;
    try {
      const { filename, csv } = await api.call('queue.statsCsv', { from, to, lang: i18n.language === 'en' ? 'en' : 'zh-CN' });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  const setRange = (r: { from: string; to: string }) => {
    setFrom(r.from);
    setTo(r.to);
  };
  return { from, to, setRange, stats, error, load, exportCsv };
}
