import { CouchError, notFound } from './errors';
import { ADMIN_ONLY, securityObject } from './auth/security';
import type { SecurityObject } from './auth/security';
import type { Storage, Store } from './storage';

/** CouchDB's database name rule; `_users` and `_replicator` are the system databases we know. */
const DB_NAME = /^[a-z][a-z0-9_$()+/-]{0,237}$/;
const SYSTEM_DBS = new Set(['_users', '_replicator']);

/** Kept as a `_local` document so it lives inside the database's own store and never replicates. */
export const SECURITY_DOC_ID = '_local/_jingwei_security';

export function assertDbName(name: string): void {
  if (!DB_NAME.test(name) && !SYSTEM_DBS.has(name)) {
    throw new CouchError(
      400,
      'illegal_database_name',
      `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
    );
  }
}

export interface DbHandle {
  name: string;
  store: Store;
  security: SecurityObject;
}

export class Databases {
  private readonly handles = new Map<string, DbHandle>();
  private readonly creating = new Map<string, Promise<DbHandle>>();

  constructor(private readonly storage: Storage) {}

  async init(): Promise<void> {
    for (const name of this.storage.list()) {
      if (DB_NAME.test(name) || SYSTEM_DBS.has(name)) await this.load(name);
    }
  }

  private async load(name: string): Promise<DbHandle> {
    const store = this.storage.open(name);
    await store.info();
    let security: SecurityObject = ADMIN_ONLY;
    try {
      const doc = (await store.get(SECURITY_DOC_ID)) as { security?: unknown };
      const parsed = securityObject.safeParse(doc.security);
      if (parsed.success) security = parsed.data;
    } catch {
      // No stored object: CouchDB 3's admin-only default applies.
    }
    const handle = { name, store, security };
    this.handles.set(name, handle);
    return handle;
  }

  names = (): string[] => [...this.handles.keys()].sort();
  get = (name: string): DbHandle | undefined => this.handles.get(name);

  require(name: string): DbHandle {
    assertDbName(name);
    const handle = this.handles.get(name);
    if (!handle) throw notFound('Database does not exist.');
    return handle;
  }

  async create(name: string, security: SecurityObject = ADMIN_ONLY): Promise<DbHandle> {
    assertDbName(name);
    const inProgress = this.creating.get(name);
    // Replicators race to create a missing target; the loser's 412 must not arrive before the database exists.
    if (inProgress) await inProgress.catch(() => undefined);
    if (this.handles.has(name)) {
      throw new CouchError(412, 'file_exists', 'The database could not be created, the file already exists.');
    }
    const pending = (async () => {
      const handle = await this.load(name);
      await this.setSecurity(handle, security);
      return handle;
    })();
    this.creating.set(name, pending);
    try {
      return await pending;
    } finally {
      this.creating.delete(name);
    }
  }

  async delete(name: string): Promise<void> {
    const handle = this.require(name);
    this.handles.delete(name);
    await this.storage.destroy(name, handle.store);
  }

  async setSecurity(handle: DbHandle, security: SecurityObject): Promise<void> {
    let rev: string | undefined;
    try {
      rev = ((await handle.store.get(SECURITY_DOC_ID)) as { _rev?: string })._rev;
    } catch {
      rev = undefined;
    }
    await handle.store.put({ _id: SECURITY_DOC_ID, ...(rev ? { _rev: rev } : {}), security });
    handle.security = security;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.handles.values()].map((h) => h.store.close()));
    this.handles.clear();
  }
}
