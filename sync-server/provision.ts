import { z } from 'zod';
import { credentialUrlProblem } from '../domain/net/secure-remote';
import { BRANCH_DDOC_ID, HEAD_OFFICE_ROLE, REFERENCE_DDOC_ID, branchDesignDoc, branchRole, branchSecurity, referenceDesignDoc, referenceSecurity, updatesDesignDoc, updatesSecurity } from './couchdb/design-docs';
import { branchDbName, FEED_PUBLISHER_ROLE, IT_ADMIN_ROLE, REFERENCE_DB, RELEASE_PUBLISHER_ROLE, REPORT_VIEWER_ROLE, RISK_OFFICER_ROLE, STAFF_SIGNER_ROLE, UPDATES_DB } from './validation/policy';

/** Where to provision: our server or any Apache CouchDB 3, addressed as a server admin. */
export interface AdminTarget {
  url: string;
  admin: { name: string; password: string };
}

export const provisionInput = z.object({
  url: z.url(),
  admin: z.object({ name: z.string().min(1), password: z.string().min(1) }),
  branchCode: z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'branchCode: 2–16 letters or digits'),
  deviceUser: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'deviceUser: 3–64 lowercase letters, digits, . _ -'),
  password: z.string().min(12, 'password: at least 12 characters').max(200),
});
export type ProvisionInput = z.infer<typeof provisionInput>;

export const provisionHeadOfficeInput = provisionInput.omit({ branchCode: true });
export type ProvisionHeadOfficeInput = z.infer<typeof provisionHeadOfficeInput>;

async function call(target: AdminTarget, method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<{ status: number; json: Record<string, unknown> }> {
  const problem = credentialUrlProblem(target.url);
  if (problem) throw new Error(problem);
  const auth = Buffer.from(`${target.admin.name}:${target.admin.password}`).toString('base64');
  const res = await fetch(new URL(path, target.url.endsWith('/') ? target.url : target.url + '/'), {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok && !okStatuses.includes(res.status)) {
    throw new Error(`${method} ${path} → ${res.status} ${String(json.error ?? '')}: ${String(json.reason ?? '')}`);
  }
  return { status: res.status, json };
}

const ensureDb = (t: AdminTarget, db: string) => call(t, 'PUT', encodeURIComponent(db), undefined, [412]);

/** Creates or updates a document so that re-running provisioning converges instead of conflicting. */
async function upsert(t: AdminTarget, db: string, doc: Record<string, unknown>): Promise<void> {
  const path = `${encodeURIComponent(db)}/${String(doc._id).startsWith('_design/') ? String(doc._id) : encodeURIComponent(String(doc._id))}`;
  const current = await call(t, 'GET', path, undefined, [404]);
  const rev = current.status === 200 ? current.json._rev : undefined;
  await call(t, 'PUT', path, { ...doc, ...(rev ? { _rev: rev } : {}) });
}

/** `_users`, `reference` and `updates` with their security objects and read-only design documents. Idempotent. */
export async function ensureHeadOffice(target: AdminTarget): Promise<void> {
  await ensureDb(target, '_users');
  await ensureDb(target, REFERENCE_DB);
  await call(target, 'PUT', `${REFERENCE_DB}/_security`, referenceSecurity());
  await upsert(target, REFERENCE_DB, referenceDesignDoc());
  await ensureDb(target, UPDATES_DB);
  await call(target, 'PUT', `${UPDATES_DB}/_security`, updatesSecurity());
  await upsert(target, UPDATES_DB, updatesDesignDoc());
}

/**
 * A branch's database, its security object and validation design document, and one device user with the
 * roles `branch` (reads reference) and `branch-<code>` (reads and writes its own branch). Idempotent: re-running
 * resets the device's password and roles.
 */
export async function provisionBranch(input: ProvisionInput): Promise<{ db: string; user: string; roles: string[] }> {
  const p = provisionInput.parse(input);
  const target = { url: p.url, admin: p.admin };
  await ensureHeadOffice(target);
  const db = branchDbName(p.branchCode);
  await ensureDb(target, db);
  await call(target, 'PUT', `${db}/_security`, branchSecurity(p.branchCode));
  await upsert(target, db, branchDesignDoc());
  const roles = ['branch', branchRole(p.branchCode)];
  await upsert(target, '_users', { _id: `org.couchdb.user:${p.deviceUser}`, name: p.deviceUser, type: 'user', roles, password: p.password });
  return { db, user: p.deviceUser, roles };
}

/**
 * A head-office publishing device: one user with the role `head-office`, which `reference`'s `_security` lists
 * among its admins, so the device pushes the rule sets and LPR tables it publishes. It gets no branch database.
 * Idempotent like provisionBranch.
 */
export async function provisionHeadOfficeDevice(input: ProvisionHeadOfficeInput): Promise<{ db: string; user: string; roles: string[] }> {
  const p = provisionHeadOfficeInput.parse(input);
  const target = { url: p.url, admin: p.admin };
  await ensureHeadOffice(target);
  const roles = [HEAD_OFFICE_ROLE];
  await upsert(target, '_users', { _id: `org.couchdb.user:${p.deviceUser}`, name: p.deviceUser, type: 'user', roles, password: p.password });
  return { db: REFERENCE_DB, user: p.deviceUser, roles };
}

/** A head-office service's user with exactly one role, and nothing else (no server admin). Idempotent. */
async function provisionServiceUser(input: ProvisionHeadOfficeInput, role: string): Promise<{ user: string; roles: string[] }> {
  const p = provisionHeadOfficeInput.parse(input);
  const target = { url: p.url, admin: p.admin };
  await ensureHeadOffice(target);
  const roles = [role];
  await upsert(target, '_users', { _id: `org.couchdb.user:${p.deviceUser}`, name: p.deviceUser, type: 'user', roles, password: p.password });
  return { user: p.deviceUser, roles };
}

/**
 * Head office's identity service: the role `staff-signer`, which every branch database lists among its members
 * and whose validate_doc_update lets it (and admins only) write staff, account and decision documents.
 */
export const provisionIdentityService = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, STAFF_SIGNER_ROLE);

/**
 * Head office's feed publisher (`jingwei feed publish`, `jingwei value publish`): the role `feed-publisher`, the
 * only writer besides admins of loan states, risk events, customer value and VIP lists.
 */
export const provisionFeedPublisher = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, FEED_PUBLISHER_ROLE);

/** Head office IT's release publisher: the role `release-publisher`, the `updates` database's admin role. */
export const provisionReleasePublisher = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, RELEASE_PUBLISHER_ROLE);

/**
 * A head-office person who views the cross-branch dashboard (`jingwei report` signs them in through `_session`): the
 * role `report-viewer`, member of no database — the account opens the dashboard and nothing else.
 */
export const provisionReportViewer = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, REPORT_VIEWER_ROLE);

/** A head-office IT person who signs in to the IT console (`jingwei report`, /it): the role `it-admin`. */
export const provisionItAdmin = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, IT_ADMIN_ROLE);

/** A risk department officer who assigns risk events from the centre (`jingwei report`, /risk/events): the role `risk-officer`. */
export const provisionRiskOfficer = (input: ProvisionHeadOfficeInput) => provisionServiceUser(input, RISK_OFFICER_ROLE);

export { BRANCH_DDOC_ID, REFERENCE_DDOC_ID };
