import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { forbidden } from '../errors';
import type { Json, Store } from '../storage';
import { assertIterationsAllowed, hashPassword, passwordFields, verifyPassword } from './pbkdf2';
import type { PasswordFields } from './pbkdf2';
import { denied, isServerAdmin } from './security';
import { DEVICE_FIELD, DEVICE_ID, effectiveRoles, ENROLMENT_FIELD, enrolmentState } from '../../domain/devices/enrolment';
import type { UserCtx } from './security';

export const USERS_DB = '_users';
const HASH_FIELDS = ['password_scheme', 'pbkdf2_prf', 'iterations', 'salt', 'derived_key'] as const;
export const USER_PREFIX = 'org.couchdb.user:';

const userDoc = z.looseObject({
  _id: z.string(),
  _rev: z.string().optional(),
  _deleted: z.boolean().optional(),
  name: z.string().min(1).max(200),
  type: z.literal('user'),
  roles: z.array(z.string().min(1).max(200)).max(100),
  password: z.string().min(1).max(1000).optional(),
});

type UserDoc = z.infer<typeof userDoc> & Json;
/** Device users of every branch fit many times over; past it the cache starts again (a flood of names is not kept). */
const MAX_CACHED_USERS = 20_000;

export interface ServerAdmin {
  name: string;
  password: PasswordFields;
}

/** Users the CouchDB way: server admins from configuration, everybody else as documents in `_users`. */
export class Users {
  /** A hash of a random password at the server's cost: what an unknown name is checked against. */
  private readonly decoy: Promise<PasswordFields>;
  /**
   * User documents as last read, per `_users` store. Every request of a signed-in device needs its user (cookie
   * salt, roles); reading and parsing the document each time was a tenth of head office's CPU in an end of day.
   * Any committed write to `_users` empties it ({@link usersWritten}), and a read that overlapped a write is not
   * kept (`generation`), so a revocation or a password change still counts from the next request on.
   */
  private cached = new WeakMap<Store, Map<string, UserDoc>>();
  private generation = 0;

  constructor(
    private readonly store: () => Store,
    private readonly admin: ServerAdmin | null,
    private readonly iterations: number,
  ) {
    this.decoy = hashPassword(randomBytes(16).toString('hex'), iterations);
  }

  /**
   * A wrong password costs the same work whether or not the name exists: an unknown name is checked against a
   * decoy hash of the same cost, so response times do not tell an attacker which device users exist.
   */
  async authenticate(name: string, password: string): Promise<UserCtx | null> {
    if (this.admin && name === this.admin.name) {
      return (await verifyPassword(password, this.admin.password)) ? { name, roles: ['_admin'] } : null;
    }
    const doc = await this.userDoc(name);
    const fields = doc && passwordFields.safeParse(doc);
    if (!doc || !fields?.success) {
      await verifyPassword(password, await this.decoy);
      return null;
    }
    if (!(await verifyPassword(password, fields.data))) return null;
    const roles = effectiveRoles(doc, new Date());
    return roles ? { name, roles } : null;
  }

  /** The per-user salt that keys session cookies; null when the user no longer exists. */
  async saltOf(name: string): Promise<{ salt: string; user: UserCtx } | null> {
    if (this.admin && name === this.admin.name) return { salt: this.admin.password.salt, user: { name, roles: ['_admin'] } };
    const doc = await this.userDoc(name);
    // Read on every request, so a revocation or an expired enrolment code takes effect at once.
    const roles = doc && effectiveRoles(doc, new Date());
    return doc && roles && typeof doc.salt === 'string' ? { salt: doc.salt, user: { name, roles } } : null;
  }

  /** A write to `_users` was committed: what was read before it may be out of date. */
  usersWritten(): void {
    this.generation++;
    this.cached = new WeakMap();
  }

  private async userDoc(name: string): Promise<UserDoc | null> {
    const store = this.store();
    let users = this.cached.get(store);
    const hit = users?.get(name);
    if (hit) return hit;
    const generation = this.generation;
    let found: UserDoc | null = null;
    try {
      const parsed = userDoc.safeParse(await store.get(USER_PREFIX + name));
      if (parsed.success) found = parsed.data;
    } catch {
      found = null;
    }
    // Unknown names are not kept: anyone may ask for any name.
    if (found && generation === this.generation) {
      if (!users || users.size >= MAX_CACHED_USERS) this.cached.set(store, (users = new Map()));
      users.set(name, found);
    }
    return found;
  }

  /**
   * What CouchDB's `_users` validate_doc_update and password hook do: check the shape, let only server admins
   * create users or change roles, let a user change their own password, and never store a clear password.
   */
  async prepareWrite(doc: Json, actor: UserCtx, existing: Json | null): Promise<Json> {
    if (typeof doc._id === 'string' && doc._id.startsWith('_design/')) {
      if (!isServerAdmin(actor)) throw denied(actor, 'admin');
      return doc;
    }
    if (doc._deleted === true) {
      if (!isServerAdmin(actor)) throw forbidden('Only server admins may delete users.');
      return doc;
    }
    const parsed = userDoc.safeParse(doc);
    if (!parsed.success) {
      throw forbidden(`user document: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'doc'} ${i.message}`).join('; ')}`);
    }
    const user = parsed.data;
    if (user._id !== USER_PREFIX + user.name) throw forbidden(`Doc ID must be of the form ${USER_PREFIX}name`);
    if (user.roles.some((r) => r.startsWith('_'))) throw forbidden('No system roles (starting with underscore) in users db.');
    if (this.admin && user.name === this.admin.name) throw forbidden('That name belongs to a server admin.');
    if (!isServerAdmin(actor)) {
      if (actor.name !== user.name || !existing) throw forbidden('Only server admins may create users or edit other users.');
      const before = JSON.stringify([...((existing.roles as string[]) ?? [])].sort());
      if (before !== JSON.stringify([...user.roles].sort())) throw forbidden('Only server admins may change roles.');
      // Redeeming an enrolment code: the marker goes only with a new password, so the code cannot stay valid.
      const redeeming = enrolmentState(existing, new Date()) === 'pending' && !(ENROLMENT_FIELD in user);
      if (redeeming && user.password === undefined) throw forbidden('Redeeming an enrolment code sets a new password.');
      // The device named at redemption is the only one whose reports and audit entries this user may write.
      if (redeeming && (typeof user[DEVICE_FIELD] !== 'string' || !DEVICE_ID.test(user[DEVICE_FIELD]))) {
        throw forbidden(`Redeeming an enrolment code names the device (${DEVICE_FIELD}: its device id).`);
      }
      if (!redeeming && JSON.stringify(user[DEVICE_FIELD]) !== JSON.stringify(existing[DEVICE_FIELD])) {
        throw forbidden('The device of a device user is named once, when its enrolment code is redeemed.');
      }
    }
    const out: Json = { ...doc };
    if (user.password !== undefined) {
      delete out.password;
      Object.assign(out, await hashPassword(user.password, this.iterations));
      return out;
    }
    const supplied = HASH_FIELDS.filter((k) => k in doc && JSON.stringify(doc[k]) !== JSON.stringify(existing?.[k]));
    if (supplied.length > 0) {
      // A hash set directly chooses its own cost; only server admins (migrating users) may do that, within bounds.
      if (!isServerAdmin(actor)) throw forbidden('Only server admins may set password hashes; send `password` instead.');
      const fields = passwordFields.safeParse(doc);
      if (!fields.success) throw forbidden(`password fields: ${fields.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      assertIterationsAllowed(fields.data.iterations);
    } else if (existing) {
      // Editing other fields keeps the existing hash, as CouchDB's before_doc_update does.
      for (const k of HASH_FIELDS) if (k in existing) out[k] = existing[k];
    }
    return out;
  }

  /** A non-admin may read only their own user document. */
  canRead(actor: UserCtx, docId: string): boolean {
    return isServerAdmin(actor) || (actor.name !== null && docId === USER_PREFIX + actor.name);
  }
}
