import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../../../domain/queue/config';
import { api, ApiCallError } from '../../../api/client';
import { Dialog } from '../../Dialog';
import { errorText, fieldErrorText } from '../../labels';

/** The branch head sets which services a counter calls and how strongly (weight 1–10). */
export function MixDialog({ counter, onClose, onSaved }: { counter: number; onClose(): void; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const [config, setConfig] = useState<QueueConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('queue.config', {}).then(setConfig, (e: unknown) => setError(errorText(e, t)));
  }, [t]);
  const entry = config?.counters.find((c) => c.no === counter);

  function setWeight(service: string, weight: number) {
    if (!config || !entry) return;
    const services = weight > 0
      ? [...entry.services.filter((w) => w.service !== service), { service, weight }]
      : entry.services.filter((w) => w.service !== service);
    const order = config.services.map((s) => s.code);
    services.sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service));
    setConfig({ ...config, counters: config.counters.map((c) => (c.no === counter ? { ...c, services } : c)) });
  }

  async function save() {
    if (!config) return;
    try {
      await api.call('queue.saveConfig', { config });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiCallError && e.body.fields?.length ? e.body.fields.map((f) => fieldErrorText(f, t)).join('；') : errorText(e, t));
    }
  }

  return (
    <Dialog
      title={t('queue.ui.mixTitle', { counter: entry?.name ?? counter })}
      onRequestClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>{t('queue.ui.cancel')}</button>
          <button type="button" className="button button-primary" onClick={() => void save()} disabled={!config}>{t('queue.ui.save')}</button>
        </>
      }
    >
      {error && <p className="notice notice-error">{error}</p>}
      {config && entry && (
        <table className="grid">
          <thead><tr><th>{t('queue.ui.service')}</th><th>{t('queue.ui.weight')}</th></tr></thead>
          <tbody>
            {config.services.map((s) => {
              const w = entry.services.find((x) => x.service === s.code)?.weight ?? 0;
              return (
                <tr key={s.code}>
                  <td>{s.prefix} · {i18n.language === 'en' ? s.nameEn : s.name}</td>
                  <td>
                    <select value={w} onChange={(e) => setWeight(s.code, Number(e.target.value))}>
                      <option value={0}>{t('queue.ui.notServed')}</option>
                      {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted">{t('queue.ui.weightHint')}</p>
    </Dialog>
  );
}
