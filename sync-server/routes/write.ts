import type { DbHandle } from '../databases';
import type { UserCtx } from '../auth/security';
import { USERS_DB } from '../auth/users';
import { checkWrite, type WriteMode } from '../validation/policy';
import type { Json } from '../storage';
import type { ServerContext } from './context';
import { assertNotReserved } from './context';

/** The one gate every document write passes: reserved ids, `_users` rules, then the database's validation. */
export async function prepareDoc(ctx: ServerContext, handle: DbHandle, doc: Json, user: UserCtx, mode: WriteMode): Promise<Json> {
  const id = typeof doc._id === 'string' ? doc._id : '';
  assertNotReserved(id);
  if (handle.name === USERS_DB && !id.startsWith('_local/')) {
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
  return doc;
}
