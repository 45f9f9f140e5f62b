import { z } from 'zod';
import { DEVICE_ROLE_PREFIX } from '../../domain/devices/enrolment';
import { APPEND_ONLY, APPEND_ONLY_REASONS, DEVICE_DOC_PREFIXES, OTHER_BRANCH_REASON, OTHER_DEVICE_REASON, FEED_PUBLISHER_ROLE, HEAD_OFFICE_WRITES, PARTNER_OTHER_BRANCH_REASON, READ_ONLY_REASONS, REFERENCE_DB, RELEASE_PUBLISHER_ROLE, STAFF_SIGNER_ROLE, UPDATES_DB, WRONG_TYPE_REASON } from '../validation/policy';
import { registeredTypes, schemaOf } from '../validation/registry';
import '../validation/types';
import { ES5_CHECKER } from './validator.es5';

export const BRANCH_DDOC_ID = '_design/jingwei-validate';
export const REFERENCE_DDOC_ID = '_design/jingwei-readonly';

/** JSON Schemas of every registered type, as the CouchDB design document embeds them. */
export function typeSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const type of registeredTypes()) {
    const schema = z.toJSONSchema(schemaOf(type) as z.ZodType, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
    delete (schema as { $schema?: string }).$schema;
    out[type] = schema;
  }
  return out;
}

/**
 * The branch databases' validate_doc_update: the same rule as validation/policy.ts checkWrite for branch-*.
 * Append-only documents (audit entries, anchors) follow appendOnlyViolation: CouchDB passes the revision on disk
 * that a write replaces as `oldDoc`, so any write that has one is a change. Head-office documents (staff, accounts,
 * decisions, feed facts) follow headOfficeWriteViolation: only `_admin` or the rule's role writes or deletes them.
 * Device reports and audit entries follow deviceWriteViolation: an enrolled device writes only under its own id.
 * A document's `branch` follows branchFieldViolation, and a loan application's partner code partnerCodeViolation:
 * the database written to (`userCtx.db`) decides.
 */
export function branchDesignDoc(): Record<string, unknown> {
  const source = `function (newDoc, oldDoc, userCtx, secObj) {
  if (newDoc._id.indexOf('_design/') === 0) return;
  var APPEND_ONLY = ${JSON.stringify(APPEND_ONLY)}, REASONS = ${JSON.stringify(APPEND_ONLY_REASONS)}, prefix;
  for (prefix in APPEND_ONLY) if (APPEND_ONLY.hasOwnProperty(prefix) && newDoc._id.indexOf(prefix) === 0) {
    if (newDoc._deleted === true) throw({ forbidden: REASONS.deleted });
    if (oldDoc || (typeof newDoc._rev === 'string' && newDoc._rev.indexOf('1-') !== 0)) throw({ forbidden: REASONS.changed });
    if (newDoc.type !== APPEND_ONLY[prefix]) throw({ forbidden: REASONS.type });
  }
  var HO = ${JSON.stringify(HEAD_OFFICE_WRITES)}, byId = null, byType = null, i, rules;
  for (i = 0; i < HO.length; i++) {
    if (byId === null && newDoc._id.indexOf(HO[i].prefix) === 0) byId = HO[i];
    if (byType === null && HO[i].type === newDoc.type) byType = HO[i];
  }
  rules = [byId, byType];
  for (i = 0; i < 2; i++) if (rules[i] !== null && userCtx.roles.indexOf('_admin') === -1 && userCtx.roles.indexOf(rules[i].role) === -1) throw({ forbidden: rules[i].reason });
  if ((byId !== null || byType !== null) && newDoc._deleted !== true && (byId === null || newDoc.type !== byId.type)) throw({ forbidden: ${JSON.stringify(WRONG_TYPE_REASON)} });
  var DEVICE_DOCS = ${JSON.stringify(DEVICE_DOC_PREFIXES)}, bound = null;
  for (i = 0; i < userCtx.roles.length; i++) if (bound === null && userCtx.roles[i].indexOf(${JSON.stringify(DEVICE_ROLE_PREFIX)}) === 0) bound = userCtx.roles[i].slice(${DEVICE_ROLE_PREFIX.length});
  if (bound !== null) for (i = 0; i < DEVICE_DOCS.length; i++) {
    if (newDoc._id.indexOf(DEVICE_DOCS[i]) === 0 && newDoc._id.slice(DEVICE_DOCS[i].length).split(':')[0] !== bound) throw({ forbidden: ${JSON.stringify(OTHER_DEVICE_REASON)} });
  }
  if (newDoc._deleted === true) return;
  var SCHEMAS = ${JSON.stringify(typeSchemas())};
${ES5_CHECKER}
  if (typeof newDoc.type !== 'string') throw({ forbidden: '缺少字段 type (document has no "type" field)' });
  if (!SCHEMAS.hasOwnProperty(newDoc.type)) throw({ forbidden: '未知的文档类型 "' + newDoc.type + '" (unknown document type "' + newDoc.type + '")' });
  var err = jwCheck(SCHEMAS[newDoc.type], newDoc, '');
  if (err) throw({ forbidden: '字段 ' + (err.path || '(文档)') + ' 不符合规则 (' + newDoc.type + '.' + (err.path || '(文档)') + ': ' + err.message + ')' });
  var dbBranch = String(userCtx.db).replace(/^branch-/, '').toUpperCase();
  if (newDoc.hasOwnProperty('branch') && byType === null && newDoc.branch !== dbBranch) throw({ forbidden: ${JSON.stringify(OTHER_BRANCH_REASON)} });
  if (newDoc.type === 'loanapp' && typeof newDoc.partnerCode === 'string' && newDoc.partnerCode.indexOf(dbBranch + '-') !== 0) throw({ forbidden: ${JSON.stringify(PARTNER_OTHER_BRANCH_REASON)} });
  if (newDoc.type === 'partner' && (typeof newDoc.code !== 'string' || newDoc.code.indexOf(dbBranch + '-') !== 0 || newDoc._id !== 'partner:' + newDoc.code)) throw({ forbidden: ${JSON.stringify(PARTNER_OTHER_BRANCH_REASON)} });
}`;
  return { _id: BRANCH_DDOC_ID, language: 'javascript', validate_doc_update: source };
}

/** A read-only database's validate_doc_update: only server admins and the database's admins write. */
function readOnlyDesignDoc(reason: string): Record<string, unknown> {
  const source = `function (newDoc, oldDoc, userCtx, secObj) {
  var admins = (secObj && secObj.admins) || {}, names = admins.names || [], roles = admins.roles || [], i;
  if (userCtx.roles.indexOf('_admin') !== -1) return;
  if (userCtx.name !== null && names.indexOf(userCtx.name) !== -1) return;
  for (i = 0; i < userCtx.roles.length; i++) if (roles.indexOf(userCtx.roles[i]) !== -1) return;
  throw({ forbidden: ${JSON.stringify(reason)} });
}`;
  return { _id: REFERENCE_DDOC_ID, language: 'javascript', validate_doc_update: source };
}

/** The reference database's validate_doc_update: only server admins and the database's admins write. */
export const referenceDesignDoc = () => readOnlyDesignDoc(READ_ONLY_REASONS[REFERENCE_DB]);
/** The updates database's: only server admins and IT's release publishers (its admins) write releases and channels. */
export const updatesDesignDoc = () => readOnlyDesignDoc(READ_ONLY_REASONS[UPDATES_DB]);
/** Every device user (role `branch`) reads the feed; only `release-publisher` (and server admins) write it. */
export const updatesSecurity = () => ({ admins: { names: [], roles: [RELEASE_PUBLISHER_ROLE] }, members: { names: [], roles: ['branch'] } });

/** Head office's publishing devices: database admins of `reference`, so its validate_doc_update lets them write. */
export const HEAD_OFFICE_ROLE = 'head-office';

/** `_security` objects, the same on the embedded server and on Apache CouchDB. */
/** Branches read the reference data; so does head office's feed publisher (the collection scripts' quiet hours). */
export const referenceSecurity = () => ({ admins: { names: [], roles: [HEAD_OFFICE_ROLE] }, members: { names: [], roles: ['branch', FEED_PUBLISHER_ROLE] } });
/**
 * A branch database is its own devices' and head office's: head-office devices replicate it to dry-run new rule
 * sets against the branch's past applications and to handle its risk events; head office's feed publisher
 * (`feed-publisher`) writes the branch's loan states and risk events and reads its risk actions; head office's
 * identity service (`staff-signer`) reads staff requests and writes the signed staff, account and decision documents.
 */
export const branchSecurity = (branchCode: string) => ({
  admins: { names: [], roles: [] },
  members: { names: [], roles: [branchRole(branchCode), HEAD_OFFICE_ROLE, FEED_PUBLISHER_ROLE, STAFF_SIGNER_ROLE] },
});
export const branchRole = (branchCode: string) => `branch-${branchCode.toLowerCase()}`;
