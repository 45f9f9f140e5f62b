import { monotonicFactory } from 'ulid';
import type { Role } from '../../domain/staff/roles';
import { staffDocId, validForBranch, type StaffRecord } from '../../domain/staff/staff-record';
import { branchDay, DEFAULT_TIME_ZONE } from '../../domain/time/branch-time';
import { shippedGrids } from '../../domain/value/grids/shipped-grids';
import type { CrossSellProduct, MarketingTaskDoc, TaskKind } from '../../domain/value/marketing-task';
import { couchClient, type CouchTarget } from '../identity/couch';
import { branchDbName } from '../validation/db-names';
import { branchGridTargets, branchTasks } from './task-board';

/** Why head office's assignment was refused (nothing written), in Chinese. */
export class AssignRefusal extends Error {}

export interface CentralAssignment {
  branch: string;
  grid: string;
  assignee: string;
  kind: TaskKind;
  product?: CrossSellProduct;
  due: string;
  /** At most this many of the grid's targets that have no open task (oldest records first). */
  count: number;
  note: string;
  now: Date;
}

const ASSIGNEE_ROLES: readonly Role[] = ['customer-manager', 'branch-head'];
const newId = monotonicFactory();

/**
 * 点亮侯马, head office's central assignment: tasks for one grid of a branch given to one of its customer managers,
 * written into the branch's database over the CouchDB HTTP API (as the feed publisher) with `assignedBy: HO`.
 * The branch pulls them like any other document; the branch head and the manager see them on 点亮侯马. The same
 * checks as the branch head's `marketing.assign`: the grid is the branch's, the assignee an active manager of it,
 * a target already tasked is skipped rather than given twice, a product only (and always) for cross-selling.
 * All the tasks are written, or none: if the server refuses any, the ones it took are deleted again.
 */
export async function assignFromHeadOffice(target: CouchTarget, a: CentralAssignment): Promise<{ created: MarketingTaskDoc[] }> {
  const grid = shippedGrids(a.branch).find((g) => g.properties.code === a.grid);
  if (!grid) throw new AssignRefusal(`支行 ${a.branch} 没有网格 ${a.grid}`);
  if ((a.kind === 'cross-sell') !== (a.product !== undefined)) throw new AssignRefusal(a.product ? '只有交叉营销任务可以指定营销产品（--product）' : '交叉营销任务须指定营销产品（--product）');
  const today = branchDay(a.now, DEFAULT_TIME_ZONE);
  if (a.due < today) throw new AssignRefusal(`完成期限不能早于今天（${today}）`);
  const couch = couchClient(target);
  const db = branchDbName(a.branch);
  const staff = await couch.get<StaffRecord>(db, staffDocId(a.assignee));
  if (!staff || staff.type !== 'staff' || !staff.active || !validForBranch(staff, a.branch) || !staff.roles.some((r) => ASSIGNEE_ROLES.includes(r))) {
    throw new AssignRefusal(`${a.assignee} 不是支行 ${a.branch} 在职的客户经理，不能接收营销任务`);
  }
  const open = new Set((await branchTasks(couch, a.branch)).filter((t) => t.status === 'open').map((t) => t.target.id));
  const free = (await branchGridTargets(couch, a.branch, [grid])).filter((t) => !open.has(t.id) && (a.kind !== 'file-merchant' || t.kind === 'merchant'));
  if (free.length === 0) throw new AssignRefusal(`网格 ${a.grid}（${grid.properties.name}）内没有尚无任务的${a.kind === 'file-merchant' ? '商户' : '客户、农户或商户'}`);
  const at = a.now.toISOString();
  const docs: MarketingTaskDoc[] = free.slice(0, a.count).map((t) => ({
    _id: `marketing-task:${newId()}`, type: 'marketing-task', branch: a.branch, grid: a.grid, kind: a.kind, product: a.product ?? null,
    target: { kind: t.kind, id: t.id, name: t.name }, assignee: staff.staffNo, assigneeName: staff.name, assignedBy: 'HO', assignedAt: at,
    due: a.due, note: a.note, status: 'open', outcome: null, outcomeNote: '', workedAt: null, workedBy: null,
  }));
  const results = await couch.bulk(db, docs);
  const failed = results.filter((r) => r.error);
  if (failed.length > 0) {
    await couch.bulk(db, results.filter((r) => r.rev).map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })));
    throw new AssignRefusal(`总行库拒绝写入营销任务，未派发任何任务：${failed[0]!.reason ?? failed[0]!.error}`);
  }
  return { created: docs };
}
