import type { CouchHttp } from '../sync/http/couch-http';
import { runOneShot } from '../sync/one-shot';
import { LiveSync } from '../sync/replicator/live';
import type { PassName } from '../sync/replicator/pass';
import { remoteClient, resolveRemote, type RemoteConfig } from '../sync/remote';
import { referenceDbName } from './reference-store';

/** Head office's `reference` database next to the branch database the device is configured for. */
export function referenceRemoteUrl(cfg: RemoteConfig): { dbUrl: string; auth: { username: string; password: string } | undefined } {
  const u = new URL(cfg.url);
  // The configured URL may name the branch database itself; the reference database is its sibling.
  u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/branch-[a-z0-9]+$/, '');
  return resolveRemote({ ...cfg, url: u.toString() }, referenceDbName);
}

/**
 * Replication of the reference database with the same client as the branch database. Branch devices only pull
 * (the server refuses their writes anyway); a head-office publishing device (`publishesReference`) also pushes, so
 * a publication made on it reaches head office and from there every branch. Runs live while the core is up; rule
 * sets are small, so one pass each way suffices.
 */
export class ReferenceSync {
  private live: { sync: LiveSync; http: CouchHttp } | null = null;

  constructor(
    private readonly local: PouchDB.Database<object>,
    private readonly cfg: RemoteConfig,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void,
    private readonly onChange: () => void = () => {},
  ) {}

  get pushes(): boolean {
    return this.cfg.publishesReference === true;
  }

  private get phases(): PassName[] {
    // Push first when publishing, so head office has it before anyone pulls.
    return this.pushes ? ['push-all', 'pull-all'] : ['pull-all'];
  }

  private remote(): CouchHttp {
    const { dbUrl, auth } = referenceRemoteUrl(this.cfg);
    return remoteClient(dbUrl, auth);
  }

  /** One catch-up run (end of day, tests). */
  async once(): Promise<{ pushed: number; pulled: number }> {
    const http = this.remote();
    try {
      const res = await runOneShot({ local: this.local, http, phases: this.phases });
      if (res.down.docs) this.onChange();
      return { pushed: res.up.docs, pulled: res.down.docs };
    } finally {
      http.close();
    }
  }

  startLive(): void {
    if (this.live) return;
    const http = this.remote();
    let pulled = 0;
    const sync = new LiveSync({
      local: this.local, http, phases: this.phases, log: this.log, onState: () => {},
      onBatch: (phase, docs) => {
        if (phase === 'pull-all' && docs > pulled) this.onChange();
        if (phase === 'pull-all') pulled = docs;
      },
    });
    this.live = { sync, http };
    sync.start();
  }

  async stop(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (!live) return;
    await live.sync.stop();
    live.http.close();
  }
}
