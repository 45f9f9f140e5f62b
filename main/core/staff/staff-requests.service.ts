import { monotonicFactory } from 'ulid';
import { mayApprove, mayRequest, type Person, type Verdict } from '../../../domain/staff/grants';
import { needsApproval, type StaffRequestContent, type StaffRequestState } from '../../../domain/staff/requests';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { translate } from '../../../i18n/translate';
import { sealProof } from '../../../trust/staff-proof';
import { verifyDoc } from '../../../trust/signature';
import type { TrustRoot } from '../../../trust/trust-root';
import { actorOf, type Actor, type CallContext, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { reauthenticate as reauthenticateStaff } from '../session/authenticate';
import type { TrustedStaffReader } from '../session/trusted-staff';
import { contentOf, decisionIdFor, requestIdOf, type StaffDecisionDoc, type StaffProof, type StaffRequestDoc } from './staff.docs';
import type { StaffRequestView, staffContract } from './staff.contract';
import type { ServiceDeps } from '../service-deps';

export interface StaffAreaDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events' | 'branch' | 'trust' | 'auth'> {
  staff: TrustedStaffReader;
}

const person = (r: StaffRecord): Person => ({ staffNo: r.staffNo, roles: r.roles, branch: r.branch });
const ROLE_FIELDS = new Set(['staff.rule.noRoles', 'staff.rule.duplicateRole', 'staff.rule.separation', 'staff.rule.powerfulByHeadOffice']);

/** A refused rule as the screens show it: in Chinese, naming the field, with role names translated. */
function ruleError(v: Exclude<Verdict, { ok: true }>) {
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

export function staffRequestHandlers(deps: StaffAreaDeps): Handlers<Pick<typeof staffContract, 'staff.requests' | 'staff.myRequests' | 'staff.request' | 'staff.approve' | 'staff.decline' | 'staff.changePassword'>> {
  const newId = monotonicFactory();

  /** Head office's answer, believed only with its signature. */
  async function decisionsFor(ids: string[]): Promise<Map<string, StaffDecisionDoc>> {
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

  async function allRequests(): Promise<StaffRequestDoc[]> {
    const res = await deps.pouch.allDocs({ startkey: 'staff-request:', endkey: 'staff-request:\uffff', include_docs: true, descending: false });
    return res.rows.map((r) => r.doc as unknown as StaffRequestDoc).filter((d) => d?.type === 'staff-request').reverse();
  }

  async function views(docs: StaffRequestDoc[]): Promise<StaffRequestView[]> {
    const decisions = await decisionsFor(docs.map((d) => d._id));
    return docs.map((d) => view(d, decisions.get(d._id) ?? null));
  }

  async function loadRequest(id: string, rev: string): Promise<StaffRequestDoc> {
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
  async function save(doc: StaffRequestDoc, action: string, actor: Actor, now: Date, after: Record<string, unknown>): Promise<StaffRequestView> {
    const entry = deps.audit.next({ actor: actor.staffNo, actorName: actor.name, action, entity: doc._id, at: now.toISOString(), before: null, after });
    const [res] = await deps.pouch.bulkDocs([doc, entry] as object[]);
    if (!res || ('error' in res && res.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    deps.events.emit('staff.changed', { id: doc._id });
    return view({ ...doc, _rev: (res as { rev: string }).rev }, null);
  }

  /** The acting person proves themselves again now; the rules then run on head office's record of them. */
  const reauthenticate = (actor: Actor, password: string, ctx: CallContext) => reauthenticateStaff(deps.auth, { staffNo: actor.staffNo, password, address: ctx.address });

  function requireTrust(): TrustRoot {
    if (!deps.trust) throw apiError('UNAVAILABLE', 'error.noTrustRoot');
    return deps.trust;
  }

  async function submit(
    actor: Actor, ctx: CallContext, password: string,
    input: Pick<StaffRequestContent, 'kind' | 'staffNo' | 'name' | 'roles'> & { newPassword?: string },
    check: (me: StaffRecord, content: StaffRequestContent, target: StaffRecord | null) => Verdict,
  ): Promise<StaffRequestView> {
    const trust = requireTrust();
    const me = await reauthenticate(actor, password, ctx);
    const staffNo = input.staffNo.toUpperCase();
    const loaded = await deps.staff.load(staffNo);
    const target = loaded.status === 'trusted' ? loaded.record : null;
    const content: StaffRequestContent = {
      id: requestIdOf(newId()), branch: deps.branch, kind: input.kind, staffNo,
      ...(input.name !== undefined ? { name: input.name } : {}), ...(input.roles !== undefined ? { roles: input.roles } : {}),
      requestedBy: me.staffNo, requestedAt: ctx.now.toISOString(),
    };
    const verdict = check(me, content, target);
    if (!verdict.ok) throw ruleError(verdict);
    const proof: StaffProof = {
      staffNo: me.staffNo, name: me.name, as: 'requester', at: ctx.now.toISOString(),
      box: sealProof(trust, content, { staffNo: me.staffNo, password, ...(input.newPassword !== undefined ? { newPassword: input.newPassword } : {}) }, ctx.now),
    };
    const { id, ...rest } = content;
    const doc: StaffRequestDoc = { _id: id, type: 'staff-request', ...rest, requestedByName: me.name, staffName: input.name ?? target?.name ?? staffNo, proofs: [proof], declined: null };
    return save(doc, `staff.request.${input.kind}`, actor, ctx.now, { kind: input.kind, staffNo, roles: input.roles ?? null });
  }

  return {
    'staff.requests': async ({ open }) => {
      const all = await views(await allRequests());
      return open ? all.filter((r) => r.state === 'awaiting-approval' || r.state === 'awaiting-head-office') : all;
    },

    'staff.myRequests': async (_args, ctx) => {
      const me = actorOf(ctx).staffNo;
      return views((await allRequests()).filter((d) => d.kind === 'change-password' && d.staffNo === me).slice(0, 5));
    },

    'staff.request': async (args, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(() => submit(actor, ctx, args.password, {
        kind: args.kind, staffNo: args.staffNo,
        ...('name' in args ? { name: args.name } : {}), ...('roles' in args ? { roles: args.roles } : {}),
        ...('newPassword' in args ? { newPassword: args.newPassword } : {}),
      }, (me, content, target) => mayRequest(person(me), content, target)));
    },

    'staff.changePassword': async ({ oldPassword, newPassword }, ctx) => {
      const actor = actorOf(ctx);
      const saved = await deps.writes.run(() => submit(actor, ctx, oldPassword, { kind: 'change-password', staffNo: actor.staffNo, newPassword },
        (me, content, target) => mayRequest(person(me), content, target)));
      return { ok: true as const, requestId: saved.id };
    },

    'staff.approve': async ({ id, rev, password }, ctx) => {
      const actor = actorOf(ctx);
      const trust = requireTrust();
      return deps.writes.run(async () => {
        const doc = await loadRequest(id, rev);
        const decision = (await decisionsFor([id])).get(id) ?? null;
        if (stateOf(doc, decision) !== 'awaiting-approval') throw apiError('CONFLICT', 'staff.notAwaitingApproval');
        const me = await reauthenticate(actor, password, ctx);
        const verdict = mayApprove(person(me), contentOf(doc));
        if (!verdict.ok) throw ruleError(verdict);
        const proof: StaffProof = { staffNo: me.staffNo, name: me.name, as: 'approver', at: ctx.now.toISOString(), box: sealProof(trust, contentOf(doc), { staffNo: me.staffNo, password }, ctx.now) };
        return save({ ...doc, proofs: [...doc.proofs, proof] }, 'staff.approve', actor, ctx.now, { kind: doc.kind, staffNo: doc.staffNo });
      });
    },

    'staff.decline': async ({ id, rev, reason }, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const doc = await loadRequest(id, rev);
        const decision = (await decisionsFor([id])).get(id) ?? null;
        if (stateOf(doc, decision) !== 'awaiting-approval') throw apiError('CONFLICT', 'staff.notAwaitingApproval');
        const declined = { staffNo: actor.staffNo, name: actor.name, at: ctx.now.toISOString(), reason };
        return save({ ...doc, declined }, 'staff.decline', actor, ctx.now, { kind: doc.kind, staffNo: doc.staffNo, reason });
      });
    },
  };
}
