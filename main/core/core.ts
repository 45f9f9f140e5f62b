import type { Store } from '../../db/store';
import { DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import type { TrustRoot } from '../../trust/trust-root';
import { contract } from './api/contract';
import { createDispatcher } from './api/dispatch';
import type { CallRequest, CallResult, EventMessage } from './api/transport';
import { deviceAuditKeyStore } from './audit/audit-keys';
import { AuditLog } from './audit/audit-log';
import { branchDbName, openBranchStore, storeKeys } from './branch-store';
import { branchHandlers } from './core-handlers';
import type { MediaServerConfig } from './credit/media-client';
import { openReferenceStore, referenceDbName, type ReferenceStore } from './credit/reference-store';
import type { ReferenceSync } from './credit/reference-sync';
import { deviceIdFor } from './device-id';
import { DeviceReporter, type DeviceFacts } from './devices/device-report';
import { DeviceWasRevoked, wasRevoked, wipeDeviceData } from './devices/revocation';
import { CoreEvents } from './events';
import { linkToHeadOffice } from './head-office-link';
import { COUNTER_SESSION_METHODS } from './queue/queue.contract';
import type { QueueHostConfig } from './queue/queue-remote';
import { keepOnlyQueueDocs } from './queue/queue-store';
import type { VerifiedVip } from './queue/vip';
import { defaultSecretsDir, openDeviceSecrets, type DeviceSecrets } from './secrets/device-secrets';
import { ensurePrivateDir } from './secrets/private-files';
import type { SystemInfo } from './session/session.contract';
import { Sessions } from './session/sessions';
import type { RemoteConfig } from './sync/remote';
import type { SyncService } from './sync/sync-service';
import { WriteQueue } from './write-queue';

export interface CoreOptions {
  /** Folder holding this device's databases and identity (made 0700). */
  dataDir: string;
  /**
   * The device's keys and secrets (secrets/device-secrets.ts). The Electron shell opens them with the OS
   * keystore; without this option the core opens `<dataDir>/secrets` with a 0600 key file (browser mode, CLI).
   */
  secrets?: DeviceSecrets;
  branchCode: string;
  branchName?: string;
  /** IANA time zone the branch's screens show times in (default Asia/Shanghai). */
  timeZone?: string;
  /** Defaults to a stable id generated once and kept in the data folder. */
  deviceId?: string;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** Head office, from device config (never from the UI); without it nothing syncs. */
  remote?: RemoteConfig;
  /** Start continuous replication at once (default true when `remote` is set). */
  liveSync?: boolean;
  /**
   * A counter PC's queue lives on the branch's queue device: set, every queue method goes there over the LAN
   * (queue/queue-remote.ts) instead of to this device's own queue.
   */
  queueHost?: QueueHostConfig;
  /**
   * Head office's public keys, pinned at provisioning (never read from a database a branch can write). Staff
   * records are believed only with a signature it verifies; without it nobody can log in.
   */
  trust?: TrustRoot | null;
  /** Head office's village self-service page (`jingwei village serve`): the village QR codes open it. */
  villageSelfServiceUrl?: string;
  /** Head office's media server for 视频面签 (`jingwei media`) and the branch media key; without it video signing is off. */
  mediaServer?: MediaServerConfig;
  /**
   * This device is the branch's queue device (the kiosk in the hall, serving the LAN queue): its store keeps only
   * what the queue needs (queue/queue-store.ts); anything else found in it is purged at start.
   */
  queueDevice?: boolean;
  /** Decides VIP for kiosk tickets from what the queue device knows (queue/vip.ts); nobody is VIP by default. */
  verifiedVip?: VerifiedVip;
  /** Batch sizes and back-off overrides, for tests and benchmarks. */
  syncSettings?: import('./sync/sync-service').SyncSettings;
  /** What this device reports to head office IT (devices/device-report.ts); default a browser-mode host. */
  deviceFacts?: Partial<DeviceFacts>;
  /**
   * Head office revoked this device: the core has already stopped syncing, closed and wiped the data folder
   * (devices/revocation.ts); the host or shell stops serving.
   */
  onRevoked?(): void;
}

export interface Core {
  call(req: CallRequest): Promise<CallResult>;
  /**
   * The same call as if made at `at`: every rule, validation and audit entry as usual, only the clock is the
   * past's. For the demo's months of history (main/demo/history) — no transport (HTTP, IPC) can reach it.
   */
  callAsOf(req: CallRequest, at: Date): Promise<CallResult>;
  onEvent(listener: (e: EventMessage) => void): () => void;
  /** Whether a staff session still stands (logged out, expired or ended by head office: false); not activity. */
  sessionActive(token: string): boolean;
  close(): Promise<void>;
  readonly branchCode: string;
  readonly deviceId: string;
  /** Named keys and secrets of this device: store keys, the audit HMAC key, TLS material, credentials. */
  readonly secrets: DeviceSecrets;
  /** For set-up, sync and tests in the same process; UIs only ever use `call`. */
  readonly store: Store;
  readonly audit: AuditLog;
  readonly events: CoreEvents;
  /** Replication with head office; null without a configured remote. */
  readonly sync: SyncService | null;
  /** Rule sets, LPR table: the read-only `reference` database (see credit/reference-store.ts). */
  readonly reference: ReferenceStore;
  /** Replication of `reference` with head office (pull, plus push on publishing devices); null without a remote. */
  readonly referenceSync: ReferenceSync | null;
  /** The device's report to head office IT; the Electron shell feeds it the updater's milestones. */
  readonly deviceReport: DeviceReporter;
}

export const APP_VERSION = '0.1.0';

export { BRANCH_PROJECTIONS, branchDbName, storeKeyName, storeKeys } from './branch-store';

export async function createCore(opts: CoreOptions): Promise<Core> {
  if (wasRevoked(opts.dataDir)) throw new DeviceWasRevoked();
  ensurePrivateDir(opts.dataDir);
  const secrets = opts.secrets ?? (await openDeviceSecrets({ dir: defaultSecretsDir(opts.dataDir) }));
  const branchCode = opts.branchCode.toUpperCase();
  const deviceId = opts.deviceId ?? deviceIdFor(opts.dataDir, branchCode);
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? ((level, message, detail) => console[level](`[core] ${message}`, detail ?? ''));

  const keys = storeKeys(secrets, branchDbName(branchCode));
  const store = await openBranchStore(opts.dataDir, branchCode, keys);
  if (opts.queueDevice) {
    const removed = await keepOnlyQueueDocs(store.pouch, deviceId);
    if (removed) log('info', `queue device: removed ${removed} documents a queue device does not keep`);
  }
  const events = new CoreEvents();
  const sessions = new Sessions(() => clock().getTime());
  const trust = opts.trust ?? null;
  const writes = new WriteQueue();
  const audit = await AuditLog.open({ pouch: store.pouch, sql: store.sql, device: deviceId, keys: deviceAuditKeyStore(secrets), now: clock() });
  const reference = await openReferenceStore(opts.dataDir, storeKeys(secrets, referenceDbName));
  const link = await linkToHeadOffice({
    dataDir: opts.dataDir, store, keys, secrets, audit, writes, events, branch: branchCode, device: deviceId, clock, reference, log,
    remote: opts.remote, queueDevice: opts.queueDevice ?? false, settings: opts.syncSettings, onRevoked: wipeWhenRevoked(opts, clock, log, () => close()),
  });

  const info = systemInfo(opts, branchCode, deviceId, trust);
  if (trust?.demo) log('warn', '演示信任根：员工账号由本机的演示密钥签名，仅供演示 DEMO trust root: staff records are signed by a demo key on this machine; never use in production');
  const branch = branchHandlers({
    pouch: store.pouch, sql: store.sql, audit, writes, events, trust, clock, reference, info, dataDir: opts.dataDir, secrets, sessions, sync: link.sync, log,
    queueHost: opts.queueHost, verifiedVip: opts.verifiedVip, villageSelfServiceUrl: opts.villageSelfServiceUrl, mediaServer: opts.mediaServer,
  });
  const dispatcher = createDispatcher({
    contract,
    handlers: branch.handlers,
    resolveSession: (token) => sessions.resolve(token),
    scopes: { queue: COUNTER_SESSION_METHODS },
    device: deviceId,
    clock,
    onInternalError: (ref, error, method) => log('error', `internal error ${ref} in ${method}`, error),
  });

  const deviceReport = new DeviceReporter({
    pouch: store.pouch, writes, events, branch: branchCode, device: deviceId, clock, log,
    facts: { role: 'browser', appVersion: APP_VERSION, channel: null, ...opts.deviceFacts },
  });
  await deviceReport.start();

  if (opts.liveSync !== false) link.startLive();

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    closing ??= (async () => {
      deviceReport.close();
      await link.close();
      await branch.close();
      await reference.close();
      await store.close();
    })();
    return closing;
  }

  return {
    call: (req) => dispatcher.call(req),
    callAsOf: (req, at) => dispatcher.call(req, at),
    onEvent: (listener) => events.onEvent(listener),
    sessionActive: (token) => sessions.isActive(token),
    close,
    branchCode,
    deviceId,
    secrets,
    store,
    audit,
    events,
    sync: link.sync,
    reference,
    referenceSync: link.referenceSync,
    deviceReport,
  };
}

function systemInfo(opts: CoreOptions, branch: string, device: string, trust: TrustRoot | null): SystemInfo {
  return {
    app: 'jingwei-branch', version: APP_VERSION, branch, branchName: opts.branchName ?? branch, device,
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    trustRoot: !trust ? 'none' : trust.demo ? 'demo' : 'head-office',
  };
}

/**
 * What the core does once head office revoked the device (sync saw it): close everything, wipe the data folder,
 * tell the host or shell — once, however often sync reports it.
 */
function wipeWhenRevoked(opts: CoreOptions, clock: () => Date, log: NonNullable<CoreOptions['log']>, close: () => Promise<void>): () => void {
  let revoked = false;
  return () => {
    if (revoked) return;
    revoked = true;
    void (async () => {
      try {
        await close();
      } catch (e) {
        log('error', 'revoked: closing the core failed; wiping anyway', e);
      }
      wipeDeviceData(opts.dataDir, clock());
      log('error', 'this device was revoked by head office: its data folder was wiped');
      opts.onRevoked?.();
    })();
  };
}
