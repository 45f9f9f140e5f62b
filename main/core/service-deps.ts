import type { Database } from '../../db/sqlite';
import type { TrustRoot } from '../../trust/trust-root';
import type { AuditLog } from './audit/audit-log';
import type { ReferenceStore } from './credit/reference-store';
import type { AccountReader } from './customers/accounts';
import type { CoreEvents } from './events';
import type { AuthenticateDeps } from './session/authenticate';
import type { WriteQueue } from './write-queue';

/**
 * What createCore (core.ts) hands the services, each field meaning the same thing in every one of them. A service
 * names the fields it uses — `interface XDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes'> { … }` — and
 * adds its own, so its dependencies stay explicit and a test builds only what the service touches. A field of the
 * same name that means something else (the queue's `reference` is the bare `reference` database, its `device` the
 * queue device) stays the service's own.
 */
export interface ServiceDeps {
  /** The branch database (`branch-<code>`): every business document this device reads and writes. */
  pouch: PouchDB.Database<object>;
  /** The same store's SQL: projections and indexes over the winning revisions (db/). */
  sql: Database;
  /** The device's hash-chained audit log; a change a person makes is written with its entry. */
  audit: AuditLog;
  /** Serialises the core's read-then-write steps (write-queue.ts), so a check and its write act as one. */
  writes: WriteQueue;
  /** Pushes changes to open screens. */
  events: CoreEvents;
  /** The branch code, upper-case (`HM01`). */
  branch: string;
  /** The branch's name as screens and printed papers show it. */
  branchName: string;
  /** This device's stable id. */
  device: string;
  /** The branch's IANA time zone: "as of" days, browsed days and reports are the branch's calendar days. */
  timeZone: string;
  /** Head office's public keys; null on a device never given a trust root, and then no signed document is believed. */
  trust: TrustRoot | null;
  clock: () => Date;
  /** Head office's read-only `reference` database: rule sets, the LPR table, collection scripts (credit/reference-store.ts). */
  reference: ReferenceStore;
  /**
   * The device key (device secrets, never in the store) under which signature verdicts are remembered across
   * restarts (village/signed-docs.ts): a row written into the store's table by anyone else matches nothing.
   */
  verdictKey: Uint8Array;
  /** Head office's signed accounts of the branch's customers. */
  accounts: AccountReader;
  /** Checks a staff member's password again (a second person, a sealed approval) as `session.login` does. */
  auth: AuthenticateDeps;
}
