import { monotonicFactory } from 'ulid';
import { can, type Role } from '../../../domain/staff/roles';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { branchDay } from '../../../domain/time/branch-time';
import { gridOfPlace, pointIn, type GridFeature } from '../../../domain/value/marketing-grids';
import { shippedGrids } from '../../../domain/value/grids/shipped-grids';
import {
  customerPlace, customerTargetKind, gridCoverage, householdName, marketingTaskSchema, offerTaskPlan, taskBoard, type MarketingTaskDoc, type OfferCandidate, type TargetKind,
} from '../../../domain/value/marketing-task';
import type { Database } from '../../../db/sqlite';
import { apiError } from '../api/dispatch';
import { actorOf, type Handlers } from '../api/handlers';
import type { AuditLog } from '../audit/audit-log';
import type { WriteQueue } from '../write-queue';
import type { MapPoint, marketingContract, TaskView } from './marketing.contract';

export interface MarketingDeps {
  pouch: PouchDB.Database<object>;
  sql: Database;
  audit: AuditLog;
  writes: WriteQueue;
  branch: string;
  timeZone: string;
  staff: { list(): Promise<{ trusted: StaffRecord[] }> };
  /** Head office's next best offer for an ID number, signed (customer-value.ts); none when omitted. */
  offerOf?: (idNumber: string) => Promise<{ code: string; segment: string; title: string; rulesVersion: number } | null>;
  /** The branch's grids; the shipped demo grids when omitted. */
  grids?: readonly GridFeature[];
}

const TASK_PREFIX = 'marketing-task:';
const newId = monotonicFactory();
const ASSIGNEE_ROLES: readonly Role[] = ['customer-manager', 'branch-head'];

type StoredTask = MarketingTaskDoc & { _rev: string };

const taskView = ({ _id, _rev, type: _t, branch: _b, ...rest }: StoredTask): TaskView => ({ id: _id, rev: _rev, ...rest });

interface Placed {
  kind: TargetKind;
  name: string;
  grid: GridFeature;
}

/** The branch's marketing tasks in the local store (anything not of the synced type's shape is left out). */
export async function branchTasks(pouch: PouchDB.Database<object>, branch: string): Promise<StoredTask[]> {
  const res = await pouch.allDocs({ startkey: TASK_PREFIX, endkey: `${TASK_PREFIX}\ufff0`, include_docs: true });
  return res.rows.flatMap((r) => {
    const t = marketingTaskSchema.safeParse(r.doc);
    return t.success && t.data.branch === branch ? [t.data as StoredTask] : [];
  });
}

/**
 * 点亮侯马 at the branch: the grid map, the tasks the branch head gives customer managers, their outcomes recorded in
 * the field (offline — the local store syncs them later) and the board. Points come from the local projections
 * (customers, households), so the map needs no network.
 */
export function marketingHandlers(deps: MarketingDeps): Handlers<typeof marketingContract> {
  const grids = deps.grids ?? shippedGrids(deps.branch);
  const gridByCode = new Map(grids.map((g) => [g.properties.code, g]));

  /** Every customer, household and merchant of the branch placed in its grid; the rest counted. */
  function placed(): { points: Map<string, Placed>; unplaced: number } {
    const points = new Map<string, Placed>();
    let unplaced = 0;
    const place = (id: string, kind: TargetKind, name: string, where: string) => {
      const grid = gridOfPlace(grids, where);
      if (grid) points.set(id, { kind, name, grid });
      else unplaced++;
    };
    const customers = deps.sql.prepare('SELECT id, kind, name, address, village, grp FROM customer_index').all() as {
      id: string; kind: string; name: string; address: string; village: string | null; grp: string | null;
    }[];
    for (const c of customers) place(c.id, customerTargetKind(c.kind, c.grp), c.name, customerPlace(c.village, c.address));
    const households = deps.sql.prepare('SELECT id, village, head_name FROM household_index').all() as { id: string; village: string; head_name: string }[];
    for (const h of households) place(h.id, 'household', householdName(h.head_name), h.village);
    return { points, unplaced };
  }

  const tasks = () => branchTasks(deps.pouch, deps.branch);

  async function assignees() {
    const { trusted } = await deps.staff.list();
    return trusted
      .filter((s) => s.active && s.roles.some((r) => ASSIGNEE_ROLES.includes(r)))
      .map((s) => ({ staffNo: s.staffNo, name: s.name }))
      .sort((a, b) => a.staffNo.localeCompare(b.staffNo));
  }

  return {
    'marketing.map': async () => {
      const { points, unplaced } = placed();
      // The newest task of a target decides its colour (ids are ULIDs: later sorts after).
      const status = new Map<string, MapPoint['status']>();
      for (const t of (await tasks()).sort((a, b) => a._id.localeCompare(b._id))) status.set(t.target.id, t.status === 'open' ? 'open' : (t.outcome ?? 'open'));
      return {
        grids: { type: 'FeatureCollection', features: [...grids] },
        points: [...points].map(([id, p]) => ({ id, kind: p.kind, name: p.name, grid: p.grid.properties.code, at: pointIn(p.grid, id), status: status.get(id) ?? 'none' })),
        unplaced,
        assignees: await assignees(),
      };
    },

    'marketing.tasks': async ({ scope }, ctx) => {
      const actor = actorOf(ctx);
      if (scope === 'all' && !can(actor.roles, 'marketing.assign')) throw apiError('FORBIDDEN', 'marketing.allTasksForbidden');
      const list = (await tasks()).filter((t) => scope === 'all' || t.assignee === actor.staffNo);
      // Open first, soonest due first; done ones newest first.
      list.sort((a, b) => (a.status === b.status ? (a.status === 'open' ? a.due.localeCompare(b.due) || a._id.localeCompare(b._id) : (b.workedAt ?? '').localeCompare(a.workedAt ?? '')) : a.status === 'open' ? -1 : 1));
      return { tasks: list.map(taskView) };
    },

    'marketing.assign': async (args, ctx) => {
      const actor = actorOf(ctx);
      const grid = gridByCode.get(args.grid);
      if (!grid) throw apiError('NOT_FOUND', 'marketing.noGrid', { grid: args.grid });
      const assignee = (await assignees()).find((s) => s.staffNo === args.assignee);
      if (!assignee) throw apiError('BAD_REQUEST', 'marketing.notAssignee', { staffNo: args.assignee });
      if ((args.taskKind === 'cross-sell') !== (args.product !== undefined)) throw apiError('BAD_REQUEST', args.product ? 'marketing.productOnlyCrossSell' : 'marketing.productRequired');
      const today = branchDay(ctx.now, deps.timeZone);
      if (args.dueDate < today) throw apiError('BAD_REQUEST', 'marketing.dueInPast', { today });
      return deps.writes.run(async () => {
        const { points } = placed();
        const open = new Set((await tasks()).filter((t) => t.status === 'open').map((t) => t.target.id));
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
    },

    'marketing.work': async (args, ctx) => {
      const actor = actorOf(ctx);
      return deps.writes.run(async () => {
        const task = (await tasks()).find((t) => t._id === args.id);
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
    },

    'marketing.offerTasks': async ({ managers, dueDate, preview }, ctx) => {
      const actor = actorOf(ctx);
      const today = branchDay(ctx.now, deps.timeZone);
      if (dueDate < today) throw apiError('BAD_REQUEST', 'marketing.dueInPast', { today });
      const staff = new Map((await assignees()).map((a) => [a.staffNo, a]));
      for (const [grid, staffNo] of Object.entries(managers)) {
        if (!gridByCode.has(grid)) throw apiError('NOT_FOUND', 'marketing.noGrid', { grid });
        if (!staff.has(staffNo)) throw apiError('BAD_REQUEST', 'marketing.notAssignee', { staffNo });
      }
      return deps.writes.run(async () => {
        const { points } = placed();
        const ids = deps.sql.prepare("SELECT id, id_number FROM customer_index WHERE id_number IS NOT NULL AND id_number <> ''").all() as { id: string; id_number: string }[];
        const candidates: OfferCandidate[] = [];
        for (const c of ids) {
          const p = points.get(c.id);
          if (!p || p.kind === 'household' || !deps.offerOf) continue;
          const offer = await deps.offerOf(c.id_number);
          if (offer) candidates.push({ customerId: c.id, name: p.name, grid: p.grid.properties.code, offer: { code: offer.code, segment: offer.segment, title: offer.title, rulesVersion: offer.rulesVersion } });
        }
        const answered = await deps.pouch.allDocs({ startkey: 'offer-response:', endkey: 'offer-response:\ufff0', include_docs: true });
        const answeredKeys = new Set(answered.rows.flatMap((r) => {
          const d = r.doc as { branch?: unknown; customerId?: unknown; offer?: unknown } | undefined;
          return d && d.branch === deps.branch && typeof d.customerId === 'string' && typeof d.offer === 'string' ? [`${d.customerId}\u0000${d.offer}`] : [];
        }));
        const { plan, skipped } = offerTaskPlan(candidates, await tasks(), answeredKeys, managers);
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
    },

    'marketing.board': async ({ date }, ctx) => {
      const asOf = date ?? branchDay(ctx.now, deps.timeZone);
      const all = await tasks();
      const targets = [...placed().points].map(([id, p]) => ({ id, kind: p.kind, grid: p.grid.properties.code }));
      return { date: asOf, ...taskBoard(all, asOf), coverage: gridCoverage([...gridByCode.keys()], targets, all, asOf) };
    },
  };
}
