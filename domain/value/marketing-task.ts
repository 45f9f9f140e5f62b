import { z } from 'zod';
import { byEndOfDay, DEFAULT_TIME_ZONE } from '../time/branch-time';

/**
 * 点亮侯马 marketing tasks: head office or the branch head gives a customer manager a customer, household or
 * merchant of one grid to visit, to offer a product (cross-sell) or to file (merchants); the manager records
 * what happened in the field, offline, and the task syncs to head office (T+1 board). Synced type
 * `marketing-task`, branch-written: it grants nothing (no money, no rights), so a branch device may write it.
 */
/** Kinds a person assigns (the branch head's form, head office's `jingwei value assign`). */
export const TASK_KINDS = ['visit', 'cross-sell', 'file-merchant'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** Every stored kind: also `offer`, generated from head office's next best offer (offerTaskPlan). */
export const STORED_TASK_KINDS = [...TASK_KINDS, 'offer'] as const;
export const TASK_OUTCOMES = ['visited', 'interested', 'not-home', 'declined'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];
/** Products a cross-sell task offers (the names are in i18n `marketing.product.*`). */
export const CROSS_SELL_PRODUCTS = ['time-deposit', 'pension-card', 'mobile-banking', 'merchant-qr', 'credit-loan', 'wealth-review'] as const;
export type CrossSellProduct = (typeof CROSS_SELL_PRODUCTS)[number];
export const TARGET_KINDS = ['customer', 'household', 'merchant'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const staffNo = z.string().regex(/^[A-Z0-9]{3,16}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const iso = z.iso.datetime();

export const taskIdPattern = /^marketing-task:[0-9A-HJKMNP-TV-Z]{26}$/;
export const targetIdPattern = /^(customer:[0-9A-Z]{26}|household:[0-9a-f]{32})$/;

export const marketingTaskFields = {
  _id: z.string().regex(taskIdPattern),
  type: z.literal('marketing-task'),
  branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
  grid: z.string().regex(/^[A-Z0-9-]{1,16}$/),
  kind: z.enum(STORED_TASK_KINDS),
  product: z.enum(CROSS_SELL_PRODUCTS).nullable(),
  /** An `offer` task's next best offer (head office's segment rules): what the manager puts to the customer. */
  offer: z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/), segment: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/), title: z.string().min(1).max(40), rulesVersion: z.int().min(1) }).nullish(),
  target: z.object({ kind: z.enum(TARGET_KINDS), id: z.string().regex(targetIdPattern), name: z.string().min(1).max(60) }),
  assignee: staffNo,
  assigneeName: z.string().min(1).max(40),
  /** A staff number, or `HO` when head office assigned it centrally. */
  assignedBy: z.string().regex(/^(HO|[A-Z0-9]{3,16})$/),
  assignedAt: iso,
  due: day,
  note: z.string().max(200),
  status: z.enum(['open', 'done']),
  outcome: z.enum(TASK_OUTCOMES).nullable(),
  outcomeNote: z.string().max(500),
  workedAt: iso.nullable(),
  workedBy: staffNo.nullable(),
};
export const marketingTaskSchema = z.looseObject(marketingTaskFields);
export type MarketingTaskDoc = z.infer<z.ZodObject<typeof marketingTaskFields>>;

export interface BoardLine {
  grid: string;
  assignee: string;
  assigneeName: string;
  tasks: number;
  done: number;
  /** Done share in basis points. */
  doneBp: number;
  /** Tasks whose customer showed interest in the visit or the product offered (意向), the field's conversions. */
  interested: number;
  outcomes: Record<TaskOutcome, number>;
  overdue: number;
}

/**
 * The T+1 board: tasks per grid and manager as of the end of `asOf`, a day of the branch's calendar (YYYY-MM-DD in
 * `timeZone`).
 */
/** A task counts as done on `asOf` once its outcome was recorded by the end of that day. */
const doneBy = (t: MarketingTaskDoc, by: (iso: string) => boolean) => t.status === 'done' && t.outcome !== null && t.workedAt !== null && by(t.workedAt);

export function taskBoard(tasks: readonly MarketingTaskDoc[], asOf: string, timeZone = DEFAULT_TIME_ZONE): { lines: BoardLine[]; total: Omit<BoardLine, 'grid' | 'assignee' | 'assigneeName'> } {
  const by = byEndOfDay(asOf, timeZone);
  const lines = new Map<string, BoardLine>();
  const empty = () => ({ tasks: 0, done: 0, doneBp: 0, interested: 0, outcomes: { visited: 0, interested: 0, 'not-home': 0, declined: 0 }, overdue: 0 });
  const total = empty();
  for (const t of tasks) {
    if (!by(t.assignedAt)) continue;
    const key = `${t.grid}/${t.assignee}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { grid: t.grid, assignee: t.assignee, assigneeName: t.assigneeName, ...empty() }));
    const done = doneBy(t, by);
    for (const l of [line, total]) {
      l.tasks++;
      if (done) {
        l.done++;
        l.outcomes[t.outcome!]++;
        if (t.outcome === 'interested') l.interested++;
      } else if (t.due < asOf) l.overdue++;
    }
  }
  const bp = (l: { tasks: number; done: number }) => (l.tasks ? Math.round((l.done * 10000) / l.tasks) : 0);
  const sorted = [...lines.values()].sort((a, b) => a.grid.localeCompare(b.grid) || a.assignee.localeCompare(b.assignee));
  for (const l of sorted) l.doneBp = bp(l);
  total.doneBp = bp(total);
  return { lines: sorted, total };
}

/** A customer, household or merchant of a grid (how the map places them: marketing.handlers, head office's board). */
export interface GridTarget {
  id: string;
  kind: TargetKind;
  grid: string;
}

export interface GridCoverage {
  grid: string;
  /** Customers, households and merchants in the grid. */
  inGrid: Record<TargetKind, number>;
  /** Of them, those a task reached by the end of `asOf` (visited, interested or declined — nobody home reaches nobody). */
  reached: Record<TargetKind, number>;
  /** Reached ÷ in grid over all three, basis points. */
  coverageBp: number;
}

/** Coverage per grid (every grid listed, in order, even one nobody was sent to yet) and over the branch. */
export function gridCoverage(grids: readonly string[], targets: Iterable<GridTarget>, tasks: readonly MarketingTaskDoc[], asOf: string, timeZone = DEFAULT_TIME_ZONE): { grids: GridCoverage[]; total: Omit<GridCoverage, 'grid'> } {
  const by = byEndOfDay(asOf, timeZone);
  const reached = new Set(tasks.filter((t) => doneBy(t, by) && t.outcome !== 'not-home').map((t) => t.target.id));
  const empty = (): Omit<GridCoverage, 'grid'> => ({ inGrid: { customer: 0, household: 0, merchant: 0 }, reached: { customer: 0, household: 0, merchant: 0 }, coverageBp: 0 });
  const byGrid = new Map<string, GridCoverage>(grids.map((g) => [g, { grid: g, ...empty() }]));
  const total = empty();
  for (const p of targets) {
    const line = byGrid.get(p.grid);
    if (!line) continue;
    for (const l of [line, total]) {
      l.inGrid[p.kind]++;
      if (reached.has(p.id)) l.reached[p.kind]++;
    }
  }
  const bp = (l: Omit<GridCoverage, 'grid'>) => {
    const all = l.inGrid.customer + l.inGrid.household + l.inGrid.merchant;
    return all ? Math.round(((l.reached.customer + l.reached.household + l.reached.merchant) * 10000) / all) : 0;
  };
  for (const l of [...byGrid.values(), total]) l.coverageBp = bp(l);
  return { grids: [...byGrid.values()], total };
}

/** What kind of target a customer is on the map: enterprises and the merchant group are merchants. */
export const customerTargetKind = (kind: string, group: string | null | undefined): TargetKind => (kind === 'enterprise' || group === 'merchant' ? 'merchant' : 'customer');
/** The text a customer is placed by: its village, then its address. */
export const customerPlace = (village: string | null | undefined, address: string) => `${village ?? ''} ${address}`;
export const householdName = (headName: string) => `${headName}户`;

/** A customer of the branch with head office's next best offer, placed in a grid. */
export interface OfferCandidate {
  customerId: string;
  name: string;
  grid: string;
  offer: { code: string; segment: string; title: string; rulesVersion: number };
}

/**
 * Tasks to generate from the next best offers (精准营销 into the manager's list): one per customer and offer,
 * to the manager the branch head named for the customer's grid. Deduplicated: nobody with an open task already
 * (one visit at a time), nobody given a task for the same offer before (open or done), nobody who already answered
 * that offer at the desk, the kiosk or a visit; customers of grids with no manager named are left (and counted).
 */
export function offerTaskPlan(
  candidates: readonly OfferCandidate[],
  tasks: readonly MarketingTaskDoc[],
  answered: ReadonlySet<string>,
  managerOf: Readonly<Record<string, string>>,
): { plan: (OfferCandidate & { assignee: string })[]; skipped: { openTask: number; offeredBefore: number; answered: number; noManager: number } } {
  const open = new Set(tasks.filter((t) => t.status === 'open').map((t) => t.target.id));
  const offeredBefore = new Set(tasks.filter((t) => t.kind === 'offer' && t.offer).map((t) => `${t.target.id}\u0000${t.offer!.code}`));
  const skipped = { openTask: 0, offeredBefore: 0, answered: 0, noManager: 0 };
  const plan: (OfferCandidate & { assignee: string })[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const key = `${c.customerId}\u0000${c.offer.code}`;
    if (seen.has(c.customerId)) continue;
    seen.add(c.customerId);
    if (open.has(c.customerId)) skipped.openTask++;
    else if (offeredBefore.has(key)) skipped.offeredBefore++;
    else if (answered.has(key)) skipped.answered++;
    else if (!managerOf[c.grid]) skipped.noManager++;
    else plan.push({ ...c, assignee: managerOf[c.grid]! });
  }
  return { plan, skipped };
}
