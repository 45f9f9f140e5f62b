import { mayApprove, mayRequest, type Verdict } from '../../../domain/staff/grants';
import type { StaffRequestContent } from '../../../domain/staff/requests';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { sealProof } from '../../../trust/staff-proof';
import { actorOf, type Actor, type CallContext } from '../api/handlers';
import { apiError } from '../api/dispatch';
import type { OutputOf, ParsedInputOf } from '../api/method';
import {
  allRequests, decisionsFor, loadRequest, person, reauthenticate, requireTrust, ruleError, save, stateOf, views, type StaffRequestContext,
} from './staff-request-records';
import { contentOf, requestIdOf, type StaffProof, type StaffRequestDoc } from './staff.docs';
import type { StaffRequestView, staffContract } from './staff.contract';

type Args<M extends keyof typeof staffContract> = ParsedInputOf<(typeof staffContract)[M]>;
type Result<M extends keyof typeof staffContract> = Promise<OutputOf<(typeof staffContract)[M]>>;

/** A new request, proved by the requester's password and sealed to head office, if the rules allow it. */
async function submit(
  c: StaffRequestContext, actor: Actor, ctx: CallContext, password: string,
  input: Pick<StaffRequestContent, 'kind' | 'staffNo' | 'name' | 'roles'> & { newPassword?: string },
  check: (me: StaffRecord, content: StaffRequestContent, target: StaffRecord | null) => Verdict,
): Promise<StaffRequestView> {
  const trust = requireTrust(c);
  const me = await reauthenticate(c, actor, password, ctx);
  const staffNo = input.staffNo.toUpperCase();
  const loaded = await c.deps.staff.load(staffNo);
  const target = loaded.status === 'trusted' ? loaded.record : null;
  const content: StaffRequestContent = {
    id: requestIdOf(c.newId()), branch: c.deps.branch, kind: input.kind, staffNo,
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
  return save(c, doc, `staff.request.${input.kind}`, actor, ctx.now, { kind: input.kind, staffNo, roles: input.roles ?? null });
}

const mayRequestAs = (me: StaffRecord, content: StaffRequestContent, target: StaffRecord | null) => mayRequest(person(me), content, target);

export async function listRequests(c: StaffRequestContext, { open }: Args<'staff.requests'>): Result<'staff.requests'> {
  const all = await views(c, await allRequests(c));
  return open ? all.filter((r) => r.state === 'awaiting-approval' || r.state === 'awaiting-head-office') : all;
}

export async function myRequests(c: StaffRequestContext, ctx: CallContext): Result<'staff.myRequests'> {
  const me = actorOf(ctx).staffNo;
  return views(c, (await allRequests(c)).filter((d) => d.kind === 'change-password' && d.staffNo === me).slice(0, 5));
}

export async function request(c: StaffRequestContext, args: Args<'staff.request'>, ctx: CallContext): Result<'staff.request'> {
  const actor = actorOf(ctx);
  return c.deps.writes.run(() => submit(c, actor, ctx, args.password, {
    kind: args.kind, staffNo: args.staffNo,
    ...('name' in args ? { name: args.name } : {}), ...('roles' in args ? { roles: args.roles } : {}),
    ...('newPassword' in args ? { newPassword: args.newPassword } : {}),
  }, mayRequestAs));
}

export async function changePassword(c: StaffRequestContext, { oldPassword, newPassword }: Args<'staff.changePassword'>, ctx: CallContext): Result<'staff.changePassword'> {
  const actor = actorOf(ctx);
  const saved = await c.deps.writes.run(() => submit(c, actor, ctx, oldPassword, { kind: 'change-password', staffNo: actor.staffNo, newPassword }, mayRequestAs));
  return { ok: true as const, requestId: saved.id };
}

/** The request as stored, refused unless it still waits for the second person. */
async function awaitingApproval(c: StaffRequestContext, id: string, rev: string): Promise<StaffRequestDoc> {
  const doc = await loadRequest(c, id, rev);
  const decision = (await decisionsFor(c, [id])).get(id) ?? null;
  if (stateOf(doc, decision) !== 'awaiting-approval') throw apiError('CONFLICT', 'staff.notAwaitingApproval');
  return doc;
}

export async function approve(c: StaffRequestContext, { id, rev, password }: Args<'staff.approve'>, ctx: CallContext): Result<'staff.approve'> {
  const actor = actorOf(ctx);
  const trust = requireTrust(c);
  return c.deps.writes.run(async () => {
    const doc = await awaitingApproval(c, id, rev);
    const me = await reauthenticate(c, actor, password, ctx);
    const verdict = mayApprove(person(me), contentOf(doc));
    if (!verdict.ok) throw ruleError(verdict);
    const proof: StaffProof = { staffNo: me.staffNo, name: me.name, as: 'approver', at: ctx.now.toISOString(), box: sealProof(trust, contentOf(doc), { staffNo: me.staffNo, password }, ctx.now) };
    return save(c, { ...doc, proofs: [...doc.proofs, proof] }, 'staff.approve', actor, ctx.now, { kind: doc.kind, staffNo: doc.staffNo });
  });
}

export async function decline(c: StaffRequestContext, { id, rev, reason }: Args<'staff.decline'>, ctx: CallContext): Result<'staff.decline'> {
  const actor = actorOf(ctx);
  return c.deps.writes.run(async () => {
    const doc = await awaitingApproval(c, id, rev);
    const declined = { staffNo: actor.staffNo, name: actor.name, at: ctx.now.toISOString(), reason };
    return save(c, { ...doc, declined }, 'staff.decline', actor, ctx.now, { kind: doc.kind, staffNo: doc.staffNo, reason });
  });
}
