import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CHECK_POLICY, deviceSpread, nextCheckDelay, startUpdater, type UpdaterEvent } from './updater';

const MIN = 60_000;
const HOUR = 60 * MIN;
const fresh = { lastAttemptAt: null, consecutiveFailures: 0, downloaded: false };

describe('nextCheckDelay', () => {
  it('checks soon after start, shifted by a per-device offset inside the spread window', () => {
    const delays = ['HM001-D01', 'HM001-D02', 'HM002-K1', 'QX010-D07'].map((id) => nextCheckDelay(fresh, 0, id)!);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2 * MIN);
      expect(d).toBeLessThan(32 * MIN);
    }
    expect(new Set(delays).size).toBe(4);
    expect(nextCheckDelay(fresh, 0, 'HM001-D01')).toBe(delays[0]);
  });

  it('waits the interval (plus the offset) after a successful check', () => {
    const at = 1_000_000;
    const spread = deviceSpread('D1', DEFAULT_CHECK_POLICY.spreadMs);
    expect(nextCheckDelay({ ...fresh, lastAttemptAt: at }, at, 'D1')).toBe(4 * HOUR + spread);
    expect(nextCheckDelay({ ...fresh, lastAttemptAt: at }, at + HOUR, 'D1')).toBe(3 * HOUR + spread);
  });

  it('retries failures with doubling waits capped at the interval', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 30].map((n) => nextCheckDelay({ ...fresh, lastAttemptAt: 0, consecutiveFailures: n }, 0, 'D1'));
    expect(waits).toEqual([5 * MIN, 10 * MIN, 20 * MIN, 40 * MIN, 80 * MIN, 160 * MIN, 4 * HOUR, 4 * HOUR]);
  });

  it('after a long sleep checks promptly rather than at a negative delay', () => {
    expect(nextCheckDelay({ ...fresh, lastAttemptAt: 0 }, 3 * 24 * HOUR, 'D1')).toBe(MIN);
  });

  it('stops checking once an update waits to be installed', () => {
    expect(nextCheckDelay({ ...fresh, lastAttemptAt: 0, downloaded: true }, 0, 'D1')).toBeNull();
  });
});

function fakeUpdater(check: () => Promise<unknown>) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(check),
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    logger: null as unknown,
  });
}

function harness(check: () => Promise<unknown>, signed = true) {
  const updater = fakeUpdater(check);
  const verified: [string, string][] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let clock = 0;
  const records: [UpdaterEvent, string][] = [];
  const logs: string[] = [];
  const clearTimer = vi.fn();
  const stop = startUpdater({
    updater: updater as never,
    feedUrl: 'https://updates.bank.example/jingwei/',
    verifyDownload: async (file, remoteName) => {
      verified.push([file, remoteName]);
      return signed;
    },
    deviceId: 'HM001-D01',
    record: (e, m) => void records.push([e, m]),
    log: (level, m) => void logs.push(`${level}: ${m}`),
    now: () => clock,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return {};
    },
    clearTimer,
  });
  const fire = async () => {
    const t = timers.shift()!;
    clock += t.ms;
    t.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { updater, timers, records, logs, stop, fire, clearTimer, verified };
}

const downloaded = { version: '1.4.0', path: 'jingwei-branch-setup-1.4.0.exe', files: [{ url: 'jingwei-branch-setup-1.4.0.exe' }], downloadedFile: '/cache/pending/jingwei-branch-setup-1.4.0.exe' };

describe('startUpdater', () => {
  it('points electron-updater at the generic feed with background download and no install before a signature check', () => {
    const { updater, timers } = harness(async () => null);
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.bank.example/jingwei/' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: false, allowDowngrade: false, allowPrerelease: false });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(nextCheckDelay(fresh, 0, 'HM001-D01'));
  });

  it('checks on the timer, installs on quit only a download whose signature verified, and stops checking then', async () => {
    const { updater, timers, records, fire, verified } = harness(async () => ({ downloadPromise: Promise.resolve([]) }));
    await fire();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(timers.map((t) => t.ms)).toEqual([4 * HOUR + deviceSpread('HM001-D01', DEFAULT_CHECK_POLICY.spreadMs)]);

    updater.emit('update-available', { version: '1.4.0' });
    updater.emit('update-downloaded', downloaded);
    await new Promise((r) => setImmediate(r));
    expect(verified).toEqual([['/cache/pending/jingwei-branch-setup-1.4.0.exe', 'jingwei-branch-setup-1.4.0.exe']]);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(records).toEqual([
      [{ kind: 'available', version: '1.4.0' }, '发现新版本 1.4.0，正在后台下载'],
      [{ kind: 'downloaded', version: '1.4.0' }, '新版本 1.4.0 已下载，将在退出程序时安装'],
    ]);
    await fire();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(timers).toHaveLength(0);
  });

  it('never installs a download whose signature does not verify', async () => {
    const { updater, records, fire } = harness(async () => ({ downloadPromise: Promise.resolve([]) }), false);
    await fire();
    updater.emit('update-downloaded', downloaded);
    await new Promise((r) => setImmediate(r));
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(records).toEqual([[{ kind: 'failed', reason: '新版本 1.4.0 的发布签名校验未通过，不会安装' }, '检查更新失败：新版本 1.4.0 的发布签名校验未通过，不会安装']]);
  });

  it('backs off after failures and records the reason', async () => {
    const { timers, records, fire } = harness(async () => {
      throw new Error('net::ERR_CONNECTION_TIMED_OUT');
    });
    await fire();
    await fire();
    expect(timers.map((t) => t.ms)).toEqual([10 * MIN]);
    expect(records[0]).toEqual([{ kind: 'failed', reason: 'net::ERR_CONNECTION_TIMED_OUT' }, '检查更新失败：net::ERR_CONNECTION_TIMED_OUT']);
  });

  it('counts a failed background download as a failure', async () => {
    const { records, fire } = harness(async () => ({ downloadPromise: Promise.reject(new Error('sha512 checksum mismatch')) }));
    await fire();
    expect(records).toEqual([[{ kind: 'failed', reason: 'sha512 checksum mismatch' }, '检查更新失败：sha512 checksum mismatch']]);
  });

  it('routes the library log and errors to the shell log, and stop cancels the timer', () => {
    const { updater, logs, stop, timers, clearTimer } = harness(async () => null);
    (updater.logger as { info(m: string): void }).info('Checking for update');
    updater.emit('error', new Error('latest.yml not found'));
    expect(logs).toEqual(['info: Checking for update', 'warn: updater: latest.yml not found']);
    expect(timers).toHaveLength(1);
    stop();
    expect(clearTimer).toHaveBeenCalledTimes(1);
  });
});
