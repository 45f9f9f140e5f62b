import { createContext, Script, type Context } from 'node:vm';
import { CouchError, forbidden, unauthorized } from '../errors';
import { isServerAdmin, type UserCtx } from '../auth/security';
import type { DbHandle } from '../databases';
import type { Json } from '../storage';
import { BRANCH_DDOC_ID, REFERENCE_DDOC_ID } from '../couchdb/design-docs';

/**
 * `validate_doc_update` functions of design documents, run as Apache CouchDB runs them: on every write of a
 * document that is neither `_local/` nor `_design/`, replicated or not, each design document's function with
 * (newDoc, oldDoc, userCtx, secObj); a thrown `{forbidden}` refuses with 403, `{unauthorized}` with 401.
 *
 * Our own generated design documents (sync-server/couchdb/design-docs.ts) are not run: validation/policy.ts is the
 * same rule in TypeScript (design-docs.test.ts keeps the two equal), so branch databases pay no JavaScript per write.
 *
 * The functions run in a `node:vm` context inside the server process, which is no security boundary — so on this
 * server only a server admin may store a design document that has one (`assertMayStoreValidator`); in CouchDB a
 * database admin may, as its functions run in a separate couchjs process.
 */
const OWN_DESIGN_DOCS = new Set([BRANCH_DDOC_ID, REFERENCE_DDOC_ID]);
/** A function that loops is stopped; the write fails with 500 as in CouchDB when couchjs times out. */
const RUN_TIMEOUT_MS = 5_000;

interface Validator {
  ddoc: string;
  context: Context;
  call: Script;
}

const loaded = new WeakMap<DbHandle, Promise<Validator[]>>();

export const MAY_NOT_STORE_VALIDATOR =
  '只有服务器管理员可以保存带 validate_doc_update 的设计文档 (only a server admin may store a design document with validate_doc_update on this server)';

export function assertMayStoreValidator(doc: Json, user: UserCtx): void {
  if (typeof doc.validate_doc_update === 'string' && !isServerAdmin(user)) throw forbidden(MAY_NOT_STORE_VALIDATOR);
}

function compile(ddoc: string, source: string): Validator {
  const context = createContext({
    log: () => {},
    isArray: Array.isArray,
    toJSON: (v: unknown) => JSON.stringify(v),
  });
  new Script(`var __vdu = (${source});`, { filename: `${ddoc}/validate_doc_update` }).runInContext(context, { timeout: RUN_TIMEOUT_MS });
  // The arguments cross as JSON text, so the function sees objects of its own context only.
  return { ddoc, context, call: new Script('__vdu.apply(null, JSON.parse(__args))', { filename: `${ddoc}/validate_doc_update` }) };
}

async function load(handle: DbHandle): Promise<Validator[]> {
  const res = (await handle.store.allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true })) as { rows: { id: string; doc?: Json }[] };
  const out: Validator[] = [];
  for (const row of res.rows) {
    const source = row.doc?.validate_doc_update;
    if (OWN_DESIGN_DOCS.has(row.id) || typeof source !== 'string') continue;
    try {
      out.push(compile(row.id, source));
    } catch {
      // CouchDB refuses such a design document when it is written; one stored anyway refuses every write.
      out.push({ ddoc: row.id, context: createContext({}), call: new Script('throw new Error("validate_doc_update does not compile")') });
    }
  }
  return out;
}

/** A design document of this database was written: its functions are read again on the next write. */
export function designDocsChanged(handle: DbHandle): void {
  loaded.delete(handle);
}

function validators(handle: DbHandle): Promise<Validator[]> {
  let list = loaded.get(handle);
  if (!list) {
    // Kept before it is read, so a design document committed meanwhile drops this (possibly older) list again.
    list = load(handle);
    loaded.set(handle, list);
    list.catch(() => loaded.delete(handle));
  }
  return list;
}

/** Runs the database's validate_doc_update functions on one document about to be written; throws CouchDB's refusal. */
export async function runDesignValidators(handle: DbHandle, doc: Json, user: UserCtx): Promise<void> {
  const id = typeof doc._id === 'string' ? doc._id : '';
  if (id.startsWith('_local/') || id.startsWith('_design/')) return;
  const list = await validators(handle);
  if (list.length === 0) return;
  let oldDoc: unknown = null;
  if (id) {
    try {
      oldDoc = await handle.store.get(id);
    } catch {
      oldDoc = null;
    }
  }
  const userCtx = { db: handle.name, name: user.name, roles: user.roles };
  const args = JSON.stringify([doc, oldDoc, userCtx, handle.security]);
  for (const v of list) {
    v.context.__args = args;
    let thrown: unknown;
    try {
      v.call.runInContext(v.context, { timeout: RUN_TIMEOUT_MS });
      continue;
    } catch (e) {
      thrown = e;
    }
    const t = (thrown ?? {}) as { forbidden?: unknown; unauthorized?: unknown };
    if (typeof t === 'object' && t.forbidden !== undefined) throw forbidden(String(t.forbidden));
    if (typeof t === 'object' && t.unauthorized !== undefined) throw unauthorized(String(t.unauthorized));
    throw new CouchError(500, 'error', `${v.ddoc} validate_doc_update failed: ${String((thrown as { message?: unknown } | null)?.message ?? thrown)}`);
  }
}
