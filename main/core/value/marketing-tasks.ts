import { can } from '../../../domain/staff/roles';
import { branchDay } from '../../../domain/time/branch-time';
import type { MarketingTaskDoc } from '../../../domain/value/marketing-task';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import { placed } from './marketing-places';
import { assignees, newId, TASK_PREFIX, tasksOf, taskView, type In, type MarketingContext, type Out, type StoredTask } from './marketing-records';

/** The caller's tasks, or (for whoever may assign) the branch's: open ones soonest due first, done ones newest first. */
export async function listTasks({ deps }: MarketingContext, { scope }: In<'marketing.tasks'>, ctx: CallContext): Promise<Out<'marketing.tasks'>> {
  const actor = actorOf(ctx);
  if (scope === 'all' && !can(actor.roles, 'marketing.assign')) throw apiError('FORBIDDEN', 'marketing.allTasksForbidden');
  const list = (await tasksOf(deps)).filter((t) => scope === 'all' || t.assignee === actor.staffNo);
  // Open first, soonest due first; done ones newest first.
  list.sort((a, b) => (a.status === b.status ? (a.status === 'open' ? a.due.localeCompare(b.due) || a._id.localeCompare(b._id) : (b.workedAt ?? '').localeCompare(a.workedAt ?? '')) : a.status === 'open' ? -1 : 1));
  return { tasks: list.map(taskView) };
}

/** One task per chosen target of a grid for a customer manager, with one audit entry; a target already open refuses all. */
export async function assign(c: MarketingContext, args: In<'marketing.assign'>, ctx: CallContext): Promise<Out<'marketing.assign'>> {
  const { deps } = c;
  const actor = actorOf(ctx);
  const grid = c.gridByCode.get(args.grid);
  if (!grid) throw apiError('NOT_FOUND', 'marketing.noGrid', { grid: args.grid });
  const assignee = (await assignees(deps)).find((s) => s.staffNo === args.assignee);
  if (!assignee) throw apiError('BAD_REQUEST', 'marketing.notAssignee', { staffNo: args.assignee });
  if ((args.taskKind === 'cross-sell') !== (args.product !== undefined)) throw apiError('BAD_REQUEST', args.product ? 'marketing.productOnlyCrossSell' : 'marketing.productRequired');
  const today = branchDay(ctx.now, deps.timeZone);
  if (args.dueDate < today) throw apiError('BAD_REQUEST', 'marketing.dueInPast', { today });
  return deps.writes.run(async () => {
    const { points } = placed(c);
    const open = new Set((await tasksOf(deps)).filter((t) => t.status === 'open').map((t) => t.target.id));
    const at = ctx.now.toISOString();
    const docs: MarketingTaskDoc[] = [];
    for (const id of new Set(args.targets)) {
      const p = points.get(id);
      if (!p || p.grid !== grid) throw apiError('BAD_REQUEST', 'marketing.notInGrid', { grid: grid.properties.name });
      if (args.taskKind === 'file-merchant' && p.kind !== 'merchant') throw apiError('BAD_REQUEST', 'marketing.notMerchant', { name: p.name });
      if (open.has(id)) throw apiError('CONFLICT', 'marketing.alreadyOpen', { name: p.name });
      docs.push({
        _id: `${TASK_PREFIX}${newId()}`, type: 'marketing-task', branch: deps.branch, grid: args.grid, kind: args.taskKind, product: args.product ?? null,
        target: { kind: p.kind, id, name: p.name }, assignee: assignee.staffNo, assigneeName: assignee.name, assignedBy: actor.staffNo, assignedAt: at,
        due: args.dueDate, note: args.taskNote, status: 'open', outcome: null, outcomeNote: '', workedAt: null, workedBy: null,
      });
    }
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'marketing.assign', entity: `grid:${args.grid}`, at, before: null,
      after: { assignee: assignee.staffNo, kind: args.taskKind, product: args.product ?? null, due: args.dueDate, tasks: docs.map((d) => d._id) },
    });
    const res = await deps.pouch.bulkDocs([...docs, entry]);
    if (res.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    return { created: docs.length };
  });
}

/** A task's outcome recorded in the field (offline too), at the revision it was read at; an offer's answer counted. */
export async function work({ deps }: MarketingContext, args: In<'marketing.work'>, ctx: CallContext): Promise<Out<'marketing.work'>> {
  const actor = actorOf(ctx);
  return deps.writes.run(async () => {
    const task = (await tasksOf(deps)).find((t) => t._id === args.id);
    if (!task) throw apiError('NOT_FOUND', 'marketing.noTask');
    if (task.assignee !== actor.staffNo && !can(actor.roles, 'marketing.assign')) throw apiError('FORBIDDEN', 'marketing.notYours');
    if (task.status === 'done') throw apiError('CONFLICT', 'marketing.alreadyDone');
    if (task._rev !== args.rev) throw apiError('CONFLICT', 'error.CONFLICT');
    const at = ctx.now.toISOString();
    const next: StoredTask = { ...task, status: 'done', outcome: args.outcome, outcomeNote: args.outcomeNote, workedAt: at, workedBy: actor.staffNo };
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'marketing.work', entity: task._id, at, before: { status: 'open' },
      after: { status: 'done', outcome: args.outcome, note: args.outcomeNote },
    });
    // An offer task's answer counts in the offer funnel (channel: task), as the desk's and the kiosk's do.
    const response = task.kind === 'offer' && task.offer && task.target.kind === 'customer' && (args.outcome === 'interested' || args.outcome === 'declined')
      ? [{
        _id: `offer-response:${newId()}`, type: 'offer-response', branch: deps.branch, customerId: task.target.id, offer: task.offer.code, segment: task.offer.segment,
        rulesVersion: task.offer.rulesVersion, channel: 'task', response: args.outcome === 'interested' ? 'accepted' : 'declined', at, by: actor.staffNo,
      }]
      : [];
    const [res] = await deps.pouch.bulkDocs([next, entry, ...response]);
    if (!res || ('error' in res && res.error) || !res.rev) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    return taskView({ ...next, _rev: res.rev });
  });
}
