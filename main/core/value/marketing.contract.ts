import { z } from 'zod';
import type { GridCollection } from '../../../domain/value/marketing-grids';
import { CROSS_SELL_PRODUCTS, TASK_KINDS, TASK_OUTCOMES, targetIdPattern, taskIdPattern, type BoardLine, type GridCoverage, type MarketingTaskDoc, type TargetKind, type TaskOutcome } from '../../../domain/value/marketing-task';
import { method } from '../api/method';

/** A customer, household or merchant on the grid map, coloured by its newest task. */
export interface MapPoint {
  id: string;
  kind: TargetKind;
  name: string;
  grid: string;
  /** [longitude, latitude]. */
  at: [number, number];
  /** `none`: never tasked; `open`: a task waits; else the newest task's outcome. */
  status: 'none' | 'open' | TaskOutcome;
}

export interface MarketingMapView {
  grids: GridCollection;
  points: MapPoint[];
  /** Customers and households in no grid (their place names no grid's places). */
  unplaced: number;
  /** Customer managers (and the branch head) tasks may be given to. */
  assignees: { staffNo: string; name: string }[];
}

export interface MarketingBoard {
  date: string;
  lines: BoardLine[];
  total: Omit<BoardLine, 'grid' | 'assignee' | 'assigneeName'>;
  coverage: { grids: GridCoverage[]; total: Omit<GridCoverage, 'grid'> };
}

export interface OfferTasksResult {
  created: number;
  /** Per grid and manager, what was (or would be) created. */
  byGrid: { grid: string; assignee: string; tasks: number }[];
  skipped: { openTask: number; offeredBefore: number; answered: number; noManager: number };
}

export type TaskView = Omit<MarketingTaskDoc, 'type' | 'branch' | '_id'> & { id: string; rev: string };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');

export const marketingContract = {
  /** 点亮侯马: the branch's grids, and its customers, households and merchants as points coloured by task status. */
  'marketing.map': method<MarketingMapView>()(z.object({}), 'marketing.work'),
  /** Tasks: the signed-in manager's own (`mine`), or — for whoever assigns them — the whole branch's. */
  'marketing.tasks': method<{ tasks: TaskView[] }>()(z.object({ scope: z.enum(['mine', 'all']).default('mine') }), 'marketing.work'),
  /** The branch head gives a customer manager tasks for points of one grid: all written at once, or none. */
  'marketing.assign': method<{ created: number }>()(
    z.object({
      grid: z.string().regex(/^[A-Z0-9-]{1,16}$/),
      assignee: z.string().regex(/^[A-Z0-9]{3,16}$/),
      taskKind: z.enum(TASK_KINDS),
      product: z.enum(CROSS_SELL_PRODUCTS).optional(),
      targets: z.array(z.string().regex(targetIdPattern)).min(1).max(500),
      dueDate: day,
      taskNote: z.string().trim().max(200).default(''),
    }),
    'marketing.assign',
  ),
  /**
   * 精准营销 into the task list: a task per customer with head office's next best offer, to the manager named for the
   * customer's grid, deduplicated (offerTaskPlan); `preview` counts without writing. All written at once, or none.
   */
  'marketing.offerTasks': method<OfferTasksResult>()(
    z.object({
      managers: z.record(z.string().regex(/^[A-Z0-9-]{1,16}$/), z.string().regex(/^[A-Z0-9]{3,16}$/)),
      dueDate: day,
      preview: z.boolean().default(false),
    }),
    'marketing.assign',
  ),
  /** The assignee (or the branch head) records what happened; works offline, syncs with the rest. */
  'marketing.work': method<TaskView>()(
    z.object({ id: z.string().regex(taskIdPattern), rev: z.string().min(1).max(100), outcome: z.enum(TASK_OUTCOMES), outcomeNote: z.string().trim().max(500).default('') }),
    'marketing.work',
  ),
  /** The branch's board of tasks per grid and manager as of `date` (today when omitted), and each grid's coverage. */
  'marketing.board': method<MarketingBoard>()(
    z.object({ date: day.optional() }),
    'marketing.work',
  ),
};
