import { CouchError, forbidden } from '../errors';
import { isDbAdmin } from '../auth/security';
import type { SecurityObject, UserCtx } from '../auth/security';
import { checkTypedDoc } from './registry';
import './types';

export const REFERENCE_DB = 'reference';
export const BRANCH_DB = /^branch-([a-z0-9]{2,16})$/;

export const branchDbName = (branchCode: string) => `branch-${branchCode.toLowerCase()}`;

/**
 * What the databases' validate_doc_update functions do in Apache CouchDB (see couchdb/*.json), applied to every
 * write, replicated or not. `_local` documents are never validated, as in CouchDB.
 */
export function checkWrite(dbName: string, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject): void {
  const id = typeof doc._id === 'string' ? doc._id : '';
  if (id.startsWith('_local/')) return;
  if (id.startsWith('_design/')) {
    if (!isDbAdmin(user, sec)) throw new CouchError(401, 'unauthorized', 'You are not a db or server admin.');
    return;
  }
  if (dbName === REFERENCE_DB) {
    if (!isDbAdmin(user, sec)) throw forbidden('参考库只读，只有总行管理员可以写入 (reference is read-only for branches)');
    return;
  }
  if (BRANCH_DB.test(dbName)) {
    if (doc._deleted === true) return;
    const check = checkTypedDoc(doc);
    if (!check.ok) throw forbidden(check.reason);
  }
}
