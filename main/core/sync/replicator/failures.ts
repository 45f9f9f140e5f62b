import { HttpError, NetworkError } from '../http/errors';

/** Why a sync stopped before finishing; the CLI maps each to an exit code and a bilingual message. */
export type SyncFailureKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'interrupted' | 'failed';

export class SyncFailure<P = unknown> extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly partial?: P,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export function classifyError(e: unknown): SyncFailureKind {
  if (e instanceof SyncFailure) return e.kind;
  if (e instanceof NetworkError) return e.code === 'aborted' ? 'interrupted' : 'unreachable';
  const status = e instanceof HttpError ? e.status : (e as { status?: number }).status;
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  return 'failed';
}

/**
 * Worth another try: the link (no answer, a cut), a server that is busy or restarting (5xx, 408, 429), or a 400
 * that did not come from CouchDB — an HTTP parser refusing a request garbled by a cut, or a proxy's page.
 */
export function isTransient(e: unknown): boolean {
  if (e instanceof NetworkError) return e.code !== 'aborted';
  // The branch store's write lock stayed taken past the busy timeout (the replica thread and the host share it):
  // the write is tried again after a back-off, never taken for head office refusing the device.
  if (isStoreBusy(e)) return true;
  if (!(e instanceof HttpError)) return false;
  return e.status >= 500 || e.status === 408 || e.status === 429 || (e.status === 400 && !e.fromCouch);
}

/** SQLite's SQLITE_BUSY family ("database is locked") from the local store. */
function isStoreBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) || (e instanceof Error && /database is locked/.test(e.message));
}
