import { gridOfPlace, type GridFeature } from '../../../domain/value/marketing-grids';
import { customerPlace, customerTargetKind, householdName, type TargetKind } from '../../../domain/value/marketing-task';
import type { MarketingContext } from './marketing-records';

export interface Placed {
  kind: TargetKind;
  name: string;
  grid: GridFeature;
}

/** Every customer, household and merchant of the branch placed in its grid; the rest counted. */
export function placed({ deps, grids }: MarketingContext): { points: Map<string, Placed>; unplaced: number } {
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
