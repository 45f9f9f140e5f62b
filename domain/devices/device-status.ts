/** A device is silent when nothing has been heard from it for longer than this. */
export const SILENT_AFTER_MS = 24 * 3_600_000;

const VERSION = /^(\d{1,4})\.(\d{1,4})\.(\d{1,6})(?:-([0-9A-Za-z.]{1,40}))?$/;

/** x.y.z[-pre] ordering as semver (a pre-release sorts before its release); unreadable versions are never "older". */
export function olderThan(a: string, b: string): boolean {
  const x = VERSION.exec(a);
  const y = VERSION.exec(b);
  if (!x || !y) return false;
  for (let i = 1; i <= 3; i++) if (Number(x[i]) !== Number(y[i])) return Number(x[i]) < Number(y[i]);
  if (x[4] === y[4] || x[4] === undefined) return false;
  return y[4] === undefined || x[4] < y[4];
}

/** What needs IT's attention about one device: behind the version it should run, a failed update, or silent. */
export function deviceAttention(d: { appVersion: string; updateState: string; lastSyncAt: string | null; reportedAt: string }, latest: string | null, now: Date) {
  const heard = Date.parse(d.lastSyncAt ?? d.reportedAt);
  return {
    outOfDate: latest !== null && olderThan(d.appVersion, latest),
    failing: d.updateState === 'failed',
    silent: !(now.getTime() - heard <= SILENT_AFTER_MS),
  };
}

/** What a `device-report:<device>` document says (the fields a device list shows). */
export interface DeviceReportFields {
  device: string;
  role: string;
  appVersion: string;
  channel: string | null;
  update: { state: string; version: string | null; reason: string | null };
  lastSyncAt: string | null;
  reportedAt: string;
  os: { platform: string; release: string; arch: string };
}

/** One device as a list shows it — the branch's 设备 screen and head office's IT console alike. */
export interface DeviceRowBase {
  device: string;
  role: string;
  appVersion: string;
  channel: string | null;
  updateState: string;
  updateVersion: string | null;
  updateReason: string | null;
  lastSyncAt: string | null;
  reportedAt: string;
  os: string;
  /** Behind the version the device should run (head office: what its channel serves; branch: the newest a peer runs). */
  outOfDate: boolean;
  failing: boolean;
  /** Nothing heard for more than a day. */
  silent: boolean;
}

/** A device's row from its own report, judged against `latest` (the version it should run, if known). */
export function deviceRow(d: DeviceReportFields, latest: string | null, now: Date): DeviceRowBase {
  return {
    device: d.device,
    role: d.role,
    appVersion: d.appVersion,
    channel: d.channel,
    updateState: d.update.state,
    updateVersion: d.update.version,
    updateReason: d.update.reason,
    lastSyncAt: d.lastSyncAt,
    reportedAt: d.reportedAt,
    os: `${d.os.platform} ${d.os.release} ${d.os.arch}`.trim(),
    ...deviceAttention({ appVersion: d.appVersion, updateState: d.update.state, lastSyncAt: d.lastSyncAt, reportedAt: d.reportedAt }, latest, now),
  };
}
