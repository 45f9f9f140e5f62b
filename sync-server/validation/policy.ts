import { forbidden } from '../errors';
import { denied, isDbAdmin } from '../auth/security';
import type { SecurityObject, UserCtx } from '../auth/security';
import { DEVICE_ROLE_PREFIX } from '../../domain/devices/enrolment';
import { checkTypedDoc } from './registry';
import './types';
import { BRANCH_DB, branchCodeOfDb } from './db-names';

export const REFERENCE_DB = 'reference';
/** Head office's app releases and update channels (sync-server/releases/): read by devices, written by IT. */
export const UPDATES_DB = 'updates';
export const RELEASE_PUBLISHER_ROLE = 'release-publisher';
/** Head-office people who may open the cross-branch dashboard (`jingwei report`); a member of no database. */
export const REPORT_VIEWER_ROLE = 'report-viewer';
/**
 * Head-office IT people who may use the IT console of `jingwei report` (/it: releases, devices, enrolment codes,
 * revocation); a member of no database — the console acts with its own server-admin credential on their behalf.
 */
export const IT_ADMIN_ROLE = 'it-admin';
/**
 * The risk department's people (风险管理部), who assign risk events from the centre of `jingwei report`
 * (/risk/events); a member of no database — the centre writes the ledger and publishes with its own credential.
 */
export const RISK_OFFICER_ROLE = 'risk-officer';
export const READ_ONLY_REASONS = {
  [REFERENCE_DB]: '参考库只读，只有总行管理员可以写入 (reference is read-only for branches)',
  [UPDATES_DB]: '升级库只读，只有总行信息科技部可以发布 (updates are published by head office IT only)',
} as const;
export { BRANCH_DB, branchCodeOfDb, branchDbName } from './db-names';

/**
 * Documents that, once written, are evidence: audit entries, the anchors of their chains, face-to-face signing
 * recordings (录像面签), video investigation records (视频防伪调查), and the scores a village review panel member handed in (村组评议: changing a score after the others are opened would defeat the blind review). Nobody — branch
 * device, head-office device or admin — may change or delete them, as validate_doc_update holds everyone.
 * Keyed by id prefix, because a deletion (a tombstone) carries no `type`.
 */
export const APPEND_ONLY: Record<string, string> = {
  'audit:': 'audit', 'audit-anchor:': 'audit-anchor', 'village-review-score:': 'village-review-score', 'loan-recording:': 'loan-recording',
  'loan-investigation:': 'loan-investigation',
};
export const APPEND_ONLY_REASONS = {
  deleted: '审计记录（及面签录像、视频调查记录、评议评分）不可删除 (audit records, signing recordings, video investigations and review scores cannot be deleted)',
  changed: '审计记录（及面签录像、视频调查记录、评议评分）一经写入不可修改 (audit records, signing recordings, video investigations and review scores cannot be changed once written)',
  type: '审计记录（及面签录像、视频调查记录、评议评分）的编号与类型不符 (an audit record, signing recording, video investigation or review score id needs the matching type)',
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

export const FEED_PUBLISHER_ROLE = 'feed-publisher';
export const STAFF_SIGNER_ROLE = 'staff-signer';

/**
 * Documents only head office writes, by id prefix → type and the CouchDB role of the one service that writes
 * them (or a server admin) — never a branch device, and no deletion by one either (a tombstone has no type, so the
 * id decides):
 * - feed-derived facts of core banking (post-loan loan balances and overdue, risk events with their dispatch and
 *   closure; customers' tiers and points), written by head office's feed publisher; a branch records what it did
 *   about an event in its own `risk-action`s;
 * - what grants power or states a core-banking fact (staff, accounts, head-office decisions), written by the
 *   identity service; devices additionally check head office's signature on them (SECURITY.md §2).
 */
export interface HeadOfficeWrite {
  prefix: string;
  type: string;
  role: string;
  reason: string;
}
const FEED_REASON = '贷款状态与风险事件只能由总行写入 (loan states and risk events are written by head office only)';
const VALUE_REASON = '客户等级积分只能由总行写入 (customer tiers and points are written by head office only)';
const CREDIT_REASON = '授信额度、签约与用信只能由总行写入 (credit lines, their signing and drawdowns are written by head office only)';
const IDENTITY_REASON = '员工、账户与总行决定只能由总行写入 (staff, accounts and head-office decisions are written by head office only)';
export const HEAD_OFFICE_WRITES: readonly HeadOfficeWrite[] = [
  { prefix: 'loan-state:', type: 'loan-state', role: FEED_PUBLISHER_ROLE, reason: FEED_REASON },
  { prefix: 'risk-event:', type: 'risk-event', role: FEED_PUBLISHER_ROLE, reason: FEED_REASON },
  { prefix: 'risk-reply:', type: 'risk-reply', role: FEED_PUBLISHER_ROLE, reason: FEED_REASON },
  { prefix: 'customer-facts:', type: 'customer-facts', role: FEED_PUBLISHER_ROLE, reason: FEED_REASON },
  { prefix: 'feed-status:', type: 'feed-status', role: FEED_PUBLISHER_ROLE, reason: FEED_REASON },
  { prefix: 'customer-value:', type: 'customer-value', role: FEED_PUBLISHER_ROLE, reason: VALUE_REASON },
  { prefix: 'vip-list:', type: 'vip-list', role: FEED_PUBLISHER_ROLE, reason: VALUE_REASON },
  { prefix: 'partner-statement:', type: 'partner-statement', role: FEED_PUBLISHER_ROLE, reason: VALUE_REASON },
  { prefix: 'points-summary:', type: 'points-summary', role: FEED_PUBLISHER_ROLE, reason: VALUE_REASON },
  { prefix: 'credit-line:', type: 'credit-line', role: FEED_PUBLISHER_ROLE, reason: CREDIT_REASON },
  { prefix: 'credit-drawdown:', type: 'credit-drawdown', role: FEED_PUBLISHER_ROLE, reason: CREDIT_REASON },
  { prefix: 'staff:', type: 'staff', role: STAFF_SIGNER_ROLE, reason: IDENTITY_REASON },
  { prefix: 'account:', type: 'account', role: STAFF_SIGNER_ROLE, reason: IDENTITY_REASON },
  { prefix: 'staff-decision:', type: 'staff-decision', role: STAFF_SIGNER_ROLE, reason: IDENTITY_REASON },
];
export const WRONG_TYPE_REASON = '该编号只能用于对应类型的总行文档 (this id belongs to a head-office document of another type)';

/** Why a head-office document may not be written by this user, or null; the rule of its id and of its type both hold. */
export function headOfficeWriteViolation(doc: Record<string, unknown>, user: UserCtx): string | null {
  const id = typeof doc._id === 'string' ? doc._id : '';
  const byId = HEAD_OFFICE_WRITES.find((r) => id.startsWith(r.prefix));
  const byType = HEAD_OFFICE_WRITES.find((r) => r.type === doc.type);
  if (!byId && !byType) return null;
  const admin = user.roles.includes('_admin');
  for (const rule of [byId, byType]) if (rule && !admin && !user.roles.includes(rule.role)) return rule.reason;
  if (doc._deleted !== true && doc.type !== byId?.type) return WRONG_TYPE_REASON;
  return null;
}

/** Documents that speak for one device, by id prefix: the device id is the id's next segment. */
export const DEVICE_DOC_PREFIXES = ['device-report:', 'audit:', 'audit-anchor:'] as const;
export const OTHER_DEVICE_REASON = '设备只能写入本设备的报告与审计记录 (a device writes only its own device report and audit entries)';

/**
 * Why an enrolled device (role `jingwei-device:<id>`, derived by head office from the device user it redeemed its
 * enrolment code as) may not write this document, or null: device reports, audit entries and anchors name their
 * device in the id, and a stolen device credential must not write — or pre-empt — another device's. Users without
 * that role (server admins, head office's services, branches set up with one shared device user) are not bound.
 */
export function deviceWriteViolation(doc: Record<string, unknown>, user: UserCtx): string | null {
  const bound = user.roles.find((r) => r.startsWith(DEVICE_ROLE_PREFIX));
  if (bound === undefined) return null;
  const id = typeof doc._id === 'string' ? doc._id : '';
  const prefix = DEVICE_DOC_PREFIXES.find((p) => id.startsWith(p));
  if (prefix === undefined) return null;
  const named = id.slice(prefix.length).split(':')[0];
  return named === bound.slice(DEVICE_ROLE_PREFIX.length) ? null : OTHER_DEVICE_REASON;
}

export const PARTNER_OTHER_BRANCH_REASON = '合伙人推荐码不属于本支行 (the partner referral code belongs to another branch)';

/**
 * 精微易享: an application may carry only a partner code of the branch whose database it is written to — the
 * database decides, not the document's own `branch` (which the writer chose). Commission is paid by branch.
 */
export function partnerCodeViolation(dbName: string, doc: Record<string, unknown>): string | null {
  // A partner enrolled at the branch: its code (and the id made from it) of this branch only.
  if (doc.type === 'partner') {
    const ok = typeof doc.code === 'string' && doc.code.startsWith(`${branchCodeOfDb(dbName)}-`) && doc._id === `partner:${doc.code}`;
    return ok ? null : PARTNER_OTHER_BRANCH_REASON;
  }
  if (doc.type !== 'loanapp' || typeof doc.partnerCode !== 'string') return null;
  return doc.partnerCode.startsWith(`${branchCodeOfDb(dbName)}-`) ? null : PARTNER_OTHER_BRANCH_REASON;
}

export const OTHER_BRANCH_REASON = '文档所属支行与数据库不符 (the document\'s branch is not the branch of the database it is written to)';

/**
 * A branch's device writes only its own branch's business documents: a document that names a `branch` must name
 * the branch whose database it is written to, whatever the writer — a stolen HM01 credential must not file an
 * application, customer or risk action "of HM02" that head office would count or act on as HM02's. Head-office
 * documents (HEAD_OFFICE_WRITES) are exempt: only head office's services write them, and head office's own staff
 * (branch `HQ`) are kept in every branch database.
 */
export function branchFieldViolation(dbName: string, doc: Record<string, unknown>): string | null {
  if (!('branch' in doc) || HEAD_OFFICE_WRITES.some((r) => r.type === doc.type)) return null;
  return doc.branch === branchCodeOfDb(dbName) ? null : OTHER_BRANCH_REASON;
}

/**
 * What the databases' validate_doc_update functions do in Apache CouchDB (see couchdb/*.json), applied to every
 * write, replicated or not. `_local` documents are never validated, as in CouchDB.
 */
export function checkWrite(dbName: string, doc: Record<string, unknown>, user: UserCtx, sec: SecurityObject, mode: WriteMode = { replicated: false }): void {
  const id = typeof doc._id === 'string' ? doc._id : '';
  if (id.startsWith('_local/')) return;
  if (id.startsWith('_design/')) {
    if (!isDbAdmin(user, sec)) throw denied(user, 'admin');
    return;
  }
  if (dbName === REFERENCE_DB || dbName === UPDATES_DB) {
    if (!isDbAdmin(user, sec)) throw forbidden(READ_ONLY_REASONS[dbName]);
    return;
  }
  if (BRANCH_DB.test(dbName)) {
    const appendOnly = appendOnlyViolation(doc, mode);
    if (appendOnly) throw forbidden(appendOnly);
    const headOffice = headOfficeWriteViolation(doc, user);
    if (headOffice) throw forbidden(headOffice);
    const otherDevice = deviceWriteViolation(doc, user);
    if (otherDevice) throw forbidden(otherDevice);
    if (doc._deleted === true) return;
    const check = checkTypedDoc(doc);
    if (!check.ok) throw forbidden(check.reason);
    const otherBranch = branchFieldViolation(dbName, doc);
    if (otherBranch) throw forbidden(otherBranch);
    const partner = partnerCodeViolation(dbName, doc);
    if (partner) throw forbidden(partner);
  }
}
