import { createHash, randomUUID } from 'node:crypto';

export type Seq = number | string;

/** A replication log as CouchDB and PouchDB keep it in a `_local` document on both databases. */
export interface CheckpointDoc {
  _id: string;
  _rev?: string;
  session_id: string;
  last_seq: Seq;
  history: { session_id: string; last_seq: Seq }[];
  replicator: string;
  version: 1;
}

export interface CheckpointStore {
  getLocal<T>(id: string): Promise<T | null>;
  putLocal(doc: { _id: string }): Promise<string>;
}

const HISTORY = 5;

/**
 * The replication id, computed exactly as PouchDB does (md5 of both databases' ids and the selector), so a device
 * that synced with PouchDB's replicator before keeps its checkpoints and does not walk its history again.
 */
export function replicationId(sourceId: string, targetId: string, selector?: object): string {
  const md5 = createHash('md5')
    .update(sourceId + targetId + (selector ? JSON.stringify(selector) : ''), 'latin1')
    .digest('base64');
  return `_local/${md5.replace(/\//g, '.').replace(/\+/g, '_')}`;
}

/** PouchDB's id of a remote database: the server's uuid plus the database name, else the database URL. */
export function remoteDatabaseId(serverUuid: string | undefined, dbUrl: string): string {
  const name = new URL(dbUrl).pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  const encoded = name.includes('%') ? name : encodeURIComponent(decodeURIComponent(name));
  return serverUuid ? serverUuid + encoded : `${dbUrl.replace(/\/+$/, '')}/`;
}

type Log = Pick<CheckpointDoc, 'session_id' | 'last_seq' | 'history'>;

/** CouchDB's comparison of the two logs (couch_replicator's compare_replication_logs): the newest seq both agree on. */
export function agreedSeq(source: Log, target: Log): Seq {
  if (source.session_id === target.session_id) return source.last_seq;
  const walk = (sh: Log['history'], th: Log['history']): Seq => {
    const [s, ...sRest] = sh;
    const [t, ...tRest] = th;
    if (!s || !t) return 0;
    if (th.some((h) => h.session_id === s.session_id)) return s.last_seq;
    if (sRest.some((h) => h.session_id === t.session_id)) return t.last_seq;
    return walk(sRest, tRest);
  };
  return walk(source.history ?? [], target.history ?? []);
}

/**
 * Reads and writes one replication's checkpoint on both sides. Each write remembers the revision it made, so a
 * checkpoint costs one PUT per side instead of a read and a write; a conflict (someone else wrote) re-reads once.
 * A source that refuses checkpoint writes (read-only database) is simply no longer written, as in PouchDB.
 */
export class Checkpointer {
  private readonly session = randomUUID();
  private docs: { source: CheckpointDoc | null; target: CheckpointDoc | null } = { source: null, target: null };
  private sourceWritable = true;
  private saved: Seq | null = null;

  constructor(
    private readonly source: CheckpointStore,
    private readonly target: CheckpointStore,
    readonly id: string,
  ) {}

  /** Where this replication resumes: the seq both logs agree on, 0 when they do not. */
  async start(): Promise<Seq> {
    const [target, source] = await Promise.all([this.target.getLocal<CheckpointDoc>(this.id), this.source.getLocal<CheckpointDoc>(this.id)]);
    this.docs = { source, target };
    if (!target || !source || target.version !== source.version) return 0;
    const seq = target.version === 1 ? agreedSeq(source, target) : target.last_seq === source.last_seq ? source.last_seq : 0;
    this.saved = seq;
    return seq;
  }

  get lastSaved(): Seq | null {
    return this.saved;
  }

  /** Records `seq` on the target first, then the source (CouchDB's order: the target's log is the one that counts). */
  async save(seq: Seq): Promise<void> {
    if (this.saved !== null && String(this.saved) === String(seq)) return;
    await this.write('target', seq);
    if (this.sourceWritable) {
      try {
        await this.write('source', seq);
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (!status || status < 400 || status >= 500 || status === 401 || status === 409) throw e;
        this.sourceWritable = false;
      }
    }
    this.saved = seq;
  }

  private async write(side: 'source' | 'target', seq: Seq, retried = false): Promise<void> {
    const store = side === 'source' ? this.source : this.target;
    const prev = this.docs[side];
    const doc: CheckpointDoc = {
      _id: this.id,
      ...(prev?._rev ? { _rev: prev._rev } : {}),
      session_id: this.session,
      last_seq: seq,
      history: [{ session_id: this.session, last_seq: seq }, ...(prev?.history ?? []).filter((h) => h.session_id !== this.session)].slice(0, HISTORY),
      replicator: 'jingwei',
      version: 1,
    };
    try {
      const rev = await store.putLocal(doc);
      this.docs[side] = { ...doc, _rev: rev };
    } catch (e) {
      if ((e as { status?: number }).status !== 409 || retried) throw e;
      this.docs[side] = await store.getLocal<CheckpointDoc>(this.id);
      await this.write(side, seq, true);
    }
  }
}
