import { gridCollectionSchema, type GridFeature } from '../marketing-grids';
import demoGrids from './demo-grids.geo.json';

/** The grids shipped with the app for one branch (the generated demo grids: docs/marketing-grids.md). */
export function shippedGrids(branch: string): GridFeature[] {
  return gridCollectionSchema.parse(demoGrids).features.filter((g) => g.properties.branch === branch);
}
