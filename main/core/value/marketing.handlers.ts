import type { Handlers } from '../api/handlers';
import type { marketingContract } from './marketing.contract';
import { board, map } from './marketing-map';
import { offerTasks } from './marketing-offer-tasks';
import { marketingContext, type MarketingDeps } from './marketing-records';
import { assign, listTasks, work } from './marketing-tasks';

export { branchTasks, type MarketingDeps } from './marketing-records';

/**
 * 点亮侯马 at the branch: the grid map, the tasks the branch head gives customer managers, their outcomes recorded in
 * the field (offline — the local store syncs them later) and the board. Points come from the local projections
 * (customers, households), so the map needs no network. Each method is a named function over one MarketingContext.
 */
export function marketingHandlers(deps: MarketingDeps): Handlers<typeof marketingContract> {
  const c = marketingContext(deps);
  return {
    'marketing.map': () => map(c),
    'marketing.tasks': (args, ctx) => listTasks(c, args, ctx),
    'marketing.assign': (args, ctx) => assign(c, args, ctx),
    'marketing.work': (args, ctx) => work(c, args, ctx),
    'marketing.offerTasks': (args, ctx) => offerTasks(c, args, ctx),
    'marketing.board': (args, ctx) => board(c, args, ctx),
  };
}
