import type { DbHandle } from '../databases';
import { denied, isServerAdmin } from '../auth/security';
import type { UserCtx } from '../auth/security';
import { USERS_DB } from '../auth/users';
import { checkWrite, type WriteMode } from '../validation/policy';
import { assertMayStoreValidator, designDocsChanged, runDesignValidators } from '../validation/design-validators';
import type { Json } from '../storage';
import { badRequest, CouchError } from '../errors';
import type { ServerContext } from './context';
import { assertNotReserved } from './context';

/** The one gate every document write passes: reserved ids, `_users` rules, then the database's validation. */
export async function prepareDoc(ctx: ServerContext, handle: DbHandle, doc: Json, user: UserCtx, mode: WriteMode): Promise<Json> {
  const id = typeof doc._id === 'string' ? doc._id : '';
  assertNotReserved(id);
  if (id.startsWith('_local/') && ('_attachments' in doc || '_revisions' in doc)) {
    // CouchDB keeps no attachments and no revision history on `_local` documents: it drops them from the body.
    const { _attachments: _dropped, _revisions: _none, ...local } = doc;
    return prepareDoc(ctx, handle, local, user, mode);
  }
  if (handle.name === USERS_DB && id.startsWith('_local/')) {
    if (!isServerAdmin(user)) throw denied(user, 'admin');
  } else if (handle.name === USERS_DB) {
    let existing: Json | null = null;
    if (id) {
      try {
        existing = (await handle.store.get(id)) as Json;
      } catch {
        existing = null;
      }
    }
    return ctx.auth.users.prepareWrite(doc, user, existing);
  }
  checkWrite(handle.name, doc, user, handle.security, mode);
  if (id.startsWith('_design/')) assertMayStoreValidator(doc, user);
  else await runDesignValidators(handle, doc, user);
  return doc;
}

/**
 * After a write is committed: design documents among the written ones change the database's validators, and a write
 * to `_users` ends what the server remembers of its users (roles, password salt).
 */
export function afterWrite(ctx: ServerContext, handle: DbHandle, written: Json[]): void {
  if (handle.name === USERS_DB) ctx.auth.users.usersWritten();
  if (written.some((d) => typeof d._id === 'string' && d._id.startsWith('_design/'))) designDocsChanged(handle);
}

/** The underscore members CouchDB accepts in a document body (couch_doc:transfer_fields); PouchDB's `_rev_tree` is not one. */
const SPECIAL_MEMBERS = new Set([
  '_id', '_rev', '_attachments', '_revisions', '_deleted', '_revs_info', '_local_seq', '_conflicts', '_deleted_conflicts', '_access',
  '_replication_state', '_replication_state_time', '_replication_state_reason', '_replication_id', '_replication_stats',
]);

const docValidation = (reason: string) => new CouchError(400, 'doc_validation', reason);

/**
 * What CouchDB checks while reading a document body, before anything is written (couch_doc:from_json_obj_validate
 * and chttpd_db:validate_revs): one malformed document fails the whole request with 400, as there. Without this a
 * replicated write with a malformed `_revisions` answered `[]` and stored nothing, or stored a broken tree.
 */
export function checkDocBody(doc: Json, newEdits: boolean): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('_') && !SPECIAL_MEMBERS.has(key)) throw docValidation(`Bad special document member: ${key}`);
  }
  if (doc._id !== undefined && typeof doc._id !== 'string') throw new CouchError(400, 'illegal_docid', 'Document id must be a string');
  if (doc._rev !== undefined && (typeof doc._rev !== 'string' || !/^\d{1,15}-/.test(doc._rev))) throw badRequest('Invalid rev format');
  if (doc._deleted !== undefined && typeof doc._deleted !== 'boolean') throw docValidation('Bad special document member: _deleted');
  const revisions = doc._revisions;
  if (revisions !== undefined) {
    if (typeof revisions !== 'object' || revisions === null || Array.isArray(revisions)) throw docValidation('Bad special document member: _revisions');
    const { start, ids } = revisions as { start?: unknown; ids?: unknown };
    if (!Number.isSafeInteger(start)) throw docValidation("_revisions.start isn't an integer.");
    if (!Array.isArray(ids)) throw docValidation("_revisions.ids isn't a array.");
    for (const id of ids) {
      if (typeof id !== 'string') throw docValidation("RevId isn't a string");
      if (id.length === 32 && !/^[0-9a-fA-F]{32}$/.test(id)) throw docValidation("RevId isn't a valid hexadecimal");
    }
    // CouchDB would build a revision tree reaching below position 1 from these; refuse instead of storing it. A
    // `_local` document has no revision tree: CouchDB ignores its `_revisions` (PouchDB's test.local_docs.js).
    const local = typeof doc._id === 'string' && doc._id.startsWith('_local/');
    if (!local && (ids.length === 0 || (start as number) < ids.length)) throw docValidation('_revisions.start must be at least the number of _revisions.ids');
  }
  if (!newEdits && doc._rev === undefined && revisions === undefined) {
    throw badRequest('When `new_edits: false`, the document needs `_rev` or `_revisions` specified');
  }
}
