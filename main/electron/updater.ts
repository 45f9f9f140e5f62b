import type { AppUpdater, UpdateCheckResult, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { basename } from 'node:path';
import { translate, type Params } from '../../i18n/translate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface CheckPolicy {
  /** First check after start: late enough not to compete with the core opening and the first sync. */
  startupDelayMs: number;
  intervalMs: number;
  /** Each device shifts its checks by a fixed share of this window, so a whole county does not ask at 08:00. */
  spreadMs: number;
  retryBaseMs: number;
}

export const DEFAULT_CHECK_POLICY: CheckPolicy = { startupDelayMs: 2 * MINUTE, intervalMs: 4 * HOUR, spreadMs: 30 * MINUTE, retryBaseMs: 5 * MINUTE };

export interface CheckState {
  lastAttemptAt: number | null;
  consecutiveFailures: number;
  /** Once an update waits to be installed on quit, asking again only wastes the branch's thin link. */
  downloaded: boolean;
}

/** A stable offset in [0, spreadMs) from the device id (FNV-1a), the same on every start of that device. */
export function deviceSpread(deviceId: string, spreadMs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return spreadMs > 0 ? hash % spreadMs : 0;
}

/**
 * Milliseconds until the next update check, or null when none is needed. Failures (the line to head office
 * is down) retry sooner with doubling waits, but never more often than every `retryBaseMs` and never later
 * than the normal interval.
 */
export function nextCheckDelay(state: CheckState, now: number, deviceId: string, policy: CheckPolicy = DEFAULT_CHECK_POLICY): number | null {
  if (state.downloaded) return null;
  const spread = deviceSpread(deviceId, policy.spreadMs);
  if (state.lastAttemptAt === null) return policy.startupDelayMs + spread;
  const wait =
    state.consecutiveFailures > 0
      ? Math.min(policy.intervalMs, policy.retryBaseMs * 2 ** Math.min(state.consecutiveFailures - 1, 20))
      : policy.intervalMs + spread;
  return Math.max(policy.retryBaseMs / 5, state.lastAttemptAt + wait - now);
}

export type UpdaterEvent =
  | { kind: 'available'; version: string }
  | { kind: 'downloaded'; version: string }
  | { kind: 'failed'; reason: string };

export interface UpdaterOptions {
  updater: Pick<AppUpdater, 'setFeedURL' | 'checkForUpdates' | 'on'> &
    Partial<Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'allowPrerelease' | 'logger' | 'requestHeaders'>>;
  /**
   * IT's update feed: a folder holding `latest.yml` / `latest-linux.yml` — head office's channel,
   * `<head office>/updates/channel-<pilot|stable>/` (sync-server/releases/).
   */
  feedUrl: string;
  /** Sent with every feed and download request: the device's head-office credentials (the feed is members-only). */
  requestHeaders?: Record<string, string>;
  /**
   * Checks a downloaded installer against IT's release signature (update-signature.ts); only a verified
   * update is installed. `remoteName` is the file's name in the feed.
   */
  verifyDownload(downloadedFile: string, remoteName: string): Promise<boolean>;
  deviceId: string;
  /** Where update milestones go: the shell log, and the core's audit trail once it takes device events. */
  record(event: UpdaterEvent, message: string): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { unref?(): void };
  clearTimer?: (handle: unknown) => void;
  policy?: CheckPolicy;
}

/**
 * Checks IT's generic update feed on a schedule, downloads in the background and, once the download's release
 * signature checks out, installs when the app quits (never mid-transaction at the counter). Returns a stop
 * function.
 */
export function startUpdater(opts: UpdaterOptions): () => void {
  const { updater } = opts;
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  const state: CheckState = { lastAttemptAt: null, consecutiveFailures: 0, downloaded: false };
  let timer: unknown = null;
  let stopped = false;

  updater.setFeedURL({ provider: 'generic', url: opts.feedUrl });
  if (opts.requestHeaders) updater.requestHeaders = opts.requestHeaders;
  updater.autoDownload = true;
  // Switched on only after the downloaded file's signature was verified.
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.logger = {
    info: (m?: unknown) => opts.log('info', String(m)),
    warn: (m?: unknown) => opts.log('warn', String(m)),
    error: (m?: unknown) => opts.log('error', String(m)),
  };

  const emit = (event: UpdaterEvent) => {
    const params: Params = event.kind === 'failed' ? { reason: event.reason } : { version: event.version };
    opts.record(event, translate(`shell.updater.${event.kind}`, params));
  };
  updater.on('update-available', (info: UpdateInfo) => emit({ kind: 'available', version: info.version }));
  updater.on('update-downloaded', (info: UpdateDownloadedEvent) => {
    // A Linux feed lists the AppImage and the .deb: check the signature of the file actually downloaded.
    const downloaded = basename(info.downloadedFile);
    const remoteName = info.files.find((f) => basename(f.url) === downloaded)?.url ?? info.files[0]?.url ?? info.path;
    void opts
      .verifyDownload(info.downloadedFile, remoteName)
      .catch((error: unknown) => {
        opts.log('warn', `update signature check failed: ${String(error)}`);
        return false;
      })
      .then((verified) => {
        if (!verified) return emit({ kind: 'failed', reason: translate('shell.updater.unsigned', { version: info.version }) });
        updater.autoInstallOnAppQuit = true;
        state.downloaded = true;
        emit({ kind: 'downloaded', version: info.version });
      });
  });
  updater.on('error', (error: Error) => opts.log('warn', `updater: ${error.message}`));

  const schedule = () => {
    if (stopped) return;
    const delay = nextCheckDelay(state, now(), opts.deviceId, opts.policy);
    if (delay === null) return;
    const handle = setTimer(() => void check(), delay);
    handle.unref?.();
    timer = handle;
  };

  const check = async () => {
    state.lastAttemptAt = now();
    try {
      const result: UpdateCheckResult | null = await updater.checkForUpdates();
      state.consecutiveFailures = 0;
      // The download continues in the background; its failure is a failed attempt like any other.
      result?.downloadPromise?.catch((error: unknown) => {
        state.consecutiveFailures++;
        emit({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
      });
    } catch (error) {
      state.consecutiveFailures++;
      emit({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
    schedule();
  };

  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimer(timer);
  };
}

/** What the device reports to head office IT for an updater milestone (core/devices/device-report.ts). */
export function deviceUpdateState(event: UpdaterEvent): { state: 'downloading' | 'downloaded' | 'failed'; version: string | null; reason: string | null } {
  if (event.kind === 'failed') return { state: 'failed', version: null, reason: event.reason };
  return { state: event.kind === 'available' ? 'downloading' : 'downloaded', version: event.version, reason: null };
}

/** The channel a device follows, from its feed URL (`…/updates/channel-<name>/`); null for any other feed. */
export function updateChannelOf(feedUrl: string | undefined): string | null {
  return (feedUrl && /\/channel-([a-z]+)\/?$/.exec(new URL(feedUrl).pathname)?.[1]) || null;
}
