import { monotonicFactory } from 'ulid';
import type { Role } from '../../../domain/staff/roles';
import type { StaffRecord } from '../../../domain/staff/staff-record';
import { shippedGrids } from '../../../domain/value/grids/shipped-grids';
import type { GridFeature } from '../../../domain/value/marketing-grids';
import { marketingTaskSchema, type MarketingTaskDoc } from '../../../domain/value/marketing-task';
import type { OutputOf, ParsedInputOf } from '../api/method';
import type { marketingContract, TaskView } from './marketing.contract';
import type { ServiceDeps } from '../service-deps';

export interface MarketingDeps extends Pick<ServiceDeps, 'pouch' | 'sql' | 'audit' | 'writes' | 'branch' | 'timeZone'> {
  staff: { list(): Promise<{ trusted: StaffRecord[] }> };
  /** Head office's next best offer for an ID number, signed (customer-value.ts); none when omitted. */
  offerOf?: (idNumber: string) => Promise<{ code: string; segment: string; title: string; rulesVersion: number } | null>;
  /** The branch's grids; the shipped demo grids when omitted. */
  grids?: readonly GridFeature[];
}

/** What the marketing handlers work over: the deps and the branch's grids, by code too. */
export interface MarketingContext {
  deps: MarketingDeps;
  grids: readonly GridFeature[];
  gridByCode: Map<string, GridFeature>;
}

export function marketingContext(deps: MarketingDeps): MarketingContext {
  const grids = deps.grids ?? shippedGrids(deps.branch);
  return { deps, grids, gridByCode: new Map(grids.map((g) => [g.properties.code, g])) };
}

/** One API method's parsed arguments and its result, as marketingContract declares them. */
export type In<M extends keyof typeof marketingContract> = ParsedInputOf<(typeof marketingContract)[M]>;
export type Out<M extends keyof typeof marketingContract> = OutputOf<(typeof marketingContract)[M]>;

export const TASK_PREFIX = 'marketing-task:';
/** One id source for every task and offer answer made here, so ids made in one millisecond still sort in order. */
export const newId = monotonicFactory();
const ASSIGNEE_ROLES: readonly Role[] = ['customer-manager', 'branch-head'];

export type StoredTask = MarketingTaskDoc & { _rev: string };

export const taskView = ({ _id, _rev, type: _t, branch: _b, ...rest }: StoredTask): TaskView => ({ id: _id, rev: _rev, ...rest });

/** The branch's marketing tasks in the local store (anything not of the synced type's shape is left out). */
export async function branchTasks(pouch: PouchDB.Database<object>, branch: string): Promise<StoredTask[]> {
  const res = await pouch.allDocs({ startkey: TASK_PREFIX, endkey: `${TASK_PREFIX}\ufff0`, include_docs: true });
  return res.rows.flatMap((r) => {
    const t = marketingTaskSchema.safeParse(r.doc);
    return t.success && t.data.branch === branch ? [t.data as StoredTask] : [];
  });
}

export const tasksOf = (deps: MarketingDeps) => branchTasks(deps.pouch, deps.branch);

/** Who tasks can be given to: active customer managers and branch heads, by staff number. */
export async function assignees(deps: MarketingDeps) {
  const { trusted } = await deps.staff.list();
  return trusted
    .filter((s) => s.active && s.roles.some((r) => ASSIGNEE_ROLES.includes(r)))
    .map((s) => ({ staffNo: s.staffNo, name: s.name }))
    .sort((a, b) => a.staffNo.localeCompare(b.staffNo));
}
