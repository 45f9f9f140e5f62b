import { join } from 'node:path';
import type { Store } from '../../db/store';
import { DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { branchDbName, branchStorePath, openBranchStore, storeKeys } from './branch-store';
import { ReplicaThread } from './sync/replicator/replica-thread';
import { contract } from './api/contract';
import { createDispatcher } from './api/dispatch';
import type { CallRequest, CallResult, EventMessage } from './api/transport';
import { AuditLog } from './audit/audit-log';
import { deviceAuditKeyStore } from './audit/audit-keys';
import { auditHandlers } from './audit/audit.handlers';
import { customerQueries } from '../../db/queries/customers';
import { customerHandlers } from './customers/customers.service';
import { queueArea } from './queue/queue.area';
import { remoteQueue, type QueueHostConfig } from './queue/queue-remote';
import type { VerifiedVip } from './queue/vip';
import { keepOnlyQueueDocs, QUEUE_DEVICE_TYPES } from './queue/queue-store';
import { CoreEvents } from './events';
import { Sessions } from './session/sessions';
import { LoginThrottle } from './session/login-throttle';
import { sessionHandlers } from './session/session.service';
import { trustedStaffReader } from './session/trusted-staff';
import { staffArea } from './staff/staff.area';
import { accountReader } from './customers/accounts';
import { customerValueReader } from './value/customer-value';
import { verifiedVipFromList } from './value/vip-at-kiosk';
import type { TrustRoot } from '../../trust/trust-root';
import { counterAuthOf, withCounterLink } from './queue/counter-wiring';
import { COUNTER_SESSION_METHODS } from './queue/queue.contract';
import { SyncService } from './sync/sync-service';
import { syncHandlers } from './sync/sync.handlers';
import type { RemoteConfig } from './sync/remote';
import { WriteQueue } from './write-queue';
import { creditArea } from './credit/credit.area';
import type { MediaServerConfig } from './credit/media-client';
import { openReferenceStore, referenceDbName, type ReferenceStore } from './credit/reference-store';
import { ReferenceSync } from './credit/reference-sync';
import { documentsArea } from './documents/documents.area';
import { villageHandlers } from './village/village.service';
import { householdPhotoHandlers } from './village/household-photos.service';
import { villageReviewHandlers } from './village/village-review.service';
import { creditLineHandlers } from './village/credit-lines.service';
import { SIGNATURE_VERDICT_KEY } from './village/signed-docs';
import { riskHandlers } from './risk/risk.service';
import { devicesHandlers } from './devices/devices.handlers';
import { partnersHandlers } from './value/partners.handlers';
import { watchValueChanges } from './value/value-changes';
import { marketingHandlers } from './value/marketing.handlers';
import { valueDashboardHandlers } from './value/value-dashboard.handlers';
import { referenceArea } from './reference/reference.area';
import { defaultSecretsDir, openDeviceSecrets, type DeviceSecrets } from './secrets/device-secrets';
import { ensurePrivateDir } from './secrets/private-files';
import { deviceIdFor } from './device-id';
import { DeviceReporter, type DeviceFacts } from './devices/device-report';
import { withEnrolledCredentials } from './devices/enrolment';
import { DeviceWasRevoked, wasRevoked, wipeDeviceData } from './devices/revocation';

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
  const staffReader = trustedStaffReader({ pouch: store.pouch, trust, branch: branchCode });
  const auth = { staff: staffReader, throttle: new LoginThrottle(() => clock().getTime()), hasTrustRoot: trust !== null, log };
  const writes = new WriteQueue();
  const audit = await AuditLog.open({ pouch: store.pouch, sql: store.sql, device: deviceId, keys: deviceAuditKeyStore(secrets), now: clock() });
  const reference = await openReferenceStore(opts.dataDir, storeKeys(secrets, referenceDbName));
  // Without credentials in the configuration, the ones this device made for itself at enrolment.
  const headOffice = opts.remote ? withEnrolledCredentials(opts.remote, secrets) : null;
  const referenceSync = headOffice ? new ReferenceSync(reference.pouch, headOffice, log) : null;

  let revoked = false;
  const onRevoked = () => {
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
  // Pulled documents are stored on a thread of their own: a big pull never holds up the counter's requests.
  // JINGWEI_REPLICA_THREAD=off stores them on this thread (IT's way out; the UI benchmark's baseline).
  const replicaThread = headOffice && process.env.JINGWEI_REPLICA_THREAD !== 'off' ? new ReplicaThread(store.pouch, { path: branchStorePath(opts.dataDir, branchCode), ...keys }, log) : null;
  const sync = headOffice
    ? new SyncService({
        local: store.pouch, sql: store.sql, dbName: branchDbName(branchCode), audit, writes, events, branch: branchCode, device: deviceId,
        remote: headOffice, clock, log, settings: opts.syncSettings, onRevoked, writer: replicaThread ?? undefined,
        // The queue device takes from head office only what it keeps (queue/queue-store.ts); it pushes all it has.
        ...(opts.queueDevice ? { pullTypes: QUEUE_DEVICE_TYPES } : {}),
      })
    : null;
  await sync?.init();

  const documents = documentsArea({ pouch: store.pouch, audit, writes, events, branch: branchCode, clock, ocrCacheDir: join(opts.dataDir, 'ocr-cache') });
  const info = {
    app: 'jingwei-branch' as const, version: APP_VERSION, branch: branchCode, branchName: opts.branchName ?? branchCode, device: deviceId,
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    trustRoot: !trust ? ('none' as const) : trust.demo ? ('demo' as const) : ('head-office' as const),
  };
  if (trust?.demo) log('warn', '演示信任根：员工账号由本机的演示密钥签名，仅供演示 DEMO trust root: staff records are signed by a demo key on this machine; never use in production');
  const accounts = accountReader({ pouch: store.pouch, sql: store.sql, trust, branch: branchCode });
  const customerValue = customerValueReader({ pouch: store.pouch, trust, branch: branchCode });
  const staff = staffArea({ pouch: store.pouch, audit, writes, events, branch: branchCode, trust, staff: staffReader, auth, sessions });
  const valueChanges = watchValueChanges({ pouch: store.pouch, events, branch: branchCode });
  const verdictKey = secrets.key(SIGNATURE_VERDICT_KEY);
  const partners = partnersHandlers({ pouch: store.pouch, sql: store.sql, trust, branch: branchCode, audit, writes, timeZone: info.timeZone, verdictKey });
  const queueLog = (level: 'warn' | 'error', message: string, detail?: unknown) => log(level, message, detail);
  // A counter PC keeps its own copy of the configuration and statistics; the live queue is on the queue device.
  const queue = queueArea({
    pouch: store.pouch, reference: reference.pouch, audit, writes, events, branch: branchCode, branchName: info.branchName,
    dataDir: opts.dataDir, secrets, clock, log: queueLog, watchMarketing: !opts.queueHost, verifiedVip: opts.verifiedVip ?? verifiedVipFromList({ pouch: store.pouch, trust, branch: branchCode }),
    counterAuth: counterAuthOf({ auth, sessions }),
  });
  const remote = opts.queueHost ? remoteQueue({ host: opts.queueHost, events, log: queueLog }) : null;
  const sessionApi = sessionHandlers({ ...auth, sessions, info });
  const villageCredit = creditLineHandlers({
    pouch: store.pouch, sql: store.sql, audit, writes, branch: branchCode, timeZone: info.timeZone, branchName: info.branchName, trust, selfServiceUrl: opts.villageSelfServiceUrl ?? null,
    verdictKey,
  });

  const dispatcher = createDispatcher({
    contract,
    handlers: {
      ...(remote ? withCounterLink(sessionApi, remote, (m, d) => log('warn', m, d)) : sessionApi),
      ...staff.handlers,
      ...customerHandlers({ pouch: store.pouch, audit, writes, events, branch: branchCode, accounts, value: customerValue }),
      ...auditHandlers({
        audit, writes, clock, headOfficeAnchors: sync ? () => sync.headOfficeAnchors() : null, customers: customerQueries(store.sql), timeZone: info.timeZone,
      }),
      ...syncHandlers({ pouch: store.pouch, audit, writes, events, sync }),
      ...creditArea({ pouch: store.pouch, sql: store.sql, audit, writes, events, branch: branchCode, branchName: info.branchName, device: deviceId, reference, accounts, auth, trust, media: opts.mediaServer ?? null }),
      ...referenceArea({ pouch: store.pouch, audit, writes, events, reference }),
      ...villageHandlers({ pouch: store.pouch, sql: store.sql, audit, writes, branch: branchCode, timeZone: info.timeZone }),
      ...householdPhotoHandlers({ pouch: store.pouch, audit, writes, branch: branchCode }),
      ...villageReviewHandlers({ pouch: store.pouch, sql: store.sql, audit, writes, branch: branchCode, timeZone: info.timeZone, auth, trust }),
      ...villageCredit.handlers,
      ...documents.handlers,
      ...riskHandlers({
        pouch: store.pouch, audit, writes, branch: branchCode, timeZone: info.timeZone, ruleSet: async (product) => (await reference.latestRuleSet(product)).ruleSet,
        collectionScripts: () => reference.collectionScripts(), branchName: info.branchName,
        staffName: async (no) => {
          const s = await staffReader.load(no);
          return s.status === 'trusted' ? s.record.name : null;
        },
      }),
      ...devicesHandlers({ pouch: store.pouch, device: deviceId }),
      ...partners,
      ...marketingHandlers({
        pouch: store.pouch, sql: store.sql, audit, writes, branch: branchCode, timeZone: info.timeZone, staff: staffReader,
        offerOf: async (idNumber) => (await customerValue(idNumber))?.offer ?? null,
      }),
      ...valueDashboardHandlers({
        pouch: store.pouch, sql: store.sql, trust, accounts, branch: branchCode, timeZone: info.timeZone, partnerStatement: (ctx) => partners['value.partners']({}, ctx),
        verdictKey,
      }),
      ...queue.handlers,
      ...remote?.handlers,
    },
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

  if (sync && opts.liveSync !== false) sync.startLive();
  if (referenceSync && opts.liveSync !== false) referenceSync.startLive();

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    closing ??= (async () => {
      deviceReport.close();
      await sync?.close();
      await replicaThread?.close();
      await referenceSync?.stop();
      staff.close();
      valueChanges.close();
      remote?.close();
      queue.close();
      await villageCredit.close();
      await documents.close();
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
    sync,
    reference,
    referenceSync,
    deviceReport,
  };
}
