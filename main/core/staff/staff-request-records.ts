import { monotonicFactory } from 'ulid';
import { needsApproval, type StaffRequestState } from '../../../domain/staff/requests';
import type { Person, Verdict } from '../../../domain/staff/grants';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { translate } from '../../../i18n/translate';
import { verifyDoc } from '../../../trust/signature';
import type { TrustRoot } from '../../../trust/trust-root';
import type { Actor, CallContext } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { reauthenticate as reauthenticateStaff } from '../session/authenticate';
import type { TrustedStaffReader } from '../session/trusted-staff';
import type { ServiceDeps } from '../service-deps';
import { decisionIdFor, type StaffDecisionDoc, type StaffRequestDoc } from './staff.docs';
import type { StaffRequestView } from './staff.contract';

export interface StaffAreaDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'trust' | 'auth'> {
  staff: TrustedStaffReader;
}

/** What the staff request handlers work over: the deps and one id source per handler set. */
export interface StaffRequestContext {
  deps: StaffAreaDeps;
  /** Monotonic within the handler set, so requests made in one millisecond still sort in the order they were made. */
  newId: () => string;
}

export const staffRequestContext = (deps: StaffAreaDeps): StaffRequestContext => ({ deps, newId: monotonicFactory() });

export const person = (r: StaffRecord): Person => ({ staffNo: r.staffNo, roles: r.roles, branch: r.branch });
const ROLE_FIELDS = new Set(['staff.rule.noRoles', 'staff.rule.duplicateRole', 'staff.rule.separation', 'staff.rule.powerfulByHeadOffice']);

/** A refused rule as the screens show it: in Chinese, naming the field, with role names translated. */
export function ruleError(v: Exclude<Verdict, { ok: true }>) {
  const roleName = (r: string) => translate(`role.${r}`);
  const params = Object.fromEntries(Object.entries(v.params ?? {}).map(([k, val]) => [k, k === 'staffNo' ? val : val.split(',').map(roleName).join('、')]));
  const message = translate(v.key, params);
  return apiError('VALIDATION', v.key, params, { fields: [{ path: ROLE_FIELDS.has(v.key) ? 'roles' : 'staffNo', key: v.key, params, message }] });
}

export function stateOf(doc: StaffRequestDoc, decision: StaffDecisionDoc | null): StaffRequestState {
  if (decision) return decision.outcome === 'done' ? 'done' : 'refused';
  if (doc.declined) return 'declined';
  if (needsApproval(doc.kind) && !doc.proofs.some((p) => p.as === 'approver')) return 'awaiting-approval';
  return 'awaiting-head-office';
}

/** Head office's answer, believed only with its signature. */
export async function decisionsFor({ deps }: StaffRequestContext, ids: string[]): Promise<Map<string, StaffDecisionDoc>> {
  if (ids.length === 0 || !deps.trust) return new Map();
  const res = await deps.pouch.allDocs({ keys: ids.map(decisionIdFor), include_docs: true });
  const out = new Map<string, StaffDecisionDoc>();
  for (const row of res.rows) {
    const doc = 'doc' in row ? (row.doc as unknown as StaffDecisionDoc | undefined) : undefined;
    if (doc && doc.type === 'staff-decision' && verifyDoc(doc, deps.trust) && doc.branch === deps.branch) out.set(doc.request, doc);
  }
  return out;
}

function view(doc: StaffRequestDoc, decision: StaffDecisionDoc | null): StaffRequestView {
  return {
    id: doc._id, rev: doc._rev!, kind: doc.kind, staffNo: doc.staffNo, staffName: doc.staffName, roles: doc.roles ?? null,
    requestedBy: doc.requestedBy, requestedByName: doc.requestedByName, requestedAt: doc.requestedAt,
    approvals: doc.proofs.filter((p) => p.as === 'approver').map(({ staffNo, name, at }) => ({ staffNo, name, at })),
    state: stateOf(doc, decision), declined: doc.declined,
    decision: decision ? { outcome: decision.outcome, reason: decision.reasonKey ? translate(decision.reasonKey, decision.reasonParams) : null, decidedAt: decision.decidedAt } : null,
  };
}

export async function allRequests({ deps }: StaffRequestContext): Promise<StaffRequestDoc[]> {
  const res = await deps.pouch.allDocs({ startkey: 'staff-request:', endkey: 'staff-request:\uffff', include_docs: true, descending: false });
  return res.rows.map((r) => r.doc as unknown as StaffRequestDoc).filter((d) => d?.type === 'staff-request').reverse();
}

export async function views(c: StaffRequestContext, docs: StaffRequestDoc[]): Promise<StaffRequestView[]> {
  const decisions = await decisionsFor(c, docs.map((d) => d._id));
  return docs.map((d) => view(d, decisions.get(d._id) ?? null));
}

export async function loadRequest({ deps }: StaffRequestContext, id: string, rev: string): Promise<StaffRequestDoc> {
  let doc: StaffRequestDoc;
  try {
    doc = (await deps.pouch.get(id)) as unknown as StaffRequestDoc;
  } catch (e) {
    if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('staff.request') });
    throw e;
  }
  if (doc.type !== 'staff-request') throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('staff.request') });
  if (doc._rev !== rev) throw apiError('CONFLICT', 'error.CONFLICT');
  return doc;
}

/** The request and its audit entry in one write: a request never exists without its record. */
export async function save({ deps }: StaffRequestContext, doc: StaffRequestDoc, action: string, actor: Actor, now: Date, after: Record<string, unknown>): Promise<StaffRequestView> {
  const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity: doc._id, at: now.toISOString(), before: null, after });
  const [res] = await deps.pouch.bulkDocs([doc, entry] as object[]);
  if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
  deps.audit.commit(entry);
  deps.events.emit('staff.changed', { id: doc._id });
  return view({ ...doc, _rev: (res as { rev: string }).rev }, null);
}

/** The acting person proves themselves again now; the rules then run on head office's record of them. */
export const reauthenticate = ({ deps }: StaffRequestContext, actor: Actor, password: string, ctx: CallContext) =>
  reauthenticateStaff(deps.auth, { staffNo: actor.staffNo, password, address: ctx.address });

export function requireTrust({ deps }: StaffRequestContext): TrustRoot {
  if (!deps.trust) throw apiError('UNAVAILABLE', 'error.noTrustRoot');
  return deps.trust;
}
