import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../main/core/devices/devices.contract';
import { api } from '../../api/client';
import { showDateTime } from '../../format/time';
import { errorText } from '../labels';
import { ScreenLoading } from '../ScreenLoading';

type Translate = ReturnType<typeof useTranslation>['t'];

function updateText(d: DeviceView, t: Translate): string {
  return t(`devices.update.${d.updateState}`, { version: d.updateVersion ?? '', reason: d.updateReason ?? '' });
}

function attentionText(d: DeviceView, t: Translate): string {
  const notes = [d.outOfDate ? t('devices.outOfDate') : '', d.failing ? t('devices.failing') : '', d.silent ? t('devices.silent') : ''].filter(Boolean);
  return notes.length ? notes.join('；') : t('devices.ok');
}

/** 设备: IT's view of the branch's devices — version, update state, last sync — with what needs attention first. */
export function DevicesScreen() {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('devices.list', {}).then(
      (r) => setDevices(r.devices),
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [t]);
  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!devices) return <ScreenLoading />;
  const needs = (d: DeviceView) => Number(d.failing) * 4 + Number(d.silent) * 2 + Number(d.outOfDate);
  const sorted = [...devices].sort((a, b) => needs(b) - needs(a) || a.device.localeCompare(b.device));
  const count = (f: (d: DeviceView) => boolean) => devices.filter(f).length;
  return (
    <section className="screen" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <p data-testid="devices-summary">
        {t('devices.summary', { total: devices.length, outOfDate: count((d) => d.outOfDate), failing: count((d) => d.failing), silent: count((d) => d.silent) })}
      </p>
      {devices.length === 0 ? (
        <p>{t('devices.empty')}</p>
      ) : (
        <table className="grid results" data-testid="devices-table">
          <thead>
            <tr>
              {['device', 'role', 'version', 'channel', 'update', 'lastSync', 'os', 'attention'].map((c) => (
                <th key={c} scope="col">{t(`devices.col.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => (
              <tr key={d.device} data-testid={`device-${d.device}`} className={needs(d) > 0 ? 'row-warn' : undefined}>
                <td>{d.device}{d.thisDevice ? t('devices.thisDevice') : ''}</td>
                <td>{t(`devices.role.${d.role}`)}</td>
                <td>{d.appVersion}</td>
                <td>{d.channel ?? t('devices.noChannel')}</td>
                <td>{updateText(d, t)}</td>
                <td>{d.lastSyncAt ? showDateTime(d.lastSyncAt) : t('devices.never')}</td>
                <td>{d.os}</td>
                <td data-testid="device-attention">{attentionText(d, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
