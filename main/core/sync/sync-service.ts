import { monotonicFactory } from 'ulid';
import { listConflicts } from '../../../db/projection';
import { watchWrites, type Watch } from '../../../db/adapter/watch';
import type { ReplicaSeqs } from '../../../db/adapter/replica-seqs';
import { isSqliteStore, knownUpdateSeq, trackReplicaSeqs } from '../../../db/adapter/sqlite-adapter';
import { anchorAtHeadOffice, headOfficeDb, headOfficeStatements, type AnchorOutcome } from '../audit/anchors';
import type { Anchor } from '../audit/verify';
import type { EventMap } from '../api/contract';
import type { BackoffOptions } from './backoff';
import { checkpointSeq, countPending, replicationIds, type RepIds } from './checkpoints';
import type { CouchHttp } from './http/couch-http';
import { DeviceRevokedError } from './http/errors';
import { runOneShot, type OneShotResult, type SyncPhase } from './one-shot';
import { SyncFailure } from './replicator/failures';
import { seqNumber } from './replicator/pass';
import { LiveSync, type LiveState } from './replicator/live';
import type { ReplicaThread } from './replicator/replica-thread';
import { openRemote, resolveRemote, type RemoteConfig } from './remote';
import { emptyResult, toReport, type SyncReport, type SyncReportDoc } from './report';
import type { ServiceDeps } from '../service-deps';

export type SyncState = EventMap['sync.status']['state'];

export interface SyncStatusView {
  state: SyncState;
  pending: number;
  lastSyncAt: string | null;
  /** Host and database only, never credentials. */
  remote: string;
  endOfDayRunning: boolean;
  /** Revisions the live pulls stored since the host started (both passes): how far a pull from head office has got. */
  pulled: number;
  /** A pull from head office is at work (fetching or storing), not waiting for news. */
  pulling: boolean;
}

export interface SyncServiceOptions extends Pick<ServiceDeps, 'sql' | 'audit' | 'writes' | 'events' | 'branch' | 'device' | 'clock'> {
  local: PouchDB.Database<object>;
  dbName: string;
  remote: RemoteConfig;
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  settings?: SyncSettings;
  /** Pull only documents of these types (the queue device keeps a queue-only store); push is never filtered. */
  pullTypes?: readonly string[];
  /** Stores pulled revisions off the thread that serves the counter (replicator/replica-thread.ts). */
  writer?: ReplicaThread;
  /** Head office revoked this device: sync has stopped; the owner wipes the device's data (devices/revocation.ts). */
  onRevoked?(): void;
}

/** Back-off and give-up overrides, for tests and benchmarks. */
export interface SyncSettings {
  backoff?: BackoffOptions;
  /** End of day: failed tries in a row with nothing moving before the run gives up. */
  attempts?: number;
  /** Least time between two audit anchors while replication runs live (default one minute). */
  anchorEveryMs?: number;
}

/** Kept in a `_local` document: never replicated, so each device remembers its own sync. */
const STATE_ID = '_local/jingwei-sync';
interface PersistedState {
  remote: string;
  repIds: RepIds | null;
  lastSyncAt: string | null;
}

/** Least time between two saves of the sync state while live sync runs (a later save carries the latest). */
const SAVE_EVERY_MS = 60_000;

const LIVE_PHASES: readonly SyncPhase[] = ['push-docs', 'pull-docs', 'push-blobs', 'pull-blobs'];

/** The later of a checkpoint and a live pass's cursor. */
const furthest = (saved: number | string, cursor: number | string | undefined) => (cursor !== undefined && seqNumber(cursor) > seqNumber(saved) ? cursor : saved);

/**
 * The branch side of replication, owned by the core. While running it keeps the four passes (push/pull ×
 * docs/blobs, see replicator/) live with the same client the end-of-day sync and `jingwei sync` use, derives
 * online/offline from their states, counts changes not yet pushed, and runs the branch head's end-of-day sync as
 * a one-shot with progress.
 */
export class SyncService {
  private readonly states = new Map<SyncPhase, LiveState>();
  private live: { sync: LiveSync; http: CouchHttp } | null = null;
  private readonly remoteLabel: string;
  private persisted: PersistedState;
  private pending = 0;
  /** Revisions stored by the live pulls of earlier runs (before the last stop). */
  private pulledBefore = 0;
  private state: SyncState = 'offline';
  private liveWanted = false;
  private pendingTimer: NodeJS.Timeout | null = null;
  private localFeed: Watch | null = null;
  private endOfDayRun: AbortController | null = null;
  private anchorTimer: NodeJS.Timeout | null = null;
  private lastAnchorAt = 0;
  private saveTimer: NodeJS.Timeout | null = null;
  private lastSavedAt = 0;
  private closed = false;
  private isRevoked = false;
  private readonly newId = monotonicFactory();
  /** Seqs of what pulls stored: not counted as waiting to go up. */
  private readonly pulledSeqs: ReplicaSeqs | undefined;

  constructor(private readonly opts: SyncServiceOptions) {
    this.remoteLabel = resolveRemote(opts.remote, opts.dbName).dbUrl;
    this.pulledSeqs = isSqliteStore(opts.local) ? trackReplicaSeqs(opts.local) : undefined;
    this.persisted = { remote: this.remoteLabel, repIds: null, lastSyncAt: null };
  }

  /** Reads what this device remembers of earlier syncs and computes the pending count; starts nothing. */
  async init(): Promise<void> {
    try {
      const doc = (await this.opts.local.get(STATE_ID)) as unknown as PersistedState;
      this.persisted = {
        remote: this.remoteLabel,
        // Checkpoint ids belong to one server; a device moved to another server starts counting afresh.
        repIds: doc.remote === this.remoteLabel ? doc.repIds : null,
        lastSyncAt: doc.lastSyncAt ?? null,
      };
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
    await this.refreshPending();
  }

  status(): SyncStatusView {
    return {
      state: this.state, pending: this.pending, lastSyncAt: this.persisted.lastSyncAt,
      remote: this.remoteLabel, endOfDayRunning: !!this.endOfDayRun, pulled: this.pulledBefore + this.pulledNow(),
      pulling: this.states.get('pull-docs') === 'active' || this.states.get('pull-blobs') === 'active',
    };
  }

  private pulledNow(): number {
    const live = this.live?.sync;
    return live ? (live.docsOf('pull-docs') ?? 0) + (live.docsOf('pull-blobs') ?? 0) : 0;
  }

  /** Continuous replication both ways; safe to call again after `stopLive`. */
  startLive(): void {
    if (this.closed || this.liveWanted || this.isRevoked) return;
    this.liveWanted = true;
    if (!this.localFeed) {
      // Every local write may change the pending count; the feed is woken by writes, it does not poll.
      this.localFeed = watchWrites(this.opts.local, () => this.schedulePending());
    }
    const http = openRemote(this.opts.remote, this.opts.dbName);
    const sync = new LiveSync({
      local: this.opts.local, http, phases: LIVE_PHASES, backoff: this.opts.settings?.backoff, log: this.opts.log, pullTypes: this.opts.pullTypes, writer: this.opts.writer,
      onState: (phase, state) => {
        if (this.live?.sync !== sync) return;
        this.states.set(phase as SyncPhase, state);
        this.updateState();
        // Head office has caught up with this device's documents: time to anchor the audit chain there.
        if (phase === 'push-docs' && state === 'idle') this.scheduleAnchor();
        // A push that passed over pulled documents moved its cursor without a batch: the count goes down now.
        if (phase.startsWith('push') && state === 'idle') this.schedulePending();
      },
      onConnected: (conn) => void this.learnReplicationIds(replicationIds(conn)),
      onBatch: (phase) => {
        if (phase.startsWith('push')) this.schedulePending();
      },
      onRevoked: () => this.revoked(),
    });
    this.live = { sync, http };
    sync.start();
  }

  /** Stops the live passes; their checkpoints keep the place for the next start. */
  async stopLive(): Promise<void> {
    this.liveWanted = false;
    this.pulledBefore += this.pulledNow();
    const live = this.live;
    this.live = null;
    this.states.clear();
    if (!live) return;
    await live.sync.stop();
    live.http.close();
  }

  private updateState(): void {
    const states = [...this.states.values()];
    let next: SyncState;
    if (states.includes('denied')) next = 'error';
    else if (!states.length || states.includes('offline')) next = this.state === 'error' && !states.length ? 'error' : 'offline';
    else if (states.every((s) => s === 'idle')) next = 'online';
    else next = 'syncing';
    if (next === 'online' && this.state !== 'online') {
      // Caught up both ways with the link up: that is what "last synced" means to the branch.
      this.persisted.lastSyncAt = this.opts.clock().toISOString();
      this.saveSoon();
    }
    this.setState(next);
  }

  private setState(next: SyncState): void {
    if (next === this.state) return;
    this.state = next;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.opts.events.emit('sync.status', { state: this.state, pending: this.pending, lastSyncAt: this.persisted.lastSyncAt });
  }

  /** Checkpoint ids are known once head office answered; kept so that pending counts work offline. */
  private async learnReplicationIds(ids: RepIds): Promise<void> {
    if (JSON.stringify(ids) === JSON.stringify(this.persisted.repIds)) return;
    this.persisted.repIds = ids;
    await this.savePersisted();
    this.schedulePending();
  }

  /**
   * Saves the sync state now, or at the end of the minute since the last save: a day arriving from head office in
   * parts flips live sync between syncing and online many times a second, and each save is a write on the thread
   * serving the counter that waits for the pull's slice to commit. The status shows the time at once either way.
   */
  private saveSoon(): void {
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.lastSavedAt = Date.now();
      void this.savePersisted();
    }, Math.max(0, this.lastSavedAt + SAVE_EVERY_MS - Date.now()));
    this.saveTimer.unref?.();
  }

  private async savePersisted(): Promise<void> {
    if (this.closed) return;
    try {
      let rev: string | undefined;
      try {
        rev = ((await this.opts.local.get(STATE_ID)) as { _rev: string })._rev;
      } catch {
        rev = undefined;
      }
      await this.opts.local.put({ _id: STATE_ID, ...(rev ? { _rev: rev } : {}), ...this.persisted } as PouchDB.Core.PutDocument<object>);
    } catch (e) {
      this.opts.log('warn', 'sync: could not save sync state', e);
    }
  }

  private schedulePending(): void {
    if (this.pendingTimer || this.closed) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      void this.refreshPending();
    }, 200);
    this.pendingTimer.unref?.();
  }

  /** Recomputes the pending count from the push checkpoints; emits a status event when it changed. */
  async refreshPending(): Promise<number> {
    if (this.closed) return this.pending;
    const ids = this.persisted.repIds;
    const [docsSeq, blobsSeq] = await Promise.all([
      checkpointSeq(this.opts.local, ids?.['push-docs']),
      checkpointSeq(this.opts.local, ids?.['push-blobs']),
    ]);
    if (this.closed) return this.pending;
    // The live passes' cursors run ahead of their checkpoints (written every few batches or seconds).
    const live = this.live?.sync;
    const [docsAfter, blobsAfter] = [furthest(docsSeq, live?.cursorOf('push-docs')), furthest(blobsSeq, live?.cursorOf('push-blobs'))];
    this.pulledSeqs?.pruneThrough(Math.min(seqNumber(docsAfter), seqNumber(blobsAfter)));
    const n = countPending(this.opts.sql, docsAfter, blobsAfter, this.pulledSeqs && { seqs: this.pulledSeqs, through: knownUpdateSeq(this.opts.local) });
    if (n !== this.pending) {
      this.pending = n;
      this.emitStatus();
    }
    return n;
  }

  private scheduleAnchor(): void {
    if (this.anchorTimer || this.closed) return;
    const wait = Math.max(0, this.lastAnchorAt + (this.opts.settings?.anchorEveryMs ?? 60_000) - Date.now());
    this.anchorTimer = setTimeout(() => {
      this.anchorTimer = null;
      const http = this.live?.http;
      if (http && !this.closed) void this.anchorAudit(http);
    }, wait);
    this.anchorTimer.unref?.();
  }

  /**
   * States at head office how far it holds this device's audit chain (audit/anchors.ts). A failure only costs the
   * anchor of this round, so it is logged and sync goes on; a divergence is logged as an error: the device's
   * chain no longer has what head office received from it.
   */
  async anchorAudit(http: CouchHttp): Promise<AnchorOutcome | null> {
    this.lastAnchorAt = Date.now();
    try {
      const outcome = await anchorAtHeadOffice({ local: this.opts.local, remote: headOfficeDb(http), device: this.opts.device, now: this.opts.clock() });
      if (outcome.status === 'diverged') this.opts.log('error', `audit: head office holds another entry #${outcome.seq} of this device's chain than this device does`);
      return outcome;
    } catch (e) {
      if (!this.closed) this.opts.log('warn', 'audit: could not anchor the chain at head office', e);
      return null;
    }
  }

  /**
   * What head office states about this device's audit chain, for `audit.verify`; rejects when it cannot be
   * reached in time. Asked over a connection of its own, so a live run being stopped meanwhile does not cut it.
   */
  headOfficeAnchors(timeoutMs = 10_000): Promise<Anchor[]> {
    const http = openRemote(this.opts.remote, this.opts.dbName);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('head office did not answer in time')), timeoutMs);
    });
    return Promise.race([headOfficeStatements(headOfficeDb(http), this.opts.device), timeout]).finally(() => {
      clearTimeout(timer);
      http.close();
    });
  }

  /**
   * The branch head's end-of-day sync: live replication pauses, then push and pull run to completion (small
   * documents first), progress goes out as `sync.progress`, and the outcome is recorded as a `sync-report`
   * document with its audit entry in one write — also when the run fails, so a failed attempt is on record.
   */
  async endOfDay(actor: { staffNo: string; name: string }, onStarted?: (runId: string) => void): Promise<SyncReport> {
    if (this.endOfDayRun) throw new SyncBusyError();
    const abort = new AbortController();
    this.endOfDayRun = abort;
    const runId = this.newId();
    const resume = this.liveWanted;
    await this.stopLive();
    this.emitStatus();
    onStarted?.(runId);
    const startedAt = this.opts.clock().toISOString();
    const before = new Set(listConflicts(this.opts.local));
    const http = openRemote(this.opts.remote, this.opts.dbName);
    const progress = (p: Omit<EventMap['sync.progress'], 'runId'>) => this.opts.events.emit('sync.progress', { runId, ...p });
    let result: OneShotResult = emptyResult();
    let error: SyncReportDoc['error'] = null;
    try {
      try {
        result = await runOneShot({
          local: this.opts.local, http, backoff: this.opts.settings?.backoff, attempts: this.opts.settings?.attempts, signal: abort.signal,
          pullTypes: this.opts.pullTypes, writer: this.opts.writer,
          onProgress: (p) => progress({ ...p, status: 'running' }),
          onConnected: (conn) => void this.learnReplicationIds(replicationIds(conn)),
        });
      } catch (e) {
        if (e instanceof DeviceRevokedError) {
          // No report, no audit entry: nothing of this device goes to head office any more.
          this.revoked();
          throw e;
        }
        if (!(e instanceof SyncFailure)) throw e;
        error = { kind: e.kind, message: e.message };
        result = (e.partial as OneShotResult | undefined) ?? result;
      }
      if (!error) await this.anchorAudit(http);
      const after = listConflicts(this.opts.local);
      const finishedAt = this.opts.clock().toISOString();
      const doc: SyncReportDoc = {
        _id: `sync-report:${this.newId()}`, type: 'sync-report', branch: this.opts.branch, device: this.opts.device,
        runBy: actor.staffNo, runByName: actor.name, startedAt, finishedAt, status: error ? 'failed' : 'complete', error,
        up: result.up, down: result.down,
        conflictsCreated: after.filter((id) => !before.has(id)), conflictsOpen: after.length, requests: result.requests,
      };
      await this.opts.writes.run(async () => {
        const entry = this.opts.audit.next({
          actor: actor.staffNo, actorName: actor.name, action: 'sync.endOfDay', entity: doc._id, at: finishedAt, before: null,
          after: { status: doc.status, up: doc.up.docs, down: doc.down.docs, conflictsCreated: doc.conflictsCreated.length, error: error?.kind ?? null },
        });
        const res = await this.opts.local.bulkDocs([doc, entry] as PouchDB.Core.PutDocument<object>[]);
        if (res.some((r) => 'error' in r && r.error)) throw new Error('sync report could not be written');
        this.opts.audit.commit(entry);
      });
      if (!error) {
        this.persisted.lastSyncAt = finishedAt;
        await this.savePersisted();
      }
      await this.refreshPending();
      const s = http.meter.snapshot();
      progress({
        status: error ? 'failed' : 'complete', phase: 'pull-blobs', phaseIndex: 3, phaseCount: 4, done: 1, total: 1,
        docsSent: result.up.docs, docsReceived: result.down.docs, bytesSent: s.bytesSent, bytesReceived: s.bytesReceived,
      });
      return toReport(doc);
    } finally {
      http.close();
      this.endOfDayRun = null;
      // The report itself and its audit entry go up with the live replication as soon as it restarts.
      if (resume && !this.closed && !this.isRevoked) this.startLive();
      else this.emitStatus();
    }
  }

  private revoked(): void {
    if (this.isRevoked) return;
    this.isRevoked = true;
    this.liveWanted = false;
    this.setState('error');
    this.opts.log('error', 'sync: head office revoked this device; sync stopped');
    this.opts.onRevoked?.();
  }

  /** Stops an end-of-day run in progress (it is recorded as interrupted). */
  cancelEndOfDay(): boolean {
    if (!this.endOfDayRun) return false;
    this.endOfDayRun.abort();
    return true;
  }

  async close(): Promise<void> {
    this.endOfDayRun?.abort();
    await this.stopLive();
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      await this.savePersisted();
    }
    this.closed = true;
    this.localFeed?.cancel();
    this.localFeed = null;
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    if (this.anchorTimer) clearTimeout(this.anchorTimer);
  }
}

export class SyncBusyError extends Error {
  constructor() {
    super('an end-of-day sync is already running');
    this.name = 'SyncBusyError';
  }
}
