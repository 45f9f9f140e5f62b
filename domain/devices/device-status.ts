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
