import { CouchError, forbidden } from '../errors';
import { isDbAdmin } from '../auth/security';
import type { SecurityObject, UserCtx } from '../auth/security';
import { checkTypedDoc } from './registry';
import './types';

export const REFERENCE_DB = 'reference';
/** Head office's app releases and update channels (sync-server/releases/): read by devices, written by IT. */
export const UPDATES_DB = 'updates';
export const RELEASE_PUBLISHER_ROLE = 'release-publisher';
export const READ_ONLY_REASONS = {
  [REFERENCE_DB]: '参考库只读，只有总行管理员可以写入 (reference is read-only for branches)',
  [UPDATES_DB]: '升级库只读，只有总行信息科技部可以发布 (updates are published by head office IT only)',
} as const;
export const BRANCH_DB = /^branch-([a-z0-9]{2,16})$/;

export const branchDbName = (branchCode: string) => `branch-${branchCode.toLowerCase()}`;

/**
 * Documents that, once written, are evidence: audit entries and the anchors of their chains. Nobody — branch
 * device, head-office device or admin — may change or delete them, as validate_doc_update holds everyone.
 * Keyed by id prefix, because a deletion (a tombstone) carries no `type`.
 */
export const APPEND_ONLY: Record<string, string> = { 'audit:': 'audit', 'audit-anchor:': 'audit-anchor' };
export const APPEND_ONLY_REASONS = {
  deleted: '审计记录不可删除 (audit records cannot be deleted)',
  changed: '审计记录一经写入不可修改 (audit records cannot be changed once written)',
  type: '审计记录的编号与类型不符 (an audit record id needs the matching type)',
} as const;

/**
 * How the write arrives. `replicated` is `new_edits=false`: the revision comes from the writer, and CouchDB shows
 * validate_doc_update the new revision itself (`_rev`) rather than the one it replaces.
 */
export interface WriteMode {
  replicated: boolean;
}

/**
 * Why an append-only document may not be written, or null. In CouchDB terms a write is allowed only when there is
 * no previous revision on disk (`oldDoc` null), it is no deletion, and it is a first revision: an interactive
 * create carries no `_rev`, a replicated one `1-…`. Every later revision has a parent, so every change is refused.
 * (A replicated second `1-…` branch has no parent on disk either; CouchDB cannot refuse it from
 * validate_doc_update, so devices and head office report such a conflicting version, see audit/verify.ts.)
 */
export function appendOnlyViolation(doc: Record<string, unknown>, mode: WriteMode): string | null {
  const id = typeof doc._id === 'string' ? doc._id : '';
  const prefix = Object.keys(APPEND_ONLY).find((p) => id.startsWith(p));
  if (!prefix) return null;
  if (doc._deleted === true) return APPEND_ONLY_REASONS.deleted;
  const rev = typeof doc._rev === 'string' ? doc._rev : null;
  if (rev !== null && (!mode.replicated || !rev.startsWith('1-'))) return APPEND_ONLY_REASONS.changed;
  if (doc.type !== APPEND_ONLY[prefix]) return APPEND_ONLY_REASONS.type;
  return null;
}

/**
 * Facts derived from core banking's feeds (post-loan: loan balances and overdue, risk events with their dispatch
 * and closure; value: customers' tiers and points), by id prefix → type: written only by head office's feed publisher (CouchDB role
 * `feed-publisher`) or a server admin, never by a branch device, and not deleted by one either (a tombstone has
 * no type, so the id decides). A branch records what it did about an event in its own `risk-action` documents.
 */
export const FEED_ONLY: Readonly<Record<string, string>> = { 'loan-state:': 'loan-state', 'risk-event:': 'risk-event', 'customer-value:': 'customer-value' };
export const FEED_PUBLISHER_ROLE = 'feed-publisher';
export const FEED_ONLY_REASONS = {
  writer: '贷款状态、风险事件与客户等级积分只能由总行写入 (loan states, risk events and customer tiers/points are written by head office only)',
  type: '该编号只能用于对应类型的总行文档 (this id belongs to a head-office document of another type)',
} as const;

export function feedOnlyViolation(doc: Record<string, unknown>, user: UserCtx): string | null {
  const id = typeof doc._id === 'string' ? doc._id : '';
  const prefix = Object.keys(FEED_ONLY).find((p) => id.startsWith(p)) ?? null;
  const typed = Object.values(FEED_ONLY).includes(doc.type as string);
  if (prefix === null && !typed) return null;
  if (!user.roles.includes('_admin') && !user.roles.includes(FEED_PUBLISHER_ROLE)) return FEED_ONLY_REASONS.writer;
  if (doc._deleted !== true && (prefix === null || doc.type !== FEED_ONLY[prefix])) return FEED_ONLY_REASONS.type;
  return null;
}

/**
 * Documents that grant power or state core-banking facts, by id prefix → type: written only by head office's
 * identity service (CouchDB role `staff-signer`) or a server admin — never by a branch device or a head-office
 * publishing device, and not deleted by them either (a tombstone carries no type, so the id decides). Devices
 * additionally check head office's signature on them (SECURITY.md §2).
 */
export const HEAD_OFFICE_ONLY: Readonly<Record<string, string>> = { 'staff:': 'staff', 'account:': 'account', 'staff-decision:': 'staff-decision' };
export const STAFF_SIGNER_ROLE = 'staff-signer';
export const HEAD_OFFICE_ONLY_REASONS = {
  writer: '员工、账户与总行决定只能由总行写入 (staff, accounts and head-office decisions are written by head office only)',
  type: '该编号只能用于对应类型的总行文档 (this id belongs to a head-office document of another type)',
} as const;

export function headOfficeOnlyViolation(doc: Record<string, unknown>, user: UserCtx): string | null {
  const id = typeof doc._id === 'string' ? doc._id : '';
  const prefix = Object.keys(HEAD_OFFICE_ONLY).find((p) => id.startsWith(p)) ?? null;
  const typed = Object.values(HEAD_OFFICE_ONLY).includes(doc.type as string);
  if (prefix === null && !typed) return null;
  if (!user.roles.includes('_admin') && !user.roles.includes(STAFF_SIGNER_ROLE)) return HEAD_OFFICE_ONLY_REASONS.writer;
  if (doc._deleted !== true && (prefix === null || doc.type !== HEAD_OFFICE_ONLY[prefix])) return HEAD_OFFICE_ONLY_REASONS.type;
  return null;
}

/**
 * What the databases' validate_doc_update functions do in Apache CouchDB (see couchdb/*.json), applied to every
 * write, replicated or not. `_local` documents are never validated, as in CouchDB.
 */
export function checkWrite(dbName: string, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject, mode: WriteMode = { replicated: false }): void {
  const id = typeof doc._id === 'string' ? doc._id : '';
  if (id.startsWith('_local/')) return;
  if (id.startsWith('_design/')) {
    if (!isDbAdmin(user, sec)) throw new CouchError(401, 'unauthorized', 'You are not a db or server admin.');
    return;
  }
  if (dbName === REFERENCE_DB || dbName === UPDATES_DB) {
    if (!isDbAdmin(user, sec)) throw forbidden(READ_ONLY_REASONS[dbName]);
    return;
  }
  if (BRANCH_DB.test(dbName)) {
    const appendOnly = appendOnlyViolation(doc, mode);
    if (appendOnly) throw forbidden(appendOnly);
    const feedOnly = feedOnlyViolation(doc, user);
    if (feedOnly) throw forbidden(feedOnly);
    const headOfficeOnly = headOfficeOnlyViolation(doc, user);
    if (headOfficeOnly) throw forbidden(headOfficeOnly);
    if (doc._deleted === true) return;
    const check = checkTypedDoc(doc);
    if (!check.ok) throw forbidden(check.reason);
  }
}
