import type { Store } from '../../db/store';
import { branchDbName, branchStorePath, type storeKeys } from './branch-store';
import { ReferenceSync } from './credit/reference-sync';
import { withEnrolledCredentials } from './devices/enrolment';
import { QUEUE_DEVICE_TYPES } from './queue/queue-store';
import type { DeviceSecrets } from './secrets/device-secrets';
import type { ServiceDeps } from './service-deps';
import type { RemoteConfig } from './sync/remote';
import { ReplicaThread } from './sync/replicator/replica-thread';
import { SyncService, type SyncSettings } from './sync/sync-service';

type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface HeadOfficeLinkDeps extends Pick<ServiceDeps, 'audit' | 'writes' | 'events' | 'branch' | 'device' | 'clock' | 'reference'> {
  dataDir: string;
  store: Store;
  keys: ReturnType<typeof storeKeys>;
  secrets: DeviceSecrets;
  /** Head office, from device config; without it nothing syncs and every part of the link is null. */
  remote: RemoteConfig | undefined;
  queueDevice: boolean;
  settings: SyncSettings | undefined;
  log: Log;
  onRevoked(): void;
}

/** Replication of the branch database and of `reference` with head office, and the thread pulled documents are stored on. */
export interface HeadOfficeLink {
  sync: SyncService | null;
  referenceSync: ReferenceSync | null;
  replicaThread: ReplicaThread | null;
  startLive(): void;
  close(): Promise<void>;
}

/** Opens the link to head office (nothing without a configured remote) and reads where the last sync stopped. */
export async function linkToHeadOffice(deps: HeadOfficeLinkDeps): Promise<HeadOfficeLink> {
  // Without credentials in the configuration, the ones this device made for itself at enrolment.
  const headOffice = deps.remote ? withEnrolledCredentials(deps.remote, deps.secrets) : null;
  const referenceSync = headOffice ? new ReferenceSync(deps.reference.pouch, headOffice, deps.log) : null;
  // Pulled documents are stored on a thread of their own: a big pull never holds up the counter's requests.
  // JINGWEI_REPLICA_THREAD=off stores them on this thread (IT's way out; the UI benchmark's baseline).
  const replicaThread = headOffice && process.env.JINGWEI_REPLICA_THREAD !== 'off'
    ? new ReplicaThread(deps.store.pouch, { path: branchStorePath(deps.dataDir, deps.branch), ...deps.keys }, deps.log)
    : null;
  const sync = headOffice
    ? new SyncService({
        local: deps.store.pouch, sql: deps.store.sql, dbName: branchDbName(deps.branch), audit: deps.audit, writes: deps.writes, events: deps.events,
        branch: deps.branch, device: deps.device, remote: headOffice, clock: deps.clock, log: deps.log, settings: deps.settings, onRevoked: deps.onRevoked,
        writer: replicaThread ?? undefined,
        // The queue device takes from head office only what it keeps (queue/queue-store.ts); it pushes all it has.
        ...(deps.queueDevice ? { pullTypes: QUEUE_DEVICE_TYPES } : {}),
      })
    : null;
  await sync?.init();
  return {
    sync, referenceSync, replicaThread,
    startLive() {
      sync?.startLive();
      referenceSync?.startLive();
    },
    async close() {
      await sync?.close();
      await replicaThread?.close();
      await referenceSync?.stop();
    },
  };
}
