import { translate } from '../../../i18n/translate';
import { actorOf, type Handlers } from '../api/handlers';
import { apiError } from '../api/dispatch';
import { listConflictViews, resolveConflict } from './conflicts';
import { reportCsv, toReport, type SyncReportDoc } from './report';
import { SyncBusyError, type SyncService } from './sync-service';
import type { syncContract } from './sync.contract';
import type { ServiceDeps } from '../service-deps';

export interface SyncDeps extends Pick<ServiceDeps, 'pouch' | 'audit' | 'writes' | 'events'> {
  /** Null when this device has no head office configured; conflicts and reports still work. */
  sync: SyncService | null;
}

export function syncHandlers(deps: SyncDeps): Handlers<typeof syncContract> {
  async function loadReport(id: string): Promise<SyncReportDoc> {
    try {
      return (await deps.pouch.get(id)) as unknown as SyncReportDoc;
    } catch (e) {
      if ((e as { status?: number }).status === 404) throw apiError('NOT_FOUND', 'error.NOT_FOUND', { what: translate('sync.report.what') });
      throw e;
    }
  }

  return {
    'sync.status': async () => {
      if (!deps.sync) return { configured: false, state: 'offline', pending: 0, lastSyncAt: null };
      await deps.sync.refreshPending();
      return { configured: true, ...deps.sync.status() };
    },

    'sync.endOfDay': async (_args, ctx) => {
      const actor = actorOf(ctx);
      if (!deps.sync) throw apiError('UNAVAILABLE', 'sync.notConfigured');
      try {
        return await deps.sync.endOfDay(actor);
      } catch (e) {
        if (e instanceof SyncBusyError) throw apiError('CONFLICT', 'sync.alreadyRunning');
        throw e;
      }
    },

    'sync.reports': async ({ limit }) => {
      const page = await deps.pouch.allDocs({ startkey: 'sync-report:\uffff', endkey: 'sync-report:', descending: true, limit, include_docs: true });
      return page.rows.map((row) => {
        const r = row.doc as unknown as SyncReportDoc;
        return {
          id: r._id, startedAt: r.startedAt, finishedAt: r.finishedAt, status: r.status, runByName: r.runByName, device: r.device,
          up: r.up.docs, down: r.down.docs, conflictsCreated: r.conflictsCreated.length,
        };
      });
    },

    'sync.report': async ({ id }) => {
      const report = toReport(await loadReport(id));
      return { report, csv: reportCsv(report) };
    },

    'conflicts.list': async () => listConflictViews(deps.pouch),

    'conflicts.resolve': async (args, ctx) => resolveConflict(deps, args, actorOf(ctx), ctx.now),
  };
}
