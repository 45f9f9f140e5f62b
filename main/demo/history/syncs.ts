import { monotonicFactory } from 'ulid';
import type { SyncReportDoc } from '../../core/sync/report';
import type { HistoryContext } from './context';
import { addMinutes, between, streamFor } from './context';
import type { HistoryStep } from './index';

/**
 * The branch head's end-of-day sync on every business day, recorded as the sync service records a run (report and
 * audit entry in one write), carrying up what the day produced. A real run needs head office on the line; these
 * are the records of runs that happened.
 */
export const syncHistory: HistoryStep = {
  name: 'syncs',
  async run(ctx: HistoryContext, seed: number) {
    const rnd = streamFor(seed, 'syncs');
    const id = monotonicFactory(rnd);
    const { core } = ctx;
    for (const day of ctx.days) {
      const startedAt = ctx.at(day, 17 * 60 + 20 + between(rnd, 0, 25));
      const finishedAt = addMinutes(startedAt, 0.2 + rnd() * 1.5);
      const upDocs = (ctx.written.get(day) ?? 0) * 2 + between(rnd, 3, 12);
      const downDocs = between(rnd, 0, 6);
      const doc: SyncReportDoc = {
        _id: `sync-report:${id(finishedAt.getTime())}`, type: 'sync-report', branch: core.branchCode, device: core.deviceId,
        runBy: 'H001', runByName: '刘志强', startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), status: 'complete', error: null,
        up: { docs: upDocs, bytes: upDocs * between(rnd, 700, 1400), byType: { audit: Math.round(upDocs / 2), 'queue-ticket': Math.round(upDocs / 3), loanapp: upDocs - Math.round(upDocs / 2) - Math.round(upDocs / 3) }, writeFailures: 0, denied: [] },
        down: { docs: downDocs, bytes: downDocs * between(rnd, 500, 3000), byType: downDocs ? { marketing: downDocs } : {}, writeFailures: 0, denied: [] },
        conflictsCreated: [], conflictsOpen: 0, requests: between(rnd, 6, 30),
      };
      const entry = core.audit.next({
        actor: 'H001', actorName: '刘志强', action: 'sync.endOfDay', entity: doc._id, at: doc.finishedAt, before: null,
        after: { status: 'complete', up: upDocs, down: downDocs, conflictsCreated: 0, error: null },
      });
      const res = await core.store.pouch.bulkDocs([doc, entry] as PouchDB.Core.PutDocument<object>[]);
      if (res.some((r) => 'error' in r && r.error)) throw new Error('demo history: sync report could not be written');
      core.audit.commit(entry);
    }
  },
};
