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
 * Replication of the reference database. Branch devices only pull (the server refuses their writes anyway); a
 * head-office publishing device (`publishesReference`) also pushes, so a publication made on it reaches head
 * office and from there every branch. Runs live with retry while the core is up; rule sets are small, so one
 * pass suffices.
 */
export class ReferenceSync {
  private reps: PouchDB.Replication.Replication<object>[] = [];

  constructor(
    private readonly local: PouchDB.Database<object>,
    private readonly cfg: RemoteConfig,
    private readonly log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void,
    private readonly onChange: () => void = () => {},
  ) {}

  get pushes(): boolean {
    return this.cfg.publishesReference === true;
  }

  private remote(): PouchDB.Database<object> {
    const { dbUrl, auth } = referenceRemoteUrl(this.cfg);
    return createRemotePouch(dbUrl, { skip_setup: true, ...(auth ? { auth } : {}) });
  }

  /** One catch-up pass (end of day, tests): push first when publishing, so head office has it before anyone pulls. */
  async once(): Promise<{ pushed: number; pulled: number }> {
    const remote = this.remote();
    const pushed = this.pushes ? (await this.local.replicate.to(remote, { batch_size: 100 })).docs_written : 0;
    const res = await this.local.replicate.from(remote, { batch_size: 100 });
    if (res.docs_written) this.onChange();
    return { pushed, pulled: res.docs_written };
  }

  startLive(): void {
    if (this.reps.length) return;
    const pull = this.local.replicate.from(this.remote(), { live: true, retry: true, batch_size: 100 });
    pull.on('change', () => this.onChange());
    pull.on('error', (e) => this.log('warn', 'reference pull stopped', e));
    this.reps.push(pull);
    if (this.pushes) {
      const push = this.local.replicate.to(this.remote(), { live: true, retry: true, batch_size: 100 });
      push.on('error', (e) => this.log('warn', 'reference push stopped', e));
      this.reps.push(push);
    }
  }

  stop(): void {
    for (const rep of this.reps) rep.cancel();
    this.reps = [];
  }
}
