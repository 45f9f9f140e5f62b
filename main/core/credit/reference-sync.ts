import { createRemotePouch } from '../../../db/pouchdb';
import { resolveRemote, type RemoteConfig } from '../sync/remote';
import { referenceDbName } from './reference-store';

/** Head office's `reference` database next to the branch database the device is configured for. */
export function referenceRemoteUrl(cfg: RemoteConfig): { dbUrl: string; auth: { username: string; password: string } | undefined } {
  const u = new URL(cfg.url);
  // The configured URL may name the branch database itself; the reference database is its sibling.
  u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/branch-[a-z0-9]+$/, '');
  return resolveRemote({ ...cfg, url: u.toString() }, referenceDbName);
}

/**
 * Pull-only replication of the reference database: branches never push to it (the server refuses their
 * writes anyway). Runs live with retry while the core is up; rule sets are small, so one pass suffices.
 */
export class ReferencePull {
  private rep: PouchDB.Replication.Replication<object> | null = null;

  constructor(
    private readonly local: PouchDB.Database<object>,
    private readonly cfg: RemoteConfig,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void,
    private readonly onChange: () => void = () => {},
  ) {}

  private remote(): PouchDB.Database<object> {
    const { dbUrl, auth } = referenceRemoteUrl(this.cfg);
    return createRemotePouch(dbUrl, { skip_setup: true, ...(auth ? { auth } : {}) });
  }

  /** One catch-up pass (end of day, tests). */
  async once(): Promise<number> {
    const res = await this.local.replicate.from(this.remote(), { batch_size: 100 });
    if (res.docs_written) this.onChange();
    return res.docs_written;
  }

  startLive(): void {
    if (this.rep) return;
    this.rep = this.local.replicate.from(this.remote(), { live: true, retry: true, batch_size: 100 });
    this.rep.on('change', () => this.onChange());
    this.rep.on('error', (e) => this.log('warn', 'reference pull stopped', e));
  }

  stop(): void {
    this.rep?.cancel();
    this.rep = null;
  }
}
