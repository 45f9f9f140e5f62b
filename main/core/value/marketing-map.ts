import { branchDay } from '../../../domain/time/branch-time';
import { pointIn } from '../../../domain/value/marketing-grids';
import { gridCoverage, taskBoard } from '../../../domain/value/marketing-task';
import type { CallContext } from '../api/handlers';
import type { MapPoint } from './marketing.contract';
import { placed } from './marketing-places';
import { assignees, tasksOf, type In, type MarketingContext, type Out } from './marketing-records';

/** The grid map: every placed target coloured by its newest task, and who tasks can be given to. */
export async function map(c: MarketingContext): Promise<Out<'marketing.map'>> {
  const { points, unplaced } = placed(c);
  // The newest task of a target decides its colour (ids are ULIDs: later sorts after).
  const status = new Map<string, MapPoint['status']>();
  for (const t of (await tasksOf(c.deps)).sort((a, b) => a._id.localeCompare(b._id))) status.set(t.target.id, t.status === 'open' ? 'open' : (t.outcome ?? 'open'));
  return {
    grids: { type: 'FeatureCollection', features: [...c.grids] },
    points: [...points].map(([id, p]) => ({ id, kind: p.kind, name: p.name, grid: p.grid.properties.code, at: pointIn(p.grid, id), status: status.get(id) ?? 'none' })),
    unplaced,
    assignees: await assignees(c.deps),
  };
}

/** The day's board: tasks done and open per manager, and each grid's coverage. */
export async function board(c: MarketingContext, { date }: In<'marketing.board'>, ctx: CallContext): Promise<Out<'marketing.board'>> {
  const asOf = date ?? branchDay(ctx.now, c.deps.timeZone);
  const all = await tasksOf(c.deps);
  const targets = [...placed(c).points].map(([id, p]) => ({ id, kind: p.kind, grid: p.grid.properties.code }));
  return { date: asOf, ...taskBoard(all, asOf, c.deps.timeZone), coverage: gridCoverage([...c.gridByCode.keys()], targets, all, asOf, c.deps.timeZone) };
}
