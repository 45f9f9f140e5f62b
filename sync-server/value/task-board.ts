import { marketingTaskSchema, taskBoard, type MarketingTaskDoc } from '../../domain/value/marketing-task';
import { couchClient, type CouchTarget } from '../identity/couch';
import { branchDbName } from '../validation/policy';

/**
 * 点亮侯马 T+1 board at head office: each branch's marketing tasks as they synced up (read over the CouchDB HTTP
 * API), per grid and manager as of `date`. A document without the synced type's shape, or naming another branch,
 * is not counted.
 */
export async function branchTaskBoards(opts: { target: CouchTarget; date: string; branches: string[] }) {
  const couch = couchClient(opts.target);
  const out = [];
  for (const branch of opts.branches) {
    const tasks: MarketingTaskDoc[] = [];
    for (const doc of await couch.prefixed<unknown>(branchDbName(branch), 'marketing-task:')) {
      const t = marketingTaskSchema.safeParse(doc);
      if (t.success && t.data.branch === branch) tasks.push(t.data);
    }
    out.push({ branch, ...taskBoard(tasks, opts.date) });
  }
  return out;
}
