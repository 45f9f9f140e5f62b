import { branchDay } from '../../../domain/time/branch-time';
import { offerTaskPlan, type MarketingTaskDoc, type OfferCandidate } from '../../../domain/value/marketing-task';
import { apiError } from '../api/dispatch';
import { actorOf, type CallContext } from '../api/handlers';
import { placed } from './marketing-places';
import { assignees, newId, TASK_PREFIX, tasksOf, type In, type MarketingContext, type Out } from './marketing-records';

/** Customers with the offer head office made them and no answer yet, for whoever is on the grid; nothing written on a preview. */
export async function offerTasks(c: MarketingContext, { managers, dueDate, preview }: In<'marketing.offerTasks'>, ctx: CallContext): Promise<Out<'marketing.offerTasks'>> {
  const { deps } = c;
  const actor = actorOf(ctx);
  const today = branchDay(ctx.now, deps.timeZone);
  if (dueDate < today) throw apiError('BAD_REQUEST', 'marketing.dueInPast', { today });
  const staff = new Map((await assignees(deps)).map((a) => [a.staffNo, a]));
  for (const [grid, staffNo] of Object.entries(managers)) {
    if (!c.gridByCode.has(grid)) throw apiError('NOT_FOUND', 'marketing.noGrid', { grid });
    if (!staff.has(staffNo)) throw apiError('BAD_REQUEST', 'marketing.notAssignee', { staffNo });
  }
  return deps.writes.run(async () => {
    const { points } = placed(c);
    const ids = deps.sql.prepare("SELECT id, id_number FROM customer_index WHERE id_number IS NOT NULL AND id_number <> ''").all() as { id: string; id_number: string }[];
    const candidates: OfferCandidate[] = [];
    for (const cust of ids) {
      const p = points.get(cust.id);
      if (!p || p.kind === 'household' || !deps.offerOf) continue;
      const offer = await deps.offerOf(cust.id_number);
      if (offer) candidates.push({ customerId: cust.id, name: p.name, grid: p.grid.properties.code, offer: { code: offer.code, segment: offer.segment, title: offer.title, rulesVersion: offer.rulesVersion } });
    }
    const answered = await deps.pouch.allDocs({ startkey: 'offer-response:', endkey: 'offer-response:\ufff0', include_docs: true });
    const answeredKeys = new Set(answered.rows.flatMap((r) => {
      const d = r.doc as { branch?: unknown; customerId?: unknown; offer?: unknown } | undefined;
      return d && d.branch === deps.branch && typeof d.customerId === 'string' && typeof d.offer === 'string' ? [`${d.customerId}\u0000${d.offer}`] : [];
    }));
    const { plan, skipped } = offerTaskPlan(candidates, await tasksOf(deps), answeredKeys, managers);
    const byGridMap = new Map<string, { grid: string; assignee: string; tasks: number }>();
    for (const p of plan) {
      const k = `${p.grid}/${p.assignee}`;
      byGridMap.set(k, { grid: p.grid, assignee: p.assignee, tasks: (byGridMap.get(k)?.tasks ?? 0) + 1 });
    }
    const byGrid = [...byGridMap.values()].sort((a, b) => a.grid.localeCompare(b.grid) || a.assignee.localeCompare(b.assignee));
    if (preview || plan.length === 0) return { created: 0, byGrid, skipped };
    const at = ctx.now.toISOString();
    const docs: MarketingTaskDoc[] = plan.map((p) => ({
      _id: `${TASK_PREFIX}${newId()}`, type: 'marketing-task', branch: deps.branch, grid: p.grid, kind: 'offer', product: null, offer: p.offer,
      target: { kind: 'customer', id: p.customerId, name: p.name }, assignee: p.assignee, assigneeName: staff.get(p.assignee)!.name, assignedBy: actor.staffNo, assignedAt: at,
      due: dueDate, note: '', status: 'open', outcome: null, outcomeNote: '', workedAt: null, workedBy: null,
    }));
    const entry = deps.audit.next({
      actor: actor.staffNo, actorName: actor.name, action: 'marketing.offerTasks', entity: `branch:${deps.branch}`, at, before: null,
      after: { due: dueDate, managers, tasks: docs.map((d) => d._id), skipped },
    });
    const res = await deps.pouch.bulkDocs([...docs, entry]);
    if (res.some((r) => 'error' in r && r.error)) throw apiError('CONFLICT', 'error.CONFLICT');
    deps.audit.commit(entry);
    return { created: docs.length, byGrid, skipped };
  });
}
