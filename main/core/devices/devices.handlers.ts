import { deviceRow, olderThan } from '../../../domain/devices/device-status';
import type { Handlers } from '../api/handlers';
import type { DeviceReportDoc } from './device-report';
import type { DeviceView, devicesContract } from './devices.contract';
import type { ServiceDeps } from '../service-deps';

export type DevicesDeps = Pick<ServiceDeps, 'pouch' | 'device'>;

/** The newest version each channel's devices run or have downloaded: what a device of that channel should reach. */
function newestPerChannel(docs: DeviceReportDoc[]): Map<string, string> {
  const newest = new Map<string, string>();
  for (const d of docs) {
    const key = d.channel ?? '';
    for (const v of [d.appVersion, d.update.state === 'downloaded' ? d.update.version : null]) {
      if (v && (!newest.has(key) || olderThan(newest.get(key)!, v))) newest.set(key, v);
    }
  }
  return newest;
}

export function devicesHandlers(deps: DevicesDeps): Handlers<typeof devicesContract> {
  return {
    'devices.list': async (_args, ctx) => {
      const page = await deps.pouch.allDocs({ startkey: 'device-report:', endkey: 'device-report:\ufff0', include_docs: true });
      const docs = page.rows.flatMap((r) => (r.doc ? [r.doc as unknown as DeviceReportDoc] : []));
      const newest = newestPerChannel(docs);
      const devices: DeviceView[] = docs.map((d) => {
        const row = deviceRow(d, newest.get(d.channel ?? '') ?? null, ctx.now);
        // The device answering is obviously alive, however long ago it last synced.
        return { ...row, role: d.role, updateState: d.update.state, silent: row.silent && d.device !== deps.device, thisDevice: d.device === deps.device };
      });
      return { devices };
    },
  };
}
