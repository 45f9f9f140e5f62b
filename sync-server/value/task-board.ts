import { z } from 'zod';
import { gridOfPlace, type GridFeature } from '../../domain/value/marketing-grids';
import { shippedGrids } from '../../domain/value/grids/shipped-grids';
import {
  customerPlace, customerTargetKind, gridCoverage, householdName, marketingTaskSchema, targetIdPattern, taskBoard, type GridTarget, type MarketingTaskDoc,
} from '../../domain/value/marketing-task';
import { couchClient, type CouchClient, type CouchTarget } from '../identity/couch';
import { branchDbName } from '../validation/db-names';

const customerDoc = z.looseObject({ _id: z.string(), type: z.literal('customer'), kind: z.string(), name: z.string(), address: z.string().default(''), village: z.string().nullish(), group: z.string().nullish() });
const householdDoc = z.looseObject({ _id: z.string(), type: z.literal('household'), village: z.string(), headName: z.string() });

export type NamedTarget = GridTarget & { name: string };

/**
 * A branch's customers, households and merchants placed in its grids as the branch's map places them (same rules:
 * domain/value/marketing-task.ts), read from the branch's database at head office.
 */
export async function branchGridTargets(couch: CouchClient, branch: string, grids: readonly GridFeature[]): Promise<NamedTarget[]> {
  const db = branchDbName(branch);
  const out: NamedTarget[] = [];
  const place = (id: string, kind: GridTarget['kind'], name: string, where: string) => {
    const g = gridOfPlace(grids, where);
    // Only ids a task may name (what the branch's own documents carry).
    if (g && targetIdPattern.test(id)) out.push({ id, kind, name: name.slice(0, 60), grid: g.properties.code });
  };
  for (const doc of await couch.prefixed<unknown>(db, 'customer:')) {
    const c = customerDoc.safeParse(doc);
    if (c.success) place(c.data._id, customerTargetKind(c.data.kind, c.data.group), c.data.name, customerPlace(c.data.village, c.data.address));
  }
  for (const doc of await couch.prefixed<unknown>(db, 'household:')) {
    const h = householdDoc.safeParse(doc);
    if (h.success) place(h.data._id, 'household', householdName(h.data.headName), h.data.village);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A branch's marketing tasks as they synced up; one without the synced type's shape, or naming another branch, is left out. */
export async function branchTasks(couch: CouchClient, branch: string): Promise<MarketingTaskDoc[]> {
  const tasks: MarketingTaskDoc[] = [];
  for (const doc of await couch.prefixed<unknown>(branchDbName(branch), 'marketing-task:')) {
    const t = marketingTaskSchema.safeParse(doc);
    if (t.success && t.data.branch === branch) tasks.push(t.data);
  }
  return tasks;
}

/**
 * 点亮侯马 T+1 board at head office: each branch's marketing tasks as they synced up (read over the CouchDB HTTP
 * API), per grid and manager as of `date`, and each grid's coverage (customers, households and merchants reached).
 */
export async function branchTaskBoards(opts: { target: CouchTarget; date: string; branches: string[] }) {
  const couch = couchClient(opts.target);
  const out = [];
  for (const branch of opts.branches) {
    const tasks = await branchTasks(couch, branch);
    const grids = shippedGrids(branch);
    const targets = await branchGridTargets(couch, branch, grids);
    out.push({ branch, ...taskBoard(tasks, opts.date), coverage: gridCoverage(grids.map((g) => g.properties.code), targets, tasks, opts.date) });
  }
  return out;
}
