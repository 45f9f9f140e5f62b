import { arch, platform, release } from 'node:os';
import type { ServiceDeps } from '../service-deps';

export type DeviceRole = 'desk' | 'kiosk' | 'hall' | 'browser';
export type UpdateState = 'idle' | 'downloading' | 'downloaded' | 'installed' | 'failed';

/** What the device says about itself; the Electron shell knows its role, version and channel. */
export interface DeviceFacts {
  role: DeviceRole;
  appVersion: string;
  /** The update channel this device follows (pilot/stable), null when it does not update itself. */
  channel: string | null;
}

export interface UpdateStatus {
  state: UpdateState;
  version: string | null;
  reason: string | null;
  at: string | null;
}

/** The `device-report:<device>` document (schema: sync-server/validation/types/operations.ts). */
export interface DeviceReportDoc {
  _id: string;
  _rev?: string;
  type: 'device-report';
  branch: string;
  device: string;
  role: DeviceRole;
  appVersion: string;
  channel: string | null;
  update: UpdateStatus;
  lastSyncAt: string | null;
  os: { platform: string; release: string; arch: string };
  reportedAt: string;
}

export interface DeviceReporterDeps extends Pick<ServiceDeps, 'pouch' | 'writes' | 'events' | 'branch' | 'device' | 'clock'> {
  facts: DeviceFacts;
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** A new last-sync time is written at most this often (each write is one more document to push). */
  syncEveryMs?: number;
}

export const deviceReportId = (device: string) => `device-report:${device}`;

const osNow = () => ({ platform: platform(), release: release(), arch: arch() });

function sameDevice(doc: DeviceReportDoc, facts: DeviceFacts): boolean {
  const os = osNow();
  return doc.role === facts.role && doc.appVersion === facts.appVersion && doc.channel === facts.channel &&
    doc.os.platform === os.platform && doc.os.release === os.release && doc.os.arch === os.arch;
}
const HOUR = 3_600_000;

/**
 * Keeps this device's report document current: written at start (an update downloaded before and now running
 * is reported `installed`), on every update event, and when a sync completes (throttled). The branch's sync
 * carries it to head office, where IT's device list reads it (sync-server/releases/device-inventory.ts).
 */
export class DeviceReporter {
  private lastSyncAt: string | null = null;
  private lastSyncWritten = 0;
  private stop: (() => void) | null = null;

  constructor(private readonly deps: DeviceReporterDeps) {}

  async start(): Promise<void> {
    const previous = await this.read();
    this.lastSyncAt = previous?.lastSyncAt ?? null;
    const wasWaiting = previous?.update.state === 'downloaded' && previous.update.version === this.deps.facts.appVersion;
    const update: UpdateStatus = wasWaiting
      ? { state: 'installed', version: this.deps.facts.appVersion, reason: null, at: this.deps.clock().toISOString() }
      : (previous?.update ?? { state: 'idle', version: null, reason: null, at: null });
    // A restart that changes nothing writes nothing: every write is one more revision for the branch to push.
    if (!previous || !sameDevice(previous, this.deps.facts) || previous.update.state !== update.state) await this.write({ update });
    this.stop = this.deps.events.onEvent((e) => {
      if (e.name !== 'sync.status') return;
      const at = (e.payload as { lastSyncAt: string | null }).lastSyncAt;
      if (!at || at === this.lastSyncAt) return;
      this.lastSyncAt = at;
      const now = this.deps.clock().getTime();
      if (now - this.lastSyncWritten < (this.deps.syncEveryMs ?? HOUR)) return;
      this.lastSyncWritten = now;
      void this.write({}).catch((error: unknown) => this.deps.log('warn', 'device report not written', error));
    });
  }

  /** The shell's updater milestones (main/electron/updater.ts). */
  async updateState(status: Omit<UpdateStatus, 'at'>): Promise<void> {
    await this.write({ update: { ...status, at: this.deps.clock().toISOString() } });
  }

  close(): void {
    this.stop?.();
  }

  private async read(): Promise<DeviceReportDoc | null> {
    try {
      return (await this.deps.pouch.get(deviceReportId(this.deps.device))) as DeviceReportDoc;
    } catch {
      return null;
    }
  }

  private write(change: { update?: UpdateStatus }): Promise<void> {
    return this.deps.writes.run(async () => {
      const previous = await this.read();
      const doc: DeviceReportDoc = {
        _id: deviceReportId(this.deps.device),
        ...(previous?._rev ? { _rev: previous._rev } : {}),
        type: 'device-report',
        branch: this.deps.branch,
        device: this.deps.device,
        role: this.deps.facts.role,
        appVersion: this.deps.facts.appVersion,
        channel: this.deps.facts.channel,
        update: change.update ?? previous?.update ?? { state: 'idle', version: null, reason: null, at: null },
        lastSyncAt: this.lastSyncAt,
        os: osNow(),
        reportedAt: this.deps.clock().toISOString(),
      };
      await this.deps.pouch.put(doc);
    });
  }
}
