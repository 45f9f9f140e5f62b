import { z } from 'zod';
import { method } from '../api/method';
import type { OneShotProgress } from './one-shot';
import type { SyncReport } from './report';
import type { SyncStatusView } from './sync-service';

export type { SyncReport } from './report';
export type { SyncStatusView } from './sync-service';

/** Pushed while an end-of-day sync runs; `done`/`total` are changes scanned (for the bar), the rest are counts. */
export interface SyncProgressEvent extends OneShotProgress {
  runId: string;
  status: 'running' | 'complete' | 'failed';
}

export interface SyncStatusResult extends Partial<SyncStatusView> {
  /** False when this device has no head-office connection configured (nothing syncs). */
  configured: boolean;
  state: SyncStatusView['state'];
  pending: number;
  lastSyncAt: string | null;
}

export interface SyncReportSummary {
  id: string;
  startedAt: string;
  finishedAt: string;
  status: SyncReport['status'];
  runByName: string;
  device: string;
  up: number;
  down: number;
  conflictsCreated: number;
}

export interface ConflictRevision {
  rev: string;
  deleted: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  fields: Record<string, unknown>;
}

export interface ConflictView {
  id: string;
  type: string;
  /** CouchDB's deterministic winner, shown on every device the same. */
  winner: ConflictRevision;
  losers: ConflictRevision[];
  /** Fields whose values differ between the revisions, in display order. */
  differing: string[];
}

const rev = z.string().regex(/^\d+-[0-9a-f]{1,64}$/, 'rev');
const docId = z.string().min(1).max(250).refine((id) => !id.startsWith('_'), 'id');
const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'field');

export const syncContract = {
  'sync.status': method<SyncStatusResult>()(z.object({}), 'authenticated'),
  'sync.endOfDay': method<SyncReport>()(z.object({}), 'sync.run'),
  'sync.reports': method<SyncReportSummary[]>()(z.object({ limit: z.number().int().min(1).max(200).default(30) }), 'sync.run'),
  'sync.report': method<{ report: SyncReport; csv: string }>()(
    z.object({ id: z.string().regex(/^sync-report:[0-9A-Z]{26}$/, 'reportId') }),
    'sync.run',
  ),
  'conflicts.list': method<ConflictView[]>()(z.object({}), 'conflict.resolve'),
  'conflicts.resolve': method<{ id: string; rev: string }>()(
    z.object({
      id: docId,
      /** Every revision the branch head compared (winner first); a newer state makes the call fail with CONFLICT. */
      revs: z.array(rev).min(2).max(20),
      choice: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('pick'), rev }),
        /** field → the revision whose value to keep; fields not named keep the winner's value. */
        z.object({ kind: z.literal('merge'), fields: z.record(fieldName, rev) }),
      ]),
    }),
    'conflict.resolve',
  ),
};
